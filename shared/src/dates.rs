//! Civil dates and times, read strictly (`YYYY-MM-DD`, `HH:MM`) and compared with the
//! app's clock in France's time zone: an event's date and a booking's day are days in
//! France, and "today" is today in Paris (`jiff`, with Europe/Paris compiled in).

use crate::error::Error;
use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;
use jiff::{Span, Timestamp};

pub static FRANCE: TimeZone = jiff::tz::get!("Europe/Paris");

/// How far ahead an event (or a quote's validity) may be.
pub const MAX_YEARS_AHEAD: i64 = 5;

/// Whether `value` is `pattern` with each `9` a digit and every other byte as given.
fn shaped(value: &str, pattern: &str) -> bool {
    value.len() == pattern.len()
        && value.bytes().zip(pattern.bytes()).all(|(v, p)| match p {
            b'9' => v.is_ascii_digit(),
            _ => v == p,
        })
}

/// A calendar date written `YYYY-MM-DD`.
pub fn date(field: &str, value: &str) -> Result<Date, Error> {
    if !shaped(value, "9999-99-99") {
        return Err(Error::invalid_field(field, "a date written YYYY-MM-DD"));
    }
    value
        .parse::<Date>()
        .map_err(|_| Error::invalid_field(field, "no such day in the calendar"))
}

/// A time of day written `HH:MM` (24-hour clock).
pub fn time(field: &str, value: &str) -> Result<Time, Error> {
    let invalid = || Error::invalid_field(field, "a time written HH:MM, 00:00 to 23:59");
    if !shaped(value, "99:99") {
        return Err(invalid());
    }
    let hour = value[..2].parse().map_err(|_| invalid())?;
    let minute = value[3..].parse().map_err(|_| invalid())?;
    Time::new(hour, minute, 0, 0).map_err(|_| invalid())
}

/// Today in France, at `now` (epoch seconds).
pub fn today(now: i64) -> Date {
    Timestamp::from_second(now)
        .unwrap_or(Timestamp::UNIX_EPOCH)
        .to_zoned(FRANCE.clone())
        .date()
}

/// `days` days after `date`.
pub fn add_days(date: Date, days: i64) -> Date {
    date.checked_add(Span::new().days(days))
        .unwrap_or(Date::MAX)
}

/// A date from today (in France) up to [`MAX_YEARS_AHEAD`] years ahead.
pub fn upcoming(field: &str, value: &str, now: i64) -> Result<Date, Error> {
    let day = date(field, value)?;
    let today = today(now);
    if day < today {
        return Err(Error::invalid_field(field, "this day is past"));
    }
    if day > add_days(today, 366 * MAX_YEARS_AHEAD) {
        return Err(Error::invalid_field(
            field,
            format!("at most {MAX_YEARS_AHEAD} years ahead"),
        ));
    }
    Ok(day)
}

/// Whether the day `value` (`YYYY-MM-DD`) is over in France at `now`.
pub fn is_past(value: &str, now: i64) -> bool {
    value.parse::<Date>().is_ok_and(|day| day < today(now))
}

/// The first second after the day `value` (`YYYY-MM-DD`) in France, in epoch seconds:
/// something valid "until" that day stops being valid then.
pub fn end_of(value: &str) -> Result<i64, Error> {
    value
        .parse::<Date>()
        .and_then(Date::tomorrow)
        .and_then(|next| next.to_zoned(FRANCE.clone()))
        .map(|start| start.timestamp().as_second())
        .map_err(Error::internal)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Kind;

    #[test]
    fn dates_and_times_are_read_strictly() {
        assert_eq!(date("d", "2026-06-12").unwrap().to_string(), "2026-06-12");
        for bad in [
            "2026-6-12",
            "12/06/2026",
            "2026-06-12T10:00",
            " 2026-06-12",
            "2026-02-30",
        ] {
            assert_eq!(date("d", bad).unwrap_err().kind, Kind::Invalid, "{bad}");
        }
        assert_eq!(time("t", "09:05").unwrap().to_string(), "09:05:00");
        for bad in ["9:05", "24:00", "12:60", "12h30", "12:30:00"] {
            assert_eq!(time("t", bad).unwrap_err().kind, Kind::Invalid, "{bad}");
        }
    }

    #[test]
    fn days_are_days_in_france() {
        // 2026-06-11T22:30Z is already 00:30 on the 12th in Paris (summer time).
        let now = 1_781_217_000;
        assert_eq!(today(now).to_string(), "2026-06-12");
        assert!(is_past("2026-06-11", now));
        assert!(!is_past("2026-06-12", now));
        // The 12th ends at 22:00Z in summer, the 12th of January at 23:00Z.
        assert_eq!(end_of("2026-06-12").unwrap(), 1_781_301_600);
        assert_eq!(end_of("2026-01-12").unwrap(), 1_768_258_800);
    }
}
