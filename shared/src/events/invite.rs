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
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use crate::messaging::model::id;
use crate::messaging::start::{client_name, provider_name};
use crate::ports::StoreError;
use crate::ports::table::{Condition, TxOp, Update};
use crate::profiles::grant;
use crate::{keys, validate};
use serde::Deserialize;
use serde_json::json;

/// Longest invitation message, in characters.
pub const MAX_MESSAGE: usize = 4000;

/// The body of `POST /api/events/{id}/requests`, and the rule's input.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Invite {
    pub provider_id: String,
    pub need: String,
    #[serde(default)]
    pub message: String,
}

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let caller = req.auth(app).await?;
    let request = run(app, &caller.sub, req.param("id"), req.json()?).await?;
    let now = app.clock.now();
    Ok(Reply::json(201, json!({"request": request.view(now)})))
}

/// Sends the request; returns it as written.
pub async fn run(
    app: &App,
    client_id: &str,
    event_id: &str,
    input: Invite,
) -> Result<Request, Error> {
    let provider_id = id("provider_id", &input.provider_id)?;
    let need = validate::line("need", &input.need, 1, 100)?;
    let message = validate::text("message", &input.message, 0, MAX_MESSAGE)?;
    let mut loaded = model::owned(app, event_id, client_id).await?;
    crate::accounts::model::require_verified(app, client_id).await?;
    let provider_name = provider_name(app, &provider_id).await?;
    let client_name = client_name(app, client_id).await?;
    for attempt in RETRY.attempts() {
        if attempt > 1 {
            loaded = model::owned(app, event_id, client_id).await?;
        }
        let event = &loaded.event;
        let now = app.clock.now();
        event.check_open(now)?;
        let need = event
            .details
            .needs
            .iter()
            .find(|n| same_need(n, &need))
            .ok_or_else(|| Error::invalid_field("need", "not one of the event's needs"))?;
        if loaded.request_of(&provider_id).is_some() {
            return Err(already_invited());
        }
        if event.bookings.keys().any(|booked| same_need(booked, need)) {
            return Err(Error::conflict(
                "need_booked",
                format!("a provider is already booked for \"{need}\""),
            ));
        }
        if loaded.requests.len() >= MAX_REQUESTS {
            return Err(Error::conflict(
                "too_many_requests",
                format!("an event holds at most {MAX_REQUESTS} requests"),
            ));
        }
        let request = Request {
            event_id: event.id.clone(),
            provider_id: provider_id.clone(),
            client_id: client_id.to_owned(),
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
            project_id: None,
            closed_at: None,
            event: event.summary(),
            client_name: client_name.clone(),
            provider_name: provider_name.clone(),
        };
        let mut ops = vec![
            TxOp::Put {
                item: request.item(),
                condition: Some(Condition::NotExists),
            },
            TxOp::Update {
                key: keys::event(&event.id),
                update: Update::default().set("version", event.version + 1),
                condition: Some(event.unchanged()),
            },
        ];
        ops.extend(grant::ops(client_id, &client_name, &provider_id, now));
        match app.table.transact(ops).await {
            Ok(()) => return Ok(request),
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

fn already_invited() -> Error {
    Error::conflict(
        "already_invited",
        "this provider already has a request for this event",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Role;
    use crate::testing::{self, member};

    use crate::events::create;

    #[tokio::test]
    async fn one_request_per_provider_for_one_of_the_needs() {
        let app = testing::app();
        let (_, client) = member(&app, "camille@example.fr", Role::Client).await;
        let (trio, _) = member(&app, "trio@example.fr", Role::Provider).await;
        let event = create::run(&app, &client, testing::details(&app, "Mariage", 30))
            .await
            .unwrap();
        let invite = |need: &str| Invite {
            provider_id: trio.id.clone(),
            need: need.into(),
            message: String::new(),
        };
        let request = run(&app, &client.sub, &event.id, invite("MUSIQUE"))
            .await
            .unwrap();
        assert_eq!(
            (request.need.as_str(), request.state),
            ("musique", State::Pending)
        );
        assert_eq!(request.event.name, "Mariage");
        let again = run(&app, &client.sub, &event.id, invite("photo"))
            .await
            .unwrap_err();
        assert_eq!(again.code, "already_invited");
        let other_need = run(&app, &client.sub, &event.id, invite("cuisine"))
            .await
            .unwrap_err();
        assert_eq!(other_need.code, "invalid_field");
    }

    #[tokio::test]
    async fn an_unverified_client_cannot_invite() {
        let app = testing::app();
        let (trio, _) = member(&app, "trio@example.fr", Role::Provider).await;
        let unverified = testing::unverified(&app, "sam@example.fr").await;
        let event = create::run(&app, &unverified, testing::details(&app, "Mariage", 30))
            .await
            .unwrap();
        let invite = Invite {
            provider_id: trio.id.clone(),
            need: "musique".into(),
            message: String::new(),
        };
        let refused = run(&app, &unverified.sub, &event.id, invite)
            .await
            .unwrap_err();
        assert_eq!(refused.code, "email_unverified");
    }
}
