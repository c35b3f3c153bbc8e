//! A provider's availability rules: working hours per weekday (a day without hours is a
//! day off), blocked ranges of days (holidays), the minimum notice and the horizon of a
//! booking, the grid of session starts, and how long an on-request booking holds its
//! time. They are kept on the provider's profile item (attribute `calendar`), so that a
//! month of availability reads them with the services in one GetItem.

use super::day::Day;
use crate::dates;
use crate::error::Error;
use crate::ports::Item;
use crate::validate;
use jiff::civil::{Date, Time};
use serde::{Deserialize, Serialize};

/// Blocked ranges a provider may keep.
pub const MAX_BLOCKED: usize = 100;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    /// Working hours of each weekday, Monday first; `None`: a day off.
    pub week: [Option<Hours>; 7],
    /// Days off beyond the week's (holidays), each range inclusive.
    #[serde(default)]
    pub blocked: Vec<Blocked>,
    /// A booking starts at least this many days after today.
    pub notice_days: u32,
    /// A booking starts at most this many days after today.
    pub horizon_days: u32,
    /// Session starts fall every this many minutes from the day's first hour.
    pub step_minutes: u32,
    /// How long an on-request booking holds its time before it frees it by itself.
    pub hold_hours: u32,
}

/// Working hours of a day, `HH:MM` on quarters of an hour.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hours {
    pub start: String,
    pub end: String,
}

/// Days off from `from` to `to` (`YYYY-MM-DD`, inclusive).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Blocked {
    pub from: String,
    pub to: String,
    #[serde(default)]
    pub note: String,
}

impl Default for Rules {
    /// Monday to Saturday, 09:00 to 19:00; two days' notice, a year ahead; sessions every
    /// 30 minutes; holds of 48 hours.
    fn default() -> Self {
        let day = || {
            Some(Hours {
                start: "09:00".into(),
                end: "19:00".into(),
            })
        };
        Rules {
            week: [day(), day(), day(), day(), day(), day(), None],
            blocked: Vec::new(),
            notice_days: 2,
            horizon_days: 365,
            step_minutes: 30,
            hold_hours: 48,
        }
    }
}

/// Why a day cannot be booked: each has its code.
pub fn closed(code: &'static str, message: impl Into<String>) -> Error {
    Error::invalid(code, message)
}

impl Rules {
    /// The rules on a provider's profile item (the defaults when it has none).
    pub fn of_profile(item: &Item) -> Result<Self, Error> {
        match item.get("calendar") {
            Some(value) => serde_json::from_value(value.clone()).map_err(Error::internal),
            None => Ok(Rules::default()),
        }
    }

    /// Checks every field; blocked ranges are trimmed of their notes' spaces.
    pub fn validated(mut self) -> Result<Self, Error> {
        for hours in self.week.iter().flatten() {
            let start = quarter("week.start", &hours.start)?;
            let end = quarter("week.end", &hours.end)?;
            if start >= end {
                return Err(Error::invalid_field(
                    "week",
                    "a day's hours end after they start",
                ));
            }
        }
        validate::count("blocked", &self.blocked, MAX_BLOCKED)?;
        for range in &mut self.blocked {
            let from = dates::date("blocked.from", &range.from)?;
            let to = dates::date("blocked.to", &range.to)?;
            if to < from {
                return Err(Error::invalid_field(
                    "blocked",
                    "a range ends on or after its first day",
                ));
            }
            range.note = validate::line("blocked.note", &range.note, 0, 200)?;
        }
        if self.notice_days > 365 {
            return Err(Error::invalid_field("notice_days", "0 to 365"));
        }
        if !(1..=730).contains(&self.horizon_days) || self.horizon_days <= self.notice_days {
            return Err(Error::invalid_field(
                "horizon_days",
                "1 to 730, beyond the notice",
            ));
        }
        if ![15, 30, 60].contains(&self.step_minutes) {
            return Err(Error::invalid_field("step_minutes", "15, 30 or 60"));
        }
        if !(1..=168).contains(&self.hold_hours) {
            return Err(Error::invalid_field("hold_hours", "1 to 168"));
        }
        Ok(self)
    }

    /// The working hours of `date`, if it can be booked at all from `today`: refused with
    /// `date_past`, `too_soon`, `beyond_horizon`, `day_off` or `day_blocked`.
    pub fn open(&self, date: Date, today: Date) -> Result<&Hours, Error> {
        if date < today {
            return Err(closed("date_past", format!("{date} is past")));
        }
        if date < dates::add_days(today, i64::from(self.notice_days)) {
            return Err(closed(
                "too_soon",
                format!("book at least {} days ahead", self.notice_days),
            ));
        }
        if date > dates::add_days(today, i64::from(self.horizon_days)) {
            return Err(closed(
                "beyond_horizon",
                format!("book at most {} days ahead", self.horizon_days),
            ));
        }
        self.works_on(date)
    }

    /// The working hours of `date`, whatever its distance from today: refused with
    /// `day_off` or `day_blocked`.
    pub fn works_on(&self, date: Date) -> Result<&Hours, Error> {
        let weekday = date.weekday().to_monday_zero_offset() as usize;
        let hours = self.week[weekday]
            .as_ref()
            .ok_or_else(|| closed("day_off", format!("the provider does not work on {date}")))?;
        let day = date.to_string();
        if self
            .blocked
            .iter()
            .any(|b| b.from.as_str() <= day.as_str() && day.as_str() <= b.to.as_str())
        {
            return Err(closed(
                "day_blocked",
                format!("the provider is not available on {date}"),
            ));
        }
        Ok(hours)
    }

    /// The session starts of a day with `hours`, as elapsed minutes, for a session of
    /// `minutes`: every `step_minutes` from the first hour, ending by the last.
    pub fn starts(&self, day: &Day, hours: &Hours, minutes: i64) -> Vec<i64> {
        let (Ok(first), Ok(last)) = (wall(&hours.start), wall(&hours.end)) else {
            return Vec::new();
        };
        let step = i64::from(self.step_minutes);
        let (Ok(open), Ok(close)) = (day.at(first), day.at(last)) else {
            return Vec::new();
        };
        (0..)
            .map(|i| open + i * step)
            .take_while(|start| start + minutes <= close)
            .filter(|start| on_grid(day, *start, first, step))
            .collect()
    }
}

/// Whether the session start at `minute` elapsed is on the wall-clock grid (its time is
/// the first hour plus a whole number of steps): in the hour the clocks skip or repeat,
/// elapsed and wall-clock minutes part.
fn on_grid(day: &Day, minute: i64, first: Time, step: i64) -> bool {
    let Ok(time) = wall(&day.wall(minute)) else {
        return false;
    };
    let from_first = minutes_of(time) - minutes_of(first);
    from_first >= 0 && from_first % step == 0 && day.at(time) == Ok(minute)
}

fn minutes_of(time: Time) -> i64 {
    i64::from(time.hour()) * 60 + i64::from(time.minute())
}

/// A `HH:MM` time.
pub fn wall(value: &str) -> Result<Time, Error> {
    dates::time("start", value)
}

/// A `HH:MM` time on a quarter of an hour.
fn quarter(field: &str, value: &str) -> Result<Time, Error> {
    let time = dates::time(field, value)?;
    if time.minute() % 15 != 0 {
        return Err(Error::invalid_field(field, "on a quarter of an hour"));
    }
    Ok(time)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn a_day_is_open_within_notice_horizon_week_and_blocked_ranges() {
        let mut rules = Rules::default();
        rules.blocked.push(Blocked {
            from: "2026-08-01".into(),
            to: "2026-08-15".into(),
            note: "congés".into(),
        });
        let today = date(2026, 7, 1);
        let code = |d| rules.open(d, today).unwrap_err().code;
        assert_eq!(code(date(2026, 6, 30)), "date_past");
        assert_eq!(code(date(2026, 7, 2)), "too_soon");
        assert_eq!(code(date(2027, 7, 2)), "beyond_horizon");
        assert_eq!(code(date(2026, 7, 5)), "day_off", "a Sunday");
        assert_eq!(code(date(2026, 8, 10)), "day_blocked");
        assert_eq!(rules.open(date(2026, 7, 3), today).unwrap().start, "09:00");
    }

    #[test]
    fn starts_fall_on_the_grid_inside_the_hours() {
        let rules = Rules::default();
        let hours = rules.week[0].clone().unwrap();
        let day = Day::of(date(2026, 7, 6));
        let starts = rules.starts(&day, &hours, 60);
        assert_eq!(starts.first(), Some(&540));
        assert_eq!(starts.last(), Some(&1080), "18:00, ending at 19:00");
        assert_eq!(starts.len(), 19);
        // On the night the clocks go back, a grid from 01:00 every hour starts at 01:00,
        // 02:00 (the first), 03:00: the second 02:00 is not a new start.
        let night = Hours {
            start: "01:00".into(),
            end: "04:00".into(),
        };
        let mut hourly = rules.clone();
        hourly.step_minutes = 60;
        let autumn = Day::of(date(2026, 10, 25));
        let walls: Vec<_> = hourly
            .starts(&autumn, &night, 60)
            .iter()
            .map(|m| autumn.wall(*m))
            .collect();
        assert_eq!(walls, ["01:00", "02:00", "03:00"]);
    }

    #[test]
    fn rules_are_checked() {
        let mut rules = Rules::default();
        rules.week[0] = Some(Hours {
            start: "10:00".into(),
            end: "09:00".into(),
        });
        assert_eq!(rules.validated().unwrap_err().code, "invalid_field");
        let rules = Rules {
            step_minutes: 20,
            ..Default::default()
        };
        assert!(rules.validated().is_err());
        assert!(Rules::default().validated().is_ok());
    }
}
