//! A calendar booking created or changed state: a notice to the open tabs of both sides
//! (`{"type": "booking", "booking_id", "state"}`), and an email to the side that did not
//! act, if it asked for emails: a new hold to the provider, a refusal to the client, a
//! cancellation to the other side. A confirmation (or an instant booking) opens a project,
//! whose email tells both sides, with the `.ics` (`super::project`).
//!
//! Table calls: 2 Query (each side's connections) and, per email, 1 GetItem (the account).

use super::Notice;
use super::compose::{self, Links, Wording};
use crate::accounts::Account;
use crate::app::App;
use crate::calendar::model::{Booking, Side, State};
use crate::error::Error;
use crate::live;
use crate::ports::{Email, Item};
use serde_json::Value;

pub(super) async fn changed(app: &App, old: Option<&Item>, new: &Item) -> Result<(), Error> {
    let booking = Booking::from_item(new.clone())?;
    let before = old.and_then(|o| o.get("state")).and_then(Value::as_str);
    if before == Some(booking.state.as_str()) {
        return Ok(());
    }
    let notice = Notice::Booking {
        booking_id: &booking.id,
        state: booking.state,
    };
    live::notify_user(app, &booking.client_id, &notice).await?;
    live::notify_user(app, &booking.provider_id, &notice).await?;
    let told: &[Side] = match (booking.state, booking.cancelled_by) {
        (State::Held, _) => &[Side::Provider],
        // A confirmation opens a project, whose email tells both sides (`super::project`).
        (State::Confirmed, _) => &[],
        (State::Declined, _) => &[Side::Client],
        (State::Cancelled, Some(Side::Client)) => &[Side::Provider],
        (State::Cancelled, _) => &[Side::Client],
        (State::Expired, _) => &[],
    };
    for side in told {
        let user = match side {
            Side::Client => &booking.client_id,
            Side::Provider => &booking.provider_id,
        };
        let page = match side {
            Side::Client => "/reservations",
            Side::Provider => "/calendrier",
        };
        compose::send_to(app, user, page, |account, links| {
            email(account, *side, &booking, links)
        })
        .await?;
    }
    Ok(())
}

/// The email telling `to`, the booking's `side`, about its new state.
fn email(to: &Account, side: Side, booking: &Booking, links: &Links) -> Email {
    let w = Wording {
        english: to.lang == "en",
    };
    let (subject, intro) = w.booking_lines(booking, side);
    let written = match booking.state {
        State::Held => Some(booking.message.as_str()),
        State::Declined | State::Cancelled => booking.reason.as_deref(),
        _ => None,
    };
    let action = match side {
        Side::Client => w.pick("Voir mes réservations", "See my bookings"),
        Side::Provider => w.pick("Voir mon calendrier", "See my calendar"),
    };
    let notice = compose::Notice {
        subject,
        intro,
        written,
        action,
        attachments: Vec::new(),
    };
    compose::email(to, &w, notice, links)
}

impl Wording {
    /// Subject and first paragraph of a booking's email to `side`.
    fn booking_lines(&self, b: &Booking, side: Side) -> (String, String) {
        let service = self.quote(&b.service);
        let mut when = self.date(&b.date);
        if let Some(start) = &b.start {
            when = format!("{when} {} {start}", self.pick("à", "at"));
        }
        let (client, provider) = (&b.client_name, &b.provider_name);
        let price = self.price(b.price_cents);
        match (b.state, side, self.english) {
            (State::Held, _, false) => (
                format!("Demande de réservation de {client}"),
                format!(
                    "{client} souhaite réserver {service} le {when} ({price}). Confirmez ou déclinez la demande : sans réponse, elle expire d'elle-même."
                ),
            ),
            (State::Held, _, true) => (
                format!("Booking request from {client}"),
                format!(
                    "{client} wishes to book {service} on {when} ({price}). Confirm or decline it: without an answer, it expires by itself."
                ),
            ),
            (State::Declined, _, false) => (
                format!("{provider} a décliné votre demande"),
                format!(
                    "{provider} ne pourra pas assurer {service} le {when}. Le créneau est libéré."
                ),
            ),
            (State::Declined, _, true) => (
                format!("{provider} declined your request"),
                format!("{provider} cannot provide {service} on {when}. The time is free again."),
            ),
            (_, _, false) => {
                let by = if b.cancelled_by == Some(Side::Client) {
                    client
                } else {
                    provider
                };
                (
                    format!("Réservation annulée : {service}"),
                    format!("{by} a annulé la réservation {service} du {when}."),
                )
            }
            (_, _, true) => {
                let by = if b.cancelled_by == Some(Side::Client) {
                    client
                } else {
                    provider
                };
                (
                    format!("Booking cancelled: {service}"),
                    format!("{by} cancelled the booking of {service} on {when}."),
                )
            }
        }
    }
}
