//! A request item created, or moved to another state: a live push to the party it
//! concerns, and an email to them if their account asks for emails (verified address,
//! `notify_by_email` on), in their language (French first, English second).
//!
//! | change | to | link |
//! |---|---|---|
//! | created (`pending`) | the provider | `/demandes` |
//! | → `accepted`, `quoted`, `declined` | the client | `/evenements/{event_id}` |
//! | → `booked`, `closed` | the provider | `/demandes` |
//! | anything else (e.g. the event's summary refreshed) | nobody | |
//!
//! The push is `{"type": "request", "event_id", "provider_id", "state"}`. The email's
//! facts (names, event, need, price…) are all on the request item.
//!
//! Table calls: 1 Query (the recipient's connections, + 1 DeleteItem per gone one);
//! with the email, 1 GetItem (the recipient's account).

use super::Notice;
use super::compose::{self, Links, Wording};
use crate::accounts::Account;
use crate::app::App;
use crate::error::Error;
use crate::events::model::{Request, State};
use crate::live;
use crate::ports::{Email, Item};
use serde_json::Value;

/// Pushes the request's new state to the party it concerns, then emails them if asked.
pub(super) async fn changed(app: &App, old: Option<&Item>, new: &Item) -> Result<(), Error> {
    let request = Request::from_item(new.clone())?;
    let before = old.and_then(|o| o.get("state")).and_then(Value::as_str);
    if before == Some(request.state.as_str()) {
        return Ok(());
    }
    let to_client = match request.state {
        State::Pending if old.is_none() => false,
        State::Accepted | State::Quoted | State::Declined => true,
        State::Booked | State::Closed => false,
        _ => return Ok(()),
    };
    let (recipient, page) = if to_client {
        (
            &request.client_id,
            format!("/evenements/{}", request.event_id),
        )
    } else {
        (&request.provider_id, "/demandes".to_owned())
    };
    let notice = Notice::Request {
        event_id: &request.event_id,
        provider_id: &request.provider_id,
        state: request.state,
    };
    live::notify_user(app, recipient, &notice).await?;
    compose::send_to(app, recipient, &page, |account, links| {
        email(account, &request, links)
    })
    .await
}

impl Wording {
    /// Subject and first paragraph (plain text, user texts unescaped).
    fn lines(&self, r: &Request) -> (String, String) {
        let event = self.quote(&r.event.name);
        let need = self.quote(&r.need);
        let date = self.date(&r.event.date);
        let (client, provider, city) = (&r.client_name, &r.provider_name, &r.event.city);
        match (r.state, self.english) {
            (State::Pending, false) => (
                format!("Nouvelle demande de {client}"),
                format!(
                    "{client} vous demande une prestation {need} pour l'événement {event}, le {date} à {city}."
                ),
            ),
            (State::Pending, true) => (
                format!("New request from {client}"),
                format!("{client} asks you for {need} at the event {event}, on {date} in {city}."),
            ),
            (State::Accepted, false) => (
                format!("{provider} a accepté votre demande"),
                format!(
                    "{provider} a accepté votre demande {need} pour {event}. Vous pouvez maintenant le réserver."
                ),
            ),
            (State::Accepted, true) => (
                format!("{provider} accepted your request"),
                format!(
                    "{provider} accepted your request for {need} at {event}. You can now book them."
                ),
            ),
            (State::Quoted, false) => (
                format!("{provider} vous a envoyé un devis"),
                format!(
                    "{provider} propose {} pour {need} à {event}, devis valable jusqu'au {}.",
                    self.price(r.price_cents.unwrap_or_default()),
                    self.date(r.valid_until.as_deref().unwrap_or_default())
                ),
            ),
            (State::Quoted, true) => (
                format!("{provider} sent you a quote"),
                format!(
                    "{provider} quotes {} for {need} at {event}, valid until {}.",
                    self.price(r.price_cents.unwrap_or_default()),
                    self.date(r.valid_until.as_deref().unwrap_or_default())
                ),
            ),
            (State::Declined, false) => (
                format!("{provider} a décliné votre demande"),
                format!("{provider} ne pourra pas assurer {need} pour {event}."),
            ),
            (State::Declined, true) => (
                format!("{provider} declined your request"),
                format!("{provider} cannot provide {need} at {event}."),
            ),
            (State::Booked, false) => (
                format!("Vous êtes réservé pour {event}"),
                format!(
                    "{client} vous a réservé pour {need} à {event}, le {date} à {city}. Cette date vous est désormais réservée."
                ),
            ),
            (State::Booked, true) => (
                format!("You are booked for {event}"),
                format!(
                    "{client} booked you for {need} at {event}, on {date} in {city}. This date is now held for them."
                ),
            ),
            (_, false) => (
                format!("Demande close : {event}"),
                format!(
                    "La demande de {client} pour {event} est close : l'événement est annulé, ou un autre prestataire a été retenu."
                ),
            ),
            (_, true) => (
                format!("Request closed: {event}"),
                format!(
                    "{client}'s request for {event} is closed: the event was cancelled, or another provider was chosen."
                ),
            ),
        }
    }
}

/// The email telling `to` about the request's new state.
fn email(to: &Account, request: &Request, links: &Links) -> Email {
    let w = Wording {
        english: to.lang == "en",
    };
    let (subject, intro) = w.lines(request);
    let written = match request.state {
        State::Pending => Some(request.message.as_str()),
        State::Declined => request.reason.as_deref(),
        State::Quoted => request.included.as_deref(),
        _ => None,
    };
    let action = match request.state {
        State::Pending => w.pick("Répondre à la demande", "Answer the request"),
        State::Accepted | State::Quoted | State::Declined => {
            w.pick("Voir l'événement", "See the event")
        }
        _ => w.pick("Voir mes demandes", "See my requests"),
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
