//! A day of a provider's calendar in France, measured in minutes elapsed since its
//! midnight: 1,440 on most days, 1,380 on the last Sunday of March and 1,500 on the last
//! Sunday of October. Slots are quarters of an hour of elapsed time, so the hour that
//! happens twice in October is two distinct hours, and the hour that never happens in
//! March holds no slot.

use crate::dates::FRANCE;
use crate::error::Error;
use jiff::civil::{Date, Time};
use jiff::tz::AmbiguousOffset;

/// A slot: a quarter of an hour.
pub const SLOT_MINUTES: i64 = 15;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Day {
    pub date: Date,
    /// Its midnight in France, in epoch seconds.
    pub midnight: i64,
    /// How many minutes it lasts.
    pub minutes: i64,
}

impl Day {
    pub fn of(date: Date) -> Self {
        let midnight = start(date);
        let next = date.tomorrow().map_or(midnight + 86_400, start);
        Day {
            date,
            midnight,
            minutes: (next - midnight) / 60,
        }
    }

    /// The minutes elapsed at the wall-clock `time` of this day. A time the clocks skip
    /// (02:30 on the last Sunday of March) is refused; a time that happens twice (02:30
    /// on the last Sunday of October) is its first occurrence, and what is stored (the
    /// elapsed minutes, the instant) is unambiguous.
    pub fn at(&self, time: Time) -> Result<i64, Error> {
        let ambiguous = FRANCE.to_ambiguous_timestamp(self.date.to_datetime(time));
        if let AmbiguousOffset::Gap { .. } = ambiguous.offset() {
            return Err(Error::invalid(
                "time_nonexistent",
                format!(
                    "{} does not exist on {} in France: the clocks skip that hour",
                    time.strftime("%H:%M"),
                    self.date
                ),
            ));
        }
        let instant = ambiguous.earlier().map_err(Error::internal)?;
        Ok((instant.as_second() - self.midnight) / 60)
    }

    /// The wall-clock time (`HH:MM`) at `minute` elapsed.
    pub fn wall(&self, minute: i64) -> String {
        jiff::Timestamp::from_second(self.midnight + minute * 60)
            .map(|t| t.to_zoned(FRANCE.clone()).strftime("%H:%M").to_string())
            .unwrap_or_default()
    }

    /// The instant (epoch seconds) at `minute` elapsed.
    pub fn instant(&self, minute: i64) -> i64 {
        self.midnight + minute * 60
    }
}

/// A day's midnight in France (it always exists: French clocks change at 02:00 and 03:00).
fn start(date: Date) -> i64 {
    date.to_zoned(FRANCE.clone())
        .map(|z| z.timestamp().as_second())
        .unwrap_or_default()
}

/// The slots (their start minute) that cover `from..to` elapsed minutes of a day of
/// `day_minutes`, clipped to the day.
pub fn slots(from: i64, to: i64, day_minutes: i64) -> Vec<i64> {
    let first = from.max(0).div_euclid(SLOT_MINUTES) * SLOT_MINUTES;
    let end = to.min(day_minutes);
    (0..)
        .map(|i| first + i * SLOT_MINUTES)
        .take_while(|m| *m < end)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::{date, time};

    #[test]
    fn days_when_the_clocks_change_last_23_and_25_hours() {
        assert_eq!(Day::of(date(2026, 3, 28)).minutes, 1440);
        assert_eq!(Day::of(date(2026, 3, 29)).minutes, 1380);
        assert_eq!(Day::of(date(2026, 10, 25)).minutes, 1500);
    }

    #[test]
    fn a_skipped_time_is_refused_and_a_repeated_one_is_its_first() {
        let spring = Day::of(date(2026, 3, 29));
        assert_eq!(spring.at(time(1, 30, 0, 0)).unwrap(), 90);
        assert_eq!(
            spring.at(time(2, 30, 0, 0)).unwrap_err().code,
            "time_nonexistent"
        );
        // 03:00 comes one hour after 02:00 would have: 120 minutes after midnight.
        assert_eq!(spring.at(time(3, 0, 0, 0)).unwrap(), 120);
        assert_eq!(spring.wall(120), "03:00");

        let autumn = Day::of(date(2026, 10, 25));
        assert_eq!(autumn.at(time(2, 30, 0, 0)).unwrap(), 150);
        // The second 02:30 is an hour later, and 10:00 is 11 hours after midnight.
        assert_eq!(autumn.wall(210), "02:30");
        assert_eq!(autumn.at(time(10, 0, 0, 0)).unwrap(), 660);
        assert_eq!(
            autumn.instant(150) + 3600,
            autumn.instant(210),
            "two distinct instants"
        );
    }

    #[test]
    fn slots_cover_a_range_in_quarters_of_an_hour() {
        assert_eq!(slots(600, 690, 1440), [600, 615, 630, 645, 660, 675]);
        assert_eq!(slots(1410, 1500, 1440), [1410, 1425]);
        assert_eq!(slots(605, 610, 1440), [600]);
    }
}
