//! Cancel a booking (function `cancel-booking`): its client or its provider, with a
//! reason, while it is held or confirmed. One transaction, on condition that it is still
//! in the state read: the booking → cancelled, and its time freed (its day or slots
//! deleted, on condition that they are still its own).
//!
//! A confirmed booking's project is cancelled in the same transaction (unless it was
//! delivered: 409 `transition_not_allowed`).
//!
//! Table calls: 1 GetItem + 1 TransactWriteItems; 1 GetItem more with a project.

use super::RETRY;
use super::answer::closed;
use super::model::{self, Booking, Side, State};
use crate::app::App;
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use crate::ports::{Condition, StoreError, TxOp, Update};
use crate::projects::{self, model::Actor};
use crate::validate;
use serde::Deserialize;
use serde_json::json;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Body {
    reason: String,
}

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let caller = req.auth(app).await?;
    let Body { reason } = req.json()?;
    let booking = run(app, &caller.sub, req.param("id"), &reason).await?;
    Ok(Reply::ok(json!({"booking": booking.view(app.clock.now())})))
}

/// `user_id` (its client or its provider) cancels the booking `id`.
pub async fn run(app: &App, user_id: &str, id: &str, reason: &str) -> Result<Booking, Error> {
    let reason = validate::text("reason", reason, 1, 1000)?;
    for attempt in RETRY.attempts() {
        let before = model::load(app, id, user_id).await?;
        let now = app.clock.now();
        if !before.is_live(now) {
            return Err(closed());
        }
        let side = if before.client_id == user_id {
            Side::Client
        } else {
            Side::Provider
        };
        let (after, mut ops) = ops(&before, side, &reason, now);
        if let Some(project) = &before.project_id {
            let actor = match side {
                Side::Client => Actor::Client,
                Side::Provider => Actor::Provider,
            };
            ops.extend(projects::change::follow_ops(app, project, actor, &reason, now).await?);
        }
        match app.table.transact(ops).await {
            Ok(()) => return Ok(after),
            // Answered or cancelled meanwhile: read again and decide again.
            Err(StoreError::TransactionCancelled { .. }) => RETRY.pause(attempt).await,
            Err(StoreError::Unavailable(cause)) => {
                tracing::warn!(%cause, attempt, "booking cancellation retried");
                RETRY.pause(attempt).await;
            }
            Err(e) => return Err(e.into()),
        }
    }
    Err(RETRY.busy())
}

/// The writes that cancel a live booking `before` for `side`, on condition that it is
/// still in the state read: the booking → cancelled, its time freed. Returns it after.
pub fn ops(before: &Booking, side: Side, reason: &str, now: i64) -> (Booking, Vec<TxOp>) {
    let mut after = before.clone();
    after.state = State::Cancelled;
    after.cancelled_at = Some(now);
    after.cancelled_by = Some(side);
    after.reason = Some(reason.to_owned());
    after.sequence += 1;
    let mut still = vec![Condition::Equals("state".into(), json!(before.state))];
    if before.state == State::Held {
        still.push(Condition::GreaterThan(model::HOLD_UNTIL.into(), now));
    }
    let mut ops = vec![TxOp::Update {
        key: before.key(),
        update: Update::default()
            .set("state", State::Cancelled.as_str())
            .set("cancelled_at", now)
            .set("cancelled_by", json!(side))
            .set("reason", reason)
            .set("sequence", after.sequence),
        condition: Some(Condition::And(still)),
    }];
    ops.extend(model::free_ops(before, now));
    (after, ops)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Role;
    use crate::error::Kind;
    use crate::testing::{self, member, photographer, tuesday};

    use crate::calendar::book::{self, NewBooking};

    #[tokio::test]
    async fn either_side_cancels_with_a_reason_and_the_day_is_free_again() {
        let app = testing::app();
        let provider = photographer(&app).await;
        let (_, client) = member(&app, "camille@example.fr", Role::Client).await;
        let (_, stranger) = member(&app, "sam@example.fr", Role::Client).await;
        let input = || NewBooking {
            provider_id: provider.sub.clone(),
            service: "Séance portrait".into(),
            date: tuesday(&app, 10),
            start: Some("14:00".into()),
            ..Default::default()
        };
        let booking = book::run(&app, &client, input()).await.unwrap();
        assert_eq!(
            run(&app, &client.sub, &booking.id, " ")
                .await
                .unwrap_err()
                .code,
            "invalid_field"
        );
        assert_eq!(
            run(&app, &stranger.sub, &booking.id, "Oups")
                .await
                .unwrap_err()
                .kind,
            Kind::NotFound
        );
        let cancelled = run(&app, &provider.sub, &booking.id, "Matériel en panne")
            .await
            .unwrap();
        assert_eq!(
            (cancelled.state, cancelled.cancelled_by),
            (State::Cancelled, Some(Side::Provider))
        );
        assert_eq!(
            run(&app, &client.sub, &booking.id, "Encore")
                .await
                .unwrap_err()
                .code,
            "booking_closed"
        );
        assert!(
            book::run(&app, &stranger, input()).await.is_ok(),
            "the slot is free again"
        );
    }
}

#[cfg(test)]
mod project_tests {
    use super::*;
    use crate::projects::{model as projects, status::Status};
    use crate::testing::{self, confirmed_project};

    #[tokio::test]
    async fn cancelling_a_confirmed_booking_cancels_its_project() {
        let app = testing::app();
        let (provider, _, project) = confirmed_project(&app).await;
        let crate::projects::model::Origin::Booking { booking_id } = &project.origin else {
            panic!("a calendar booking's project");
        };
        run(&app, &provider.sub, booking_id, "Matériel en panne")
            .await
            .unwrap();
        let after = projects::get(&app, &project.id).await.unwrap().unwrap();
        assert_eq!(after.status, Status::Cancelled);
        let loaded = projects::load(&app, &project.id, &provider.sub)
            .await
            .unwrap();
        let last = loaded.steps.last().unwrap();
        assert_eq!(last.note.as_deref(), Some("Matériel en panne"));
        assert_eq!(last.actor, projects::Actor::Provider);
    }
}
