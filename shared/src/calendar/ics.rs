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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::model::Side;

    fn booking(kind: BookingKind) -> Booking {
        Booking {
            id: "c1.2026-10-25.abc".into(),
            client_id: "c1".into(),
            provider_id: "p1".into(),
            client_name: "Camille".into(),
            provider_name: "Claire".into(),
            service: "Séance portrait".into(),
            price_cents: 35_000,
            kind,
            date: "2026-10-25".into(),
            start: Some("02:30".into()),
            end: Some("03:30".into()),
            // The first 02:30 of the night the clocks go back is 00:30 UTC.
            starts_at: 1_792_888_200,
            ends_at: 1_792_891_800,
            slots: Vec::new(),
            message: "Bonjour".into(),
            state: State::Cancelled,
            hold_until: None,
            created_at: 0,
            answered_at: None,
            cancelled_at: Some(1),
            cancelled_by: Some(Side::Client),
            reason: Some("Empêchement".into()),
            sequence: 3,
            project_id: None,
        }
    }

    #[test]
    fn a_session_is_two_utc_instants_and_a_whole_day_a_date_to_the_next() {
        let session = calendar(
            "Estrade",
            &[booking(BookingKind::Session {
                minutes: 60,
                buffer_minutes: 0,
            })],
            For::Provider,
            0,
        );
        assert!(session.contains("DTSTART:20261025T003000Z"), "{session}");
        assert!(session.contains("DTEND:20261025T013000Z"), "{session}");
        assert!(session.contains("STATUS:CANCELLED") && session.contains("SEQUENCE:3"));
        assert!(session.contains("SUMMARY:Séance portrait – Camille"));
        let day = calendar("Estrade", &[booking(BookingKind::WholeDay)], For::Client, 0);
        assert!(day.contains("DTSTART;VALUE=DATE:20261025"), "{day}");
        assert!(day.contains("DTEND;VALUE=DATE:20261026"), "{day}");
        assert!(day.contains("SUMMARY:Séance portrait – Claire"));
    }
}
