//! Bookings as iCalendar (RFC 5545), written with the `icalendar` crate: one `VEVENT` per
//! booking, whose `UID` is stable (the booking's id), whose `SEQUENCE` rises with each
//! change, and whose `STATUS` follows the booking (a hold is `TENTATIVE`; a declined,
//! cancelled or run-out one is `CANCELLED`). A whole day is a date from its day to the
//! next (`DTEND` is exclusive); a session runs between two UTC instants, so no time zone
//! table is needed.

use super::model::{Booking, State};
use crate::profiles::model::BookingKind;
use chrono::{DateTime, NaiveDate, Utc};
use icalendar::{Calendar, Component, Event, EventLike, EventStatus};

/// Whose calendar it is: the summary names the other side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum For {
    Client,
    Provider,
}

/// The event of one booking, as it reads at `now`.
pub fn event(booking: &Booking, side: For, now: i64) -> Event {
    let other = match side {
        For::Client => &booking.provider_name,
        For::Provider => &booking.client_name,
    };
    let mut event = Event::new();
    event
        .uid(&format!("{}@estrade", booking.id))
        .summary(&format!("{} – {other}", booking.service))
        .description(&booking.message)
        .sequence(u32::try_from(booking.sequence).unwrap_or_default())
        .timestamp(instant(now))
        .status(match booking.shown_state(now) {
            State::Held => EventStatus::Tentative,
            State::Confirmed => EventStatus::Confirmed,
            State::Declined | State::Cancelled | State::Expired => EventStatus::Cancelled,
        });
    match (booking.kind, booking.date.parse::<NaiveDate>()) {
        (BookingKind::WholeDay, Ok(day)) => {
            event.starts(day).ends(day.succ_opt().unwrap_or(day));
        }
        _ => {
            event
                .starts(instant(booking.starts_at))
                .ends(instant(booking.ends_at));
        }
    }
    event.done()
}

/// A calendar of `bookings` named `name`.
pub fn calendar(name: &str, bookings: &[Booking], side: For, now: i64) -> String {
    let mut calendar = Calendar::new();
    calendar.name(name);
    for booking in bookings {
        calendar.push(event(booking, side, now));
    }
    calendar.done().to_string()
}

fn instant(seconds: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(seconds, 0).unwrap_or_default()
}
