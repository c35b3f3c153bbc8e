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
    let caller = req.auth(app)?;
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
