//! A project opens with the booking it follows, in the same transaction (so a confirmed
//! booking never lacks its project, and a project never outlives a booking that failed):
//! when the provider confirms a calendar booking, when a client books an instant service,
//! and when a client books an event's request. Both sides are then told, live and by
//! email, by the notifier (`crate::notifier::project`).

use super::model::{Origin, Project};
use super::status::Status;
use crate::auth::secrets;
use crate::calendar::model::Booking;
use crate::events::model::{Event, Request};
use crate::keys;

/// The project of a calendar booking confirmed at `now`.
pub fn from_booking(booking: &Booking, now: i64) -> Project {
    Project {
        id: secrets::new_id(),
        client_id: booking.client_id.clone(),
        provider_id: booking.provider_id.clone(),
        client_name: booking.client_name.clone(),
        provider_name: booking.provider_name.clone(),
        title: booking.service.clone(),
        event_name: None,
        date: booking.date.clone(),
        start: booking.start.clone(),
        end: booking.end.clone(),
        place: None,
        price_cents: Some(booking.price_cents),
        origin: Origin::Booking {
            booking_id: booking.id.clone(),
        },
        conversation_id: keys::conversation_id(&booking.client_id, &booking.provider_id),
        status: Status::Confirmed,
        version: 1,
        last_actor: super::model::Actor::Provider,
        awaiting_signature: None,
        created_at: now,
        updated_at: now,
    }
}

/// The project of an event's request booked at `now`.
pub fn from_request(event: &Event, request: &Request, now: i64) -> Project {
    let details = &event.details;
    let place = if details.address.trim().is_empty() {
        details.city.clone()
    } else {
        format!("{}, {}", details.address, details.city)
    };
    Project {
        id: secrets::new_id(),
        client_id: event.client_id.clone(),
        provider_id: request.provider_id.clone(),
        client_name: request.client_name.clone(),
        provider_name: request.provider_name.clone(),
        title: capitalized(&request.need),
        event_name: Some(details.name.clone()),
        date: details.date.clone(),
        start: details.start_time.clone(),
        end: details.end_time.clone(),
        place: Some(place),
        price_cents: request.price_cents,
        origin: Origin::Request {
            event_id: event.id.clone(),
            need: request.need.clone(),
        },
        conversation_id: keys::conversation_id(&event.client_id, &request.provider_id),
        status: Status::Confirmed,
        version: 1,
        last_actor: super::model::Actor::Client,
        awaiting_signature: None,
        created_at: now,
        updated_at: now,
    }
}

/// A need as a title: its first letter in upper case (needs are kept in lower case).
fn capitalized(need: &str) -> String {
    let mut chars = need.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
