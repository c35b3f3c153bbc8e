//! A project as an iCalendar event (RFC 5545), attached to the email that opens it.
//!
//! A project opened from a calendar booking keeps the booking's `UID`, so a calendar that
//! also reads the provider's feed shows one event, not two.

use super::model::{Actor, Origin, Project};
use super::status::Status;
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use icalendar::{Calendar, CalendarDateTime, Component, Event, EventLike, EventStatus};

/// The `.ics` of `project` for `side`, stamped `now`.
pub fn calendar(project: &Project, side: Actor, now: i64) -> String {
    let other = match side {
        Actor::Client => &project.provider_name,
        _ => &project.client_name,
    };
    let uid = match &project.origin {
        Origin::Booking { booking_id } => format!("{booking_id}@estrade"),
        Origin::Request { .. } => format!("{}@estrade", project.id),
    };
    let mut event = Event::new();
    event
        .uid(&uid)
        .summary(&format!("{} – {other}", project.title))
        .timestamp(chrono::DateTime::from_timestamp(now, 0).unwrap_or_default())
        .status(if project.status == Status::Cancelled {
            EventStatus::Cancelled
        } else {
            EventStatus::Confirmed
        });
    if let Some(place) = &project.place {
        event.location(place);
    }
    let day = project.date.parse::<NaiveDate>().unwrap_or_default();
    let at = |time: &str| {
        NaiveTime::parse_from_str(time, "%H:%M")
            .ok()
            .map(|t| CalendarDateTime::WithTimezone {
                date_time: NaiveDateTime::new(day, t),
                tzid: "Europe/Paris".into(),
            })
    };
    match (
        project.start.as_deref().and_then(at),
        project.end.as_deref().and_then(at),
    ) {
        (Some(start), Some(end)) => {
            event.starts(start).ends(end);
        }
        (Some(start), None) => {
            event.starts(start);
        }
        _ => {
            event.starts(day).ends(day.succ_opt().unwrap_or(day));
        }
    }
    let mut calendar = Calendar::new();
    calendar.name("Estrade");
    calendar.push(event.done());
    calendar.done().to_string()
}
