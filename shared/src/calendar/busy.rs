//! Busy times read from an iCalendar file (RFC 5545): another calendar of a provider
//! (Google, Apple, Outlook) that its secret address serves. The file is parsed by the
//! `icalendar` crate, recurrences are expanded by `rrule`, and time zones come from
//! `chrono-tz` (the IANA database).
//!
//! Each event that takes time (not `TRANSP:TRANSPARENT`, not `STATUS:CANCELLED`) becomes
//! busy days or times of French days within a window: an all-day event takes its days
//! (`DTEND` exclusive), a timed one the minutes it covers of each day it touches. A
//! recurring event is expanded within the window, at most [`MAX_OCCURRENCES`] times, with
//! its `EXDATE`s removed. A time with no zone is a time in France. An event this code
//! cannot read (an unknown time zone, a broken date, a time the clocks skip) is skipped and
//! counted: it never stops the rest of the file.

use super::day::Day;
use crate::dates::FRANCE;
use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone};
use icalendar::parser::{self, Component, Property};
use jiff::civil::Date;
use std::collections::BTreeMap;
use std::str::FromStr;

/// Largest file read, in bytes.
pub const MAX_BYTES: usize = 2 * 1024 * 1024;
/// Occurrences of one recurring event expanded at most.
pub const MAX_OCCURRENCES: u16 = 1000;
/// Events read at most.
pub const MAX_EVENTS: usize = 20_000;

/// What a file says of a window of days.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Busy {
    /// Days taken whole (`YYYY-MM-DD`).
    pub days: Vec<String>,
    /// Busy minutes of other days: (day, first minute, end minute), elapsed since the day's
    /// midnight in France.
    pub times: Vec<(String, i64, i64)>,
    /// Events skipped, with why (the first few).
    pub skipped: Vec<String>,
    pub skipped_count: usize,
}

/// Why a whole file cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable(pub String);

/// The busy days and times of the file `text` from `from` to `to` (both included).
pub fn read(text: &str, from: Date, to: Date) -> Result<Busy, Unreadable> {
    if text.len() > MAX_BYTES {
        return Err(Unreadable(format!(
            "larger than {} MB",
            MAX_BYTES / 1024 / 1024
        )));
    }
    let unfolded = parser::unfold(text);
    let calendar = parser::read_calendar(&unfolded)
        .map_err(|e| Unreadable(format!("not an iCalendar file: {}", first_line(&e))))?;
    let events: Vec<&Component> = calendar
        .components
        .iter()
        .filter(|c| c.name.as_str() == "VEVENT")
        .collect();
    if events.len() > MAX_EVENTS {
        return Err(Unreadable(format!("more than {MAX_EVENTS} events")));
    }
    let window = (start_of(from), start_of(jiff_next(to)));
    let mut whole: BTreeMap<String, ()> = BTreeMap::new();
    let mut times: BTreeMap<String, Vec<(i64, i64)>> = BTreeMap::new();
    let mut busy = Busy::default();
    for event in events {
        if value(event, "TRANSP") == Some("TRANSPARENT")
            || value(event, "STATUS") == Some("CANCELLED")
        {
            continue;
        }
        match occurrences(event, window) {
            Ok(Span::Days(days)) => {
                for day in days {
                    if (from..=to).contains(&day) {
                        whole.insert(day.to_string(), ());
                    }
                }
            }
            Ok(Span::Times(spans)) => {
                for (start, end) in spans {
                    for (day, first, last) in split(start, end, from, to) {
                        times.entry(day).or_default().push((first, last));
                    }
                }
            }
            Err(why) => {
                busy.skipped_count += 1;
                if busy.skipped.len() < 5 {
                    busy.skipped.push(why);
                }
            }
        }
    }
    for (day, spans) in times {
        let length = day.parse().map(|d| Day::of(d).minutes).unwrap_or(1440);
        if whole.contains_key(&day) {
            continue;
        }
        if spans.iter().any(|(a, b)| *a <= 0 && *b >= length) {
            whole.insert(day, ());
            continue;
        }
        busy.times
            .extend(spans.into_iter().map(|(a, b)| (day.clone(), a, b)));
    }
    busy.days = whole.into_keys().collect();
    Ok(busy)
}

enum Span {
    Days(Vec<Date>),
    Times(Vec<(i64, i64)>),
}

fn value<'a>(component: &'a Component, name: &str) -> Option<&'a str> {
    property(component, name).map(|p| p.val.as_str())
}

fn property<'a>(component: &'a Component, name: &str) -> Option<&'a Property<'a>> {
    component
        .properties
        .iter()
        .find(|p| p.name.as_str() == name)
}

fn param<'a>(property: &'a Property, name: &str) -> Option<&'a str> {
    property
        .params
        .iter()
        .find(|p| p.key.as_str() == name)
        .and_then(|p| p.val.as_ref())
        .map(|v| v.as_str())
}

/// An event's occurrences that may touch the window (epoch seconds).
fn occurrences(event: &Component, window: (i64, i64)) -> Result<Span, String> {
    let start = property(event, "DTSTART").ok_or("an event with no DTSTART")?;
    let all_day = param(start, "VALUE") == Some("DATE") || start.val.as_str().len() == 8;
    let rules: Vec<&str> = event
        .properties
        .iter()
        .filter(|p| p.name.as_str() == "RRULE")
        .map(|p| p.val.as_str())
        .collect();
    if rules
        .iter()
        .any(|r| r.contains("FREQ=SECONDLY") || r.contains("FREQ=MINUTELY"))
    {
        // Expanding them from a start long ago would not end in time.
        return Err("a recurrence finer than hourly".into());
    }
    if all_day {
        let first = date(start.val.as_str())?;
        let days = match property(event, "DTEND") {
            Some(end) => (date(end.val.as_str())? - first).num_days().max(1),
            None => 1,
        };
        let starts = if rules.is_empty() {
            vec![first]
        } else {
            let exdates: Vec<String> = event
                .properties
                .iter()
                .filter(|p| p.name.as_str() == "EXDATE")
                .flat_map(|p| p.val.as_str().split(','))
                .map(|d| format!("EXDATE:{}T000000Z", &d[..d.len().min(8)]))
                .collect();
            let dtstart = format!("DTSTART:{}T000000Z", first.format("%Y%m%d"));
            expand(
                &dtstart,
                &rules,
                &exdates,
                (window.0 - 86_400 * days, window.1),
            )?
            .into_iter()
            .map(|t| t.date_naive())
            .collect()
        };
        let mut out = Vec::new();
        for start in starts {
            for i in 0..days.min(366) {
                if let Some(day) = start.checked_add_days(chrono::Days::new(i as u64)) {
                    out.push(civil(day)?);
                }
            }
        }
        return Ok(Span::Days(out));
    }
    let begin = instant(start)?;
    let length = match (property(event, "DTEND"), property(event, "DURATION")) {
        (Some(end), _) => instant(end)? - begin,
        (None, Some(duration)) => {
            let duration = iso8601::duration(duration.val.as_str())
                .map_err(|_| format!("a broken DURATION {}", duration.val.as_str()))?;
            std::time::Duration::from(duration).as_secs() as i64
        }
        (None, None) => 0,
    };
    if length <= 0 {
        return Ok(Span::Times(Vec::new()));
    }
    if rules.is_empty() {
        return Ok(Span::Times(vec![(begin, begin + length)]));
    }
    let zone = param(start, "TZID").unwrap_or("Europe/Paris");
    let dtstart = match start.val.as_str().ends_with('Z') {
        true => format!("DTSTART:{}", start.val.as_str()),
        false => format!("DTSTART;TZID={zone}:{}", start.val.as_str()),
    };
    let exdates: Vec<String> = event
        .properties
        .iter()
        .filter(|p| p.name.as_str() == "EXDATE")
        .map(
            |p| match (p.val.as_str().ends_with('Z'), param(p, "TZID")) {
                (true, _) => format!("EXDATE:{}", p.val.as_str()),
                (false, tz) => format!("EXDATE;TZID={}:{}", tz.unwrap_or(zone), p.val.as_str()),
            },
        )
        .collect();
    let spans = expand(&dtstart, &rules, &exdates, (window.0 - length, window.1))?
        .into_iter()
        .map(|t| (t.timestamp(), t.timestamp() + length))
        .collect();
    Ok(Span::Times(spans))
}

/// The occurrences between two instants (epoch seconds) of the recurrence set of a
/// `DTSTART` line, `RRULE` values and `EXDATE` lines.
fn expand(
    dtstart: &str,
    rules: &[&str],
    exdates: &[String],
    (after, before): (i64, i64),
) -> Result<Vec<DateTime<rrule::Tz>>, String> {
    let rules: Vec<String> = rules.iter().map(|r| format!("RRULE:{r}")).collect();
    let set = format!("{dtstart}\n{}\n{}", rules.join("\n"), exdates.join("\n"));
    let set = rrule::RRuleSet::from_str(set.trim())
        .map_err(|e| format!("a recurrence it cannot read: {e}"))?;
    let utc = |s: i64| rrule::Tz::UTC.timestamp_opt(s, 0).single();
    let (Some(after), Some(before)) = (utc(after), utc(before)) else {
        return Ok(Vec::new());
    };
    Ok(set.after(after).before(before).all(MAX_OCCURRENCES).dates)
}

/// A `DATE-TIME` value: UTC (`Z`), in its `TZID`, or (floating) in France.
fn instant(property: &Property) -> Result<i64, String> {
    let text = property.val.as_str();
    let broken = || format!("a broken date-time {text}");
    let naive = NaiveDateTime::parse_from_str(text.trim_end_matches('Z'), "%Y%m%dT%H%M%S")
        .map_err(|_| broken())?;
    if text.ends_with('Z') {
        return Ok(naive.and_utc().timestamp());
    }
    let zone = match param(property, "TZID") {
        Some(id) => {
            chrono_tz::Tz::from_str(id).map_err(|_| format!("an unknown time zone {id}"))?
        }
        None => chrono_tz::Europe::Paris,
    };
    zone.from_local_datetime(&naive)
        .earliest()
        .map(|t| t.timestamp())
        .ok_or_else(|| format!("{text} does not exist in {}", zone.name()))
}

fn date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(&text[..text.len().min(8)], "%Y%m%d")
        .map_err(|_| format!("a broken date {text}"))
}

fn civil(day: NaiveDate) -> Result<Date, String> {
    day.format("%Y-%m-%d")
        .to_string()
        .parse()
        .map_err(|_| format!("a day out of range {day}"))
}

/// A French day's midnight (epoch seconds).
fn start_of(day: Date) -> i64 {
    Day::of(day).midnight
}

fn jiff_next(day: Date) -> Date {
    day.tomorrow().unwrap_or(day)
}

/// The parts of `start..end` (epoch seconds) in each French day from `from` to `to`:
/// (day, first minute, end minute), in elapsed minutes since the day's midnight.
fn split(start: i64, end: i64, from: Date, to: Date) -> Vec<(String, i64, i64)> {
    let Ok(first) = jiff::Timestamp::from_second(start) else {
        return Vec::new();
    };
    let mut day = first.to_zoned(FRANCE.clone()).date().max(from);
    let mut out = Vec::new();
    while day <= to {
        let d = Day::of(day);
        if d.midnight >= end {
            break;
        }
        let a = (start.max(d.midnight) - d.midnight) / 60;
        let b = ((end.min(d.instant(d.minutes)) - d.midnight) + 59) / 60;
        if b > a {
            out.push((day.to_string(), a, b));
        }
        day = jiff_next(day);
    }
    out
}

fn first_line(text: &str) -> String {
    text.lines()
        .next()
        .unwrap_or_default()
        .chars()
        .take(200)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn ics(events: &str) -> String {
        format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//FR\r\n{events}END:VCALENDAR\r\n")
    }

    #[test]
    fn all_day_timed_and_zoned_events_become_busy_days_and_times() {
        let text = ics(concat!(
            "BEGIN:VEVENT\r\nUID:a\r\nDTSTART;VALUE=DATE:20270302\r\nDTEND;VALUE=DATE:20270304\r\nSUMMARY:Salon\r\nEND:VEVENT\r\n",
            "BEGIN:VEVENT\r\nUID:b\r\nDTSTART:20270310T090000Z\r\nDTEND:20270310T103000Z\r\nEND:VEVENT\r\n",
            "BEGIN:VEVENT\r\nUID:c\r\nDTSTART;TZID=America/New_York:20270311T080000\r\nDURATION:PT1H\r\nEND:VEVENT\r\n",
            "BEGIN:VEVENT\r\nUID:d\r\nDTSTART:20270312T140000\r\nDTEND:20270312T150000\r\nTRANSP:TRANSPARENT\r\nEND:VEVENT\r\n",
            "BEGIN:VEVENT\r\nUID:e\r\nDTSTART;TZID=Mars/Olympus:20270313T080000\r\nDURATION:PT1H\r\nEND:VEVENT\r\n",
        ));
        let busy = read(&text, date(2027, 3, 1), date(2027, 3, 31)).unwrap();
        assert_eq!(
            busy.days,
            ["2027-03-02", "2027-03-03"],
            "DTEND is exclusive"
        );
        assert_eq!(
            busy.times,
            [
                // 09:00Z is 10:00 in Paris in winter.
                ("2027-03-10".to_owned(), 600, 690),
                // 08:00 in New York (EST) is 13:00Z, 14:00 in Paris.
                ("2027-03-11".to_owned(), 840, 900),
            ]
        );
        assert_eq!(busy.skipped_count, 1);
        assert!(
            busy.skipped[0].contains("Mars/Olympus"),
            "{:?}",
            busy.skipped
        );
    }

    #[test]
    fn recurrences_are_expanded_in_the_window_without_their_exdates() {
        let text = ics(concat!(
            "BEGIN:VEVENT\r\nUID:r\r\nDTSTART;TZID=Europe/Paris:20270101T180000\r\nDTEND;TZID=Europe/Paris:20270101T200000\r\n",
            "RRULE:FREQ=WEEKLY;BYDAY=FR\r\nEXDATE;TZID=Europe/Paris:20270108T180000\r\nEND:VEVENT\r\n",
            "BEGIN:VEVENT\r\nUID:y\r\nDTSTART;VALUE=DATE:20200105\r\nRRULE:FREQ=YEARLY\r\nEND:VEVENT\r\n",
            "BEGIN:VEVENT\r\nUID:forever\r\nDTSTART:20260101T070000Z\r\nDTEND:20260101T071500Z\r\nRRULE:FREQ=HOURLY\r\nEND:VEVENT\r\n",
        ));
        let busy = read(&text, date(2027, 1, 1), date(2027, 1, 20)).unwrap();
        assert_eq!(busy.days, ["2027-01-05"], "yearly, from 2020");
        let fridays: Vec<_> = busy
            .times
            .iter()
            .filter(|(_, a, b)| (*a, *b) == (1080, 1200))
            .map(|(d, _, _)| d.as_str())
            .collect();
        assert_eq!(
            fridays,
            ["2027-01-01", "2027-01-15"],
            "the 8th is an EXDATE"
        );
        // The endless hourly one, from a year before, stops at the occurrence limit.
        let quarters = busy.times.iter().filter(|(_, a, b)| b - a == 15).count();
        assert!(
            quarters > 0 && quarters <= MAX_OCCURRENCES as usize,
            "{quarters}"
        );
    }

    #[test]
    fn hostile_files_are_refused_or_skipped_never_a_crash() {
        let (from, to) = (date(2027, 1, 1), date(2027, 12, 31));
        assert!(read("not a calendar", from, to).is_err());
        assert!(read(&"X".repeat(MAX_BYTES + 1), from, to).is_err());
        let broken = ics(
            "BEGIN:VEVENT\r\nUID:x\r\nDTSTART:2027-01-01\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:y\r\nDTSTART:20270105T100000Z\r\nDTEND:20270105T110000Z\r\nRRULE:FREQ=NONSENSE\r\nEND:VEVENT\r\n",
        );
        let busy = read(&broken, from, to).unwrap();
        assert_eq!(
            (busy.days.len(), busy.times.len(), busy.skipped_count),
            (0, 0, 2)
        );
        // An endless rule from long ago costs a bounded time, whatever it finds.
        let ancient = ics(
            "BEGIN:VEVENT\r\nUID:s\r\nDTSTART:19000101T000000Z\r\nDTEND:19000101T000001Z\r\nRRULE:FREQ=SECONDLY\r\nEND:VEVENT\r\n",
        );
        let started = std::time::Instant::now();
        let _ = read(&ancient, from, to).unwrap();
        assert!(
            started.elapsed() < std::time::Duration::from_secs(5),
            "{:?}",
            started.elapsed()
        );
        // A night across midnight touches two days; the hour the clocks skip does not exist.
        let night = ics(
            "BEGIN:VEVENT\r\nUID:n\r\nDTSTART:20270327T220000\r\nDTEND:20270328T040000\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:g\r\nDTSTART:20270328T023000\r\nDTEND:20270328T033000\r\nEND:VEVENT\r\n",
        );
        let busy = read(&night, from, to).unwrap();
        assert_eq!(
            busy.times,
            [
                ("2027-03-27".to_owned(), 1320, 1440),
                ("2027-03-28".to_owned(), 0, 180)
            ]
        );
        assert_eq!(busy.skipped_count, 1);
    }
}
