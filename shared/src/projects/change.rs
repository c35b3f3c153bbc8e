//! A side moves its project (function `project-status`): `POST /api/projects/{id}/status`
//! with the status the page shows (`from`), the one wanted (`to`) and an optional note
//! (required to cancel).
//!
//! One transaction, on condition that the project is still at the status and version
//! read: the record and the client's row → `to`, and the step appended to the history.
//! A cancellation also frees the provider's time in it: a calendar booking still live is
//! cancelled (`crate::calendar::cancel::ops`), an event's booked request is undone
//! (`crate::events::book::unbook_ops`).
//!
//! 409 `stale_status` when the project is no longer at `from` (another change won),
//! 409 `transition_not_allowed`, 403 for the wrong side, 404 for anyone else.
//!
//! Table calls: 1 Query (the project) + 1 TransactWriteItems; to cancel, 1 GetItem (the
//! booking) or 1 Query (the event and its requests) more.

use super::RETRY;
use super::model::{self, Actor, Origin, Project};
use super::status::{self, Status};
use crate::app::App;
use crate::calendar;
use crate::error::Error;
use crate::events;
use crate::http::{ApiError, Reply, Req};
use crate::ports::{StoreError, TxOp};
use crate::validate;
use serde::Deserialize;
use serde_json::json;

/// The body of `POST /api/projects/{id}/status`, and the rule's input.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Move {
    pub from: Status,
    pub to: Status,
    #[serde(default)]
    pub note: Option<String>,
}

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let caller = req.auth(app).await?;
    let (project, side) = run(app, &caller.sub, req.param("id"), req.json()?).await?;
    Ok(Reply::ok(json!({"project": project.view(side)})))
}

/// `user_id` moves the project `id`; returns it after, and the caller's side.
pub async fn run(
    app: &App,
    user_id: &str,
    id: &str,
    input: Move,
) -> Result<(Project, Actor), Error> {
    let note = input
        .note
        .as_deref()
        .map(|n| validate::text("note", n, 0, 1000))
        .transpose()?
        .filter(|n| !n.is_empty());
    if input.to == Status::Cancelled && note.is_none() {
        return Err(Error::invalid_field(
            "note",
            "say why the project is cancelled",
        ));
    }
    for attempt in RETRY.attempts() {
        let loaded = model::load(app, id, user_id).await?;
        let (before, side) = (&loaded.project, loaded.side);
        if before.status != input.from {
            return Err(stale());
        }
        status::check(before.status, input.to, side)?;
        let now = app.clock.now();
        let (after, mut ops) = before.change_ops(input.to, side, note.clone(), now);
        if input.to == Status::Cancelled {
            ops.extend(
                free_time(app, before, side, note.as_deref().unwrap_or_default(), now).await?,
            );
        }
        match app.table.transact(ops).await {
            Ok(()) => return Ok((after, side)),
            // Something changed since read: read again, and answer 409 if the status did.
            Err(StoreError::TransactionCancelled { .. }) => RETRY.pause(attempt).await,
            Err(StoreError::Unavailable(cause)) => {
                tracing::warn!(%cause, attempt, "project change retried");
                RETRY.pause(attempt).await;
            }
            Err(e) => return Err(e.into()),
        }
    }
    Err(RETRY.busy())
}

/// The writes that free the provider's time when a project is cancelled: its calendar
/// booking cancelled if still live, its event's booking undone if still booked.
async fn free_time(
    app: &App,
    project: &Project,
    side: Actor,
    reason: &str,
    now: i64,
) -> Result<Vec<TxOp>, Error> {
    match &project.origin {
        Origin::Booking { booking_id } => {
            let booking = calendar::model::load(app, booking_id, &project.provider_id).await?;
            if !booking.is_live(now) {
                return Ok(Vec::new());
            }
            let side = match side {
                Actor::Client => calendar::model::Side::Client,
                _ => calendar::model::Side::Provider,
            };
            Ok(calendar::cancel::ops(&booking, side, reason, now).1)
        }
        Origin::Request { event_id, .. } => {
            let loaded = events::model::owned(app, event_id, &project.client_id).await?;
            let request = loaded.request_of(&project.provider_id);
            Ok(match request {
                Some(r) if r.state == events::model::State::Booked => {
                    events::book::unbook_ops(&loaded.event, r, now)
                }
                _ => Vec::new(),
            })
        }
    }
}

/// The writes that cancel the project `id` along with its booking (a calendar booking or
/// an event cancelled by `actor`): none if it is already cancelled; 409
/// `transition_not_allowed` once delivered.
///
/// Table calls: 1 GetItem.
pub async fn follow_ops(
    app: &App,
    id: &str,
    actor: Actor,
    reason: &str,
    now: i64,
) -> Result<Vec<TxOp>, Error> {
    let Some(project) = model::get(app, id).await? else {
        return Ok(Vec::new());
    };
    if project.status == Status::Cancelled {
        return Ok(Vec::new());
    }
    status::check(project.status, Status::Cancelled, actor)?;
    let note = Some(reason.to_owned()).filter(|r| !r.is_empty());
    Ok(project.change_ops(Status::Cancelled, actor, note, now).1)
}

pub fn stale() -> Error {
    Error::conflict(
        "stale_status",
        "this project changed meanwhile: reload it and try again",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Role;
    use crate::calendar::book::{self, NewBooking};
    use crate::error::Kind;
    use crate::testing::{self, confirmed_project, member};

    fn moving(from: Status, to: Status, note: Option<&str>) -> Move {
        Move {
            from,
            to,
            note: note.map(str::to_owned),
        }
    }

    #[tokio::test]
    async fn each_side_moves_only_its_own_steps_and_a_stale_status_is_refused() {
        let app = testing::app();
        let (provider, client, project) = confirmed_project(&app).await;
        let (_, stranger) = member(&app, "sam@example.fr", Role::Client).await;
        let id = &project.id;
        let prepare = || moving(Status::Confirmed, Status::InPreparation, None);
        let by_client = run(&app, &client.sub, id, prepare()).await.unwrap_err();
        assert_eq!(by_client.kind, Kind::Forbidden);
        let by_stranger = run(&app, &stranger.sub, id, prepare()).await.unwrap_err();
        assert_eq!(by_stranger.kind, Kind::NotFound);
        let (after, side) = run(&app, &provider.sub, id, prepare()).await.unwrap();
        assert_eq!(
            (after.status, after.version, side),
            (Status::InPreparation, 2, Actor::Provider)
        );
        let again = run(&app, &provider.sub, id, prepare()).await.unwrap_err();
        assert_eq!(again.code, "stale_status");
        let skip = moving(Status::InPreparation, Status::Delivered, None);
        let skipped = run(&app, &provider.sub, id, skip).await.unwrap_err();
        assert_eq!(skipped.code, "transition_not_allowed");
        let loaded = model::load(&app, id, &client.sub).await.unwrap();
        assert_eq!(loaded.project.version, 2, "nothing written by a refusal");
        let last = loaded.steps.last().unwrap();
        assert_eq!(
            (last.from, last.to, last.actor),
            (
                Some(Status::Confirmed),
                Status::InPreparation,
                Actor::Provider
            )
        );
        let rows = model::of_client(&app, &client.sub).await.unwrap();
        assert_eq!(
            rows[0].status,
            Status::InPreparation,
            "the client's row follows"
        );
    }

    #[tokio::test]
    async fn a_cancellation_needs_a_reason_and_frees_the_providers_day() {
        let app = testing::app();
        let (provider, client, project) = confirmed_project(&app).await;
        let cancel = |note: Option<&str>| moving(Status::Confirmed, Status::Cancelled, note);
        let silent = run(&app, &client.sub, &project.id, cancel(None))
            .await
            .unwrap_err();
        assert_eq!(silent.code, "invalid_field");
        let (after, _) = run(
            &app,
            &client.sub,
            &project.id,
            cancel(Some("Mariage reporté")),
        )
        .await
        .unwrap();
        assert_eq!(after.status, Status::Cancelled);
        let Origin::Booking { booking_id } = &project.origin else {
            panic!("a calendar booking's project");
        };
        let booking = calendar::model::load(&app, booking_id, &client.sub)
            .await
            .unwrap();
        assert_eq!(booking.state, calendar::model::State::Cancelled);
        // The day is free again: another client books it.
        let (_, other) = member(&app, "sam@example.fr", Role::Client).await;
        let input = NewBooking {
            provider_id: provider.sub.clone(),
            service: "Reportage journée".into(),
            date: project.date.clone(),
            ..Default::default()
        };
        assert!(book::run(&app, &other, input).await.is_ok());
        let later = moving(Status::Cancelled, Status::InPreparation, None);
        let refused = run(&app, &provider.sub, &project.id, later)
            .await
            .unwrap_err();
        assert_eq!(refused.code, "transition_not_allowed");
    }
}
