//! Invite a provider to an event (function `invite-provider`): the client sends a
//! listed provider a request for one of the event's needs, with a message.
//!
//! One request per provider per event: its item is put on condition that it does not
//! exist (409 `already_invited`), in one transaction with the event's version (on
//! condition that the event is unchanged since read: no invite slips past an edit, a
//! booking or a cancellation) and the contact grant (the provider may now read the
//! client's confidential profile, and write to the client). Refused: a cancelled or
//! past event (409), a need that is not the event's (400) or already booked (409
//! `need_booked`), more than 50 requests (409 `too_many_requests`).
//!
//! Table calls: 2 GetItem (the provider's and the client's profiles) + 1 Query (the
//! event and its requests) + 1 TransactWriteItems (request, event, grant); again after
//! a lost race.

use super::model::{self, ANSWER_WINDOW_SECS, MAX_REQUESTS, Request, State, same_need};
use super::retry::{self, Outcome, RETRY};
use crate::app::App;
use crate::http::{ApiError, Reply, Req};
use crate::messaging::model::id;
use crate::messaging::start::{client_name, provider_name};
use crate::ports::StoreError;
use crate::ports::table::{Condition, TxOp, Update};
use crate::{items, keys, validate};
use serde::Deserialize;
use serde_json::json;

/// Longest invitation message, in characters.
pub const MAX_MESSAGE: usize = 4000;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Invite {
    provider_id: String,
    need: String,
    #[serde(default)]
    message: String,
}

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let claims = req.auth(app)?;
    let event_id = req.param("id");
    let input: Invite = req.json()?;
    let provider_id = id("provider_id", &input.provider_id)?;
    let need = validate::line("need", &input.need, 1, 100)?;
    let message = validate::text("message", &input.message, 0, MAX_MESSAGE)?;
    let mut loaded = model::owned(app, event_id, &claims.sub).await?;
    let provider_name = provider_name(app, &provider_id).await?;
    let client_name = client_name(app, &claims.sub).await?;
    for attempt in RETRY.attempts() {
        if attempt > 1 {
            loaded = model::owned(app, event_id, &claims.sub).await?;
        }
        let event = &loaded.event;
        let now = app.clock.now();
        event.check_open(now)?;
        let need = event
            .details
            .needs
            .iter()
            .find(|n| same_need(n, &need))
            .ok_or_else(|| ApiError::invalid_field("need", "not one of the event's needs"))?;
        if loaded.request_of(&provider_id).is_some() {
            return Err(already_invited());
        }
        if event.bookings.keys().any(|booked| same_need(booked, need)) {
            return Err(ApiError::conflict(
                "need_booked",
                format!("a provider is already booked for \"{need}\""),
            ));
        }
        if loaded.requests.len() >= MAX_REQUESTS {
            return Err(ApiError::conflict(
                "too_many_requests",
                format!("an event holds at most {MAX_REQUESTS} requests"),
            ));
        }
        let request = Request {
            event_id: event.id.clone(),
            provider_id: provider_id.clone(),
            client_id: claims.sub.clone(),
            need: need.clone(),
            message: message.clone(),
            state: State::Pending,
            created_at: now,
            expires_at: now + ANSWER_WINDOW_SECS,
            answered_at: None,
            reason: None,
            price_cents: None,
            included: None,
            valid_until: None,
            quote_expires_at: None,
            booked_at: None,
            closed_at: None,
            event: event.summary(),
            client_name: client_name.clone(),
            provider_name: provider_name.clone(),
        };
        let grant = json!({"client_id": claims.sub, "provider_id": provider_id, "since": now});
        let ops = vec![
            TxOp::Put {
                item: request.item(),
                condition: Some(Condition::NotExists),
            },
            TxOp::Update {
                key: keys::event(&event.id),
                update: Update::default().set("version", event.version + 1),
                condition: Some(event.unchanged()),
            },
            TxOp::Put {
                item: items::with_key(&keys::contact_grant(&claims.sub, &provider_id), grant),
                condition: None,
            },
        ];
        match app.table.transact(ops).await {
            Ok(()) => return Ok(Reply::json(201, json!({"request": request.view(now)}))),
            Err(StoreError::TransactionCancelled { failed }) if failed.first() == Some(&true) => {
                return Err(already_invited());
            }
            Err(error) => match retry::after(error, attempt) {
                Outcome::Retry => RETRY.pause(attempt).await,
                Outcome::Fail(error) => return Err(error),
            },
        }
    }
    Err(RETRY.busy())
}

fn already_invited() -> ApiError {
    ApiError::conflict(
        "already_invited",
        "this provider already has a request for this event",
    )
}
