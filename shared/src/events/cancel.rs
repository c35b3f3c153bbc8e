//! Cancel an event (function `cancel-event`).
//!
//! One transaction: the event → cancelled (on condition that it is unchanged since
//! read), every open or booked request → closed (on condition that it is still in the
//! state read), and every booked date released (deleted, on condition that it is this
//! event's). At most 1 + 50 + 20 writes ([`MAX_REQUESTS`](super::model::MAX_REQUESTS),
//! one booking per need). The notifier tells each provider whose request closed.
//!
//! The project of each booked request is cancelled with it.
//!
//! Table calls: 1 Query (the event and its requests) + 1 GetItem per project +
//! 1 TransactWriteItems; again after a lost race.

use super::model::{self, Event, EventStatus, State};
use super::retry::{self, Outcome, RETRY};
use crate::app::App;
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use crate::keys;
use crate::ports::table::{Condition, TxOp, Update};
use crate::projects::{change::follow_ops, model::Actor};
use serde_json::json;

/// The cancelled event, and how many requests it closed.
#[derive(Debug)]
pub struct Cancelled {
    pub event: Event,
    pub closed: usize,
}

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let caller = req.auth(app).await?;
    let Cancelled { event, closed } = run(app, &caller.sub, req.param("id")).await?;
    Ok(Reply::ok(json!({"event": event.view(), "closed": closed})))
}

pub async fn run(app: &App, client_id: &str, event_id: &str) -> Result<Cancelled, Error> {
    for attempt in RETRY.attempts() {
        let loaded = model::owned(app, event_id, client_id).await?;
        let before = &loaded.event;
        if before.status == EventStatus::Cancelled {
            return Err(model::cancelled());
        }
        let now = app.clock.now();
        let mut after = before.clone();
        after.status = EventStatus::Cancelled;
        after.version += 1;
        after.updated_at = now;
        let mut ops = vec![TxOp::Put {
            item: after.item(),
            condition: Some(before.unchanged()),
        }];
        let closing: Vec<_> = loaded
            .requests
            .iter()
            .filter(|r| r.shown_state(now).is_open() || r.state == State::Booked)
            .collect();
        for request in &closing {
            ops.push(TxOp::Update {
                key: keys::request(&request.event_id, &request.provider_id),
                update: Update::default()
                    .set("state", State::Closed.as_str())
                    .set("closed_at", now),
                condition: Some(request.still(now)),
            });
            if let (State::Booked, Some(project)) = (request.state, &request.project_id) {
                let reason = "Événement annulé par le client";
                ops.extend(follow_ops(app, project, Actor::Client, reason, now).await?);
            }
            if request.state == State::Booked {
                ops.push(TxOp::Delete {
                    key: keys::booked_date(&request.provider_id, &before.details.date),
                    condition: Some(Condition::Equals("event_id".into(), event_id.into())),
                });
            }
        }
        match app.table.transact(ops).await {
            Ok(()) => {
                return Ok(Cancelled {
                    closed: closing.len(),
                    event: after,
                });
            }
            Err(error) => match retry::after(error, attempt) {
                Outcome::Retry => RETRY.pause(attempt).await,
                Outcome::Fail(error) => return Err(error),
            },
        }
    }
    Err(RETRY.busy())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Role;
    use crate::testing::{self, member};

    use crate::events::create;

    #[tokio::test]
    async fn cancelling_twice_is_refused() {
        let app = testing::app();
        let (_, client) = member(&app, "camille@example.fr", Role::Client).await;
        let event = create::run(&app, &client, testing::details(&app, "Mariage", 30))
            .await
            .unwrap();
        let Cancelled {
            event: after,
            closed,
        } = run(&app, &client.sub, &event.id).await.unwrap();
        assert_eq!((after.status, closed), (EventStatus::Cancelled, 0));
        assert_eq!(
            run(&app, &client.sub, &event.id).await.unwrap_err().code,
            "event_cancelled"
        );
    }
}
