//! The provider answers a held booking (function `answer-booking`): confirm it, or
//! decline it (with an optional reason).
//!
//! One transaction, on condition that the booking is still held and its hold not past:
//! confirming keeps its time for good (its day or slots lose their `hold_until`, on
//! condition that they are still this booking's); declining frees it (they are deleted,
//! on the same condition). A hold that ran out, or a booking already answered or
//! cancelled, is 409 `booking_closed`.
//!
//! Confirming opens the booking's project in the same transaction (`crate::projects::open`).
//!
//! Table calls: 1 GetItem + 1 TransactWriteItems.

use super::RETRY;
use super::model::{self, Booking, State};
use crate::app::App;
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use crate::ports::{Condition, StoreError, TxOp, Update};
use crate::projects::{self, model::Actor};
use crate::validate;
use serde::Deserialize;
use serde_json::json;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    Confirm,
    Decline,
}

/// The body of `POST /api/bookings/{id}/answer`, and the rule's input.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    pub action: Action,
    #[serde(default)]
    pub reason: Option<String>,
}

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let caller = req.auth(app).await?;
    let booking = run(app, &caller.sub, req.param("id"), req.json()?).await?;
    Ok(Reply::ok(json!({"booking": booking.view(app.clock.now())})))
}

/// `provider_id` answers its booking `id`; returns the booking as written.
pub async fn run(app: &App, provider_id: &str, id: &str, answer: Answer) -> Result<Booking, Error> {
    let reason = answer
        .reason
        .as_deref()
        .map(|r| validate::text("reason", r, 0, 1000))
        .transpose()?;
    if answer.action == Action::Confirm && reason.is_some() {
        return Err(Error::invalid_field("reason", "only with action decline"));
    }
    for attempt in RETRY.attempts() {
        let before = model::load(app, id, provider_id).await?;
        if before.provider_id != provider_id {
            return Err(Error::not_found("no such booking"));
        }
        let now = app.clock.now();
        if before.shown_state(now) != State::Held {
            return Err(closed());
        }
        let mut after = before.clone();
        after.state = match answer.action {
            Action::Confirm => State::Confirmed,
            Action::Decline => State::Declined,
        };
        after.answered_at = Some(now);
        after.reason = reason.clone();
        after.sequence += 1;
        let mut update = Update::default()
            .set("state", after.state.as_str())
            .set("answered_at", now)
            .set("sequence", after.sequence);
        if let Some(reason) = &reason {
            update = update.set("reason", reason.as_str());
        }
        let project =
            (answer.action == Action::Confirm).then(|| projects::open::from_booking(&after, now));
        if let Some(project) = &project {
            after.project_id = Some(project.id.clone());
            update = update.set("project_id", project.id.as_str());
        }
        let mut ops = vec![TxOp::Update {
            key: before.key(),
            update,
            condition: Some(Condition::And(vec![
                Condition::Equals("state".into(), json!(State::Held)),
                Condition::GreaterThan(model::HOLD_UNTIL.into(), now),
            ])),
        }];
        ops.extend(match answer.action {
            Action::Confirm => model::keep_ops(&before, now),
            Action::Decline => model::free_ops(&before, now),
        });
        if let Some(project) = &project {
            ops.extend(project.open_ops(Actor::Provider));
        }
        match app.table.transact(ops).await {
            Ok(()) => return Ok(after),
            Err(StoreError::TransactionCancelled { .. }) => return Err(closed()),
            Err(StoreError::Unavailable(cause)) => {
                tracing::warn!(%cause, attempt, "booking answer retried");
                RETRY.pause(attempt).await;
            }
            Err(e) => return Err(e.into()),
        }
    }
    Err(RETRY.busy())
}

pub fn closed() -> Error {
    Error::conflict(
        "booking_closed",
        "this booking can no longer change: it was answered or cancelled, or its hold ran out",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Role;
    use crate::error::Kind;
    use crate::testing::{self, member, photographer, tuesday};

    use crate::calendar::book::{self, NewBooking};

    async fn held(
        app: &testing::TestApp,
        provider: &str,
        client: &crate::auth::tokens::AccessClaims,
    ) -> Booking {
        let day = tuesday(app, 10);
        let input = NewBooking {
            provider_id: provider.into(),
            service: "Reportage journée".into(),
            date: day,
            ..Default::default()
        };
        book::run(app, client, input).await.unwrap()
    }

    fn answer(action: Action) -> Answer {
        Answer {
            action,
            reason: None,
        }
    }

    #[tokio::test]
    async fn the_provider_confirms_a_hold_once_and_it_stays() {
        let app = testing::app();
        let provider = photographer(&app).await;
        let (_, client) = member(&app, "camille@example.fr", Role::Client).await;
        let booking = held(&app, &provider.sub, &client).await;
        let confirmed = run(&app, &provider.sub, &booking.id, answer(Action::Confirm))
            .await
            .unwrap();
        assert_eq!((confirmed.state, confirmed.sequence), (State::Confirmed, 1));
        let again = run(&app, &provider.sub, &booking.id, answer(Action::Decline)).await;
        assert_eq!(again.unwrap_err().code, "booking_closed");
        // Confirmed, the day stays taken after the hold's time.
        app.advance(72 * 3600);
        let (_, other) = member(&app, "sam@example.fr", Role::Client).await;
        let input = NewBooking {
            provider_id: provider.sub.clone(),
            service: "Reportage journée".into(),
            date: booking.date.clone(),
            ..Default::default()
        };
        assert_eq!(
            book::run(&app, &other, input).await.unwrap_err().code,
            "date_taken"
        );
        let by_client = run(&app, &client.sub, &booking.id, answer(Action::Confirm)).await;
        assert_eq!(by_client.unwrap_err().kind, Kind::NotFound);
    }

    #[tokio::test]
    async fn declining_frees_the_day_and_a_run_out_hold_cannot_be_confirmed() {
        let app = testing::app();
        let provider = photographer(&app).await;
        let (_, client) = member(&app, "camille@example.fr", Role::Client).await;
        let booking = held(&app, &provider.sub, &client).await;
        let decline = Answer {
            action: Action::Decline,
            reason: Some("Déjà pris".into()),
        };
        assert_eq!(
            run(&app, &provider.sub, &booking.id, decline)
                .await
                .unwrap()
                .state,
            State::Declined
        );
        let next = held(&app, &provider.sub, &client).await;
        app.advance(48 * 3600);
        let late = run(&app, &provider.sub, &next.id, answer(Action::Confirm)).await;
        assert_eq!(late.unwrap_err().code, "booking_closed");
    }
}
