//! Book a provider (function `book-provider`): the client takes a request the provider
//! accepted or quoted.
//!
//! One transaction:
//! 0. the event records the booking of the need (on condition that the event is
//!    unchanged since read: active, no edit, invite or booking in between);
//! 1. the request → booked (on condition that it is still accepted, or quoted and its
//!    quote still valid: else 409 `request_closed`; 409 `not_answered` while pending);
//! 2. the provider's date item is put (on condition that the day is free: a provider's
//!    day is held by one booking, whatever the event or the calendar booking, and a
//!    calendar hold past its time is free; a day whose calendar sessions are all gone is
//!    taken over, on condition that no session came since: else 409 `date_taken`);
//! 3. to 6. the project the booking opens (`crate::projects::open`);
//! 7. … every other open request of the same need → closed (on condition that it is
//!    still in the state read).
//!
//! Table calls: 1 Query (the event and its requests) + 1 TransactWriteItems (7 + the
//! other open requests of the need); again after a lost race.

use super::model::{self, Event, Request, State};
use super::retry::{self, Outcome, RETRY};
use crate::app::App;
use crate::calendar::{self, day_items::stale_sessions};
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use crate::ports::StoreError;
use crate::ports::table::{Condition, TxOp, Update};
use crate::projects::{self, model::Actor};
use crate::{items, keys};
use serde_json::json;

/// The index of the date item in the transaction.
const DATE_OP: usize = 2;

/// The booked request, and the providers whose requests for the same need closed.
#[derive(Debug)]
pub struct Booked {
    pub request: Request,
    pub closed: Vec<String>,
}

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let caller = req.auth(app).await?;
    let (event_id, provider_id) = (req.param("id"), req.param("provider_id"));
    let booked = run(app, &caller.sub, event_id, provider_id).await?;
    Ok(Reply::ok(json!({
        "request": booked.request.view(app.clock.now()),
        "closed": booked.closed,
    })))
}

/// `client_id` books the provider of a request it accepted or quoted.
pub async fn run(
    app: &App,
    client_id: &str,
    event_id: &str,
    provider_id: &str,
) -> Result<Booked, Error> {
    // Set when the provider's day marks sessions that are all gone (see `calendar`).
    let mut stale_gen = None;
    for attempt in RETRY.attempts() {
        let loaded = model::owned(app, event_id, client_id).await?;
        let event = &loaded.event;
        let now = app.clock.now();
        let request = loaded
            .request_of(provider_id)
            .ok_or_else(model::request_not_found)?;
        event.check_open(now)?;
        match request.shown_state(now) {
            State::Accepted | State::Quoted => {}
            State::Pending => {
                return Err(Error::conflict(
                    "not_answered",
                    "the provider has not accepted this request yet",
                ));
            }
            _ => return Err(model::request_closed()),
        }
        let others: Vec<_> = loaded
            .requests
            .iter()
            .filter(|r| r.provider_id != provider_id && model::same_need(&r.need, &request.need))
            .filter(|r| r.shown_state(now).is_open())
            .collect();
        let mut bookings = event.bookings.clone();
        bookings.insert(request.need.clone(), provider_id.to_owned());
        let date = &event.details.date;
        let held = json!({
            "provider_id": provider_id, "date": date, "event_id": event.id,
            "client_id": event.client_id, "need": request.need, "booked_at": now,
        });
        let project = projects::open::from_request(event, request, now);
        let mut ops = vec![
            TxOp::Update {
                key: keys::event(&event.id),
                update: Update::default()
                    .set("bookings", json!(bookings))
                    .set("version", event.version + 1),
                condition: Some(event.unchanged()),
            },
            TxOp::Update {
                key: keys::request(&event.id, provider_id),
                update: Update::default()
                    .set("state", State::Booked.as_str())
                    .set("booked_at", now)
                    .set("project_id", project.id.as_str()),
                condition: Some(request.still(now)),
            },
            TxOp::Put {
                item: items::with_key(&keys::booked_date(provider_id, date), held),
                condition: Some(calendar::model::day_free(now, stale_gen)),
            },
        ];
        ops.extend(project.open_ops(Actor::Client));
        ops.extend(others.iter().map(|other| {
            TxOp::Update {
                key: keys::request(&other.event_id, &other.provider_id),
                update: Update::default()
                    .set("state", State::Closed.as_str())
                    .set("closed_at", now),
                condition: Some(other.still(now)),
            }
        }));
        match app.table.transact(ops).await {
            Ok(()) => {
                let mut booked = request.clone();
                booked.state = State::Booked;
                booked.booked_at = Some(now);
                booked.project_id = Some(project.id.clone());
                let closed = others.iter().map(|r| r.provider_id.clone()).collect();
                return Ok(Booked {
                    request: booked,
                    closed,
                });
            }
            Err(StoreError::TransactionCancelled { failed })
                if failed.get(DATE_OP) == Some(&true) =>
            {
                if stale_gen.is_none() {
                    stale_gen = stale_sessions(app, provider_id, date, now).await?;
                }
                if stale_gen.is_none() {
                    return Err(Error::conflict(
                        "date_taken",
                        format!("this provider is already booked on {date}"),
                    ));
                }
            }
            Err(error) => match retry::after(error, attempt) {
                Outcome::Retry => RETRY.pause(attempt).await,
                Outcome::Fail(error) => return Err(error),
            },
        }
    }
    Err(RETRY.busy())
}

/// The writes that undo the booking of `request` (its project was cancelled), on
/// condition that nothing changed since read: the event forgets the need's booking, the
/// request → closed, the provider's day is released.
pub fn unbook_ops(event: &Event, request: &Request, now: i64) -> Vec<TxOp> {
    let mut bookings = event.bookings.clone();
    bookings.remove(&request.need);
    vec![
        TxOp::Update {
            key: keys::event(&event.id),
            update: Update::default()
                .set("bookings", json!(bookings))
                .set("version", event.version + 1),
            condition: Some(event.unchanged()),
        },
        TxOp::Update {
            key: keys::request(&event.id, &request.provider_id),
            update: Update::default()
                .set("state", State::Closed.as_str())
                .set("closed_at", now),
            condition: Some(request.still(now)),
        },
        TxOp::Delete {
            key: keys::booked_date(&request.provider_id, &event.details.date),
            condition: Some(Condition::Equals("event_id".into(), json!(event.id))),
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Role;
    use crate::testing::{self, accepted, invited, member};

    #[tokio::test]
    async fn booking_an_accepted_provider_holds_its_date() {
        let app = testing::app();
        let (_, client) = member(&app, "camille@example.fr", Role::Client).await;
        let (_, provider) = member(&app, "trio@example.fr", Role::Provider).await;
        let event_id = invited(&app, &client, &provider).await;
        let early = run(&app, &client.sub, &event_id, &provider.sub)
            .await
            .unwrap_err();
        assert_eq!(early.code, "not_answered");
        accepted(&app, &provider, &event_id).await;
        let booked = run(&app, &client.sub, &event_id, &provider.sub)
            .await
            .unwrap();
        assert_eq!(
            (booked.request.state, booked.closed.len()),
            (State::Booked, 0)
        );
        let date = keys::booked_date(&provider.sub, &testing::in_days(&app, 30));
        assert!(app.table.get(&date).await.unwrap().is_some());
    }

    #[tokio::test]
    async fn a_booking_opens_its_project_and_cancelling_the_event_cancels_it() {
        use crate::projects::{model as projects, status::Status};
        let app = testing::app();
        let (_, client) = member(&app, "camille@example.fr", Role::Client).await;
        let (_, provider) = member(&app, "trio@example.fr", Role::Provider).await;
        let event_id = invited(&app, &client, &provider).await;
        accepted(&app, &provider, &event_id).await;
        let booked = run(&app, &client.sub, &event_id, &provider.sub)
            .await
            .unwrap();
        let id = booked.request.project_id.expect("a project");
        let project = projects::get(&app, &id).await.unwrap().unwrap();
        assert_eq!(project.title, "Musique");
        assert_eq!(project.event_name.as_deref(), Some("Mariage"));
        assert_eq!(project.date, testing::in_days(&app, 30));
        assert_eq!(project.place.as_deref(), Some("1 place Bellecour, Lyon"));
        assert_eq!(project.status, Status::Confirmed);
        super::super::cancel::run(&app, &client.sub, &event_id)
            .await
            .unwrap();
        let project = projects::get(&app, &id).await.unwrap().unwrap();
        assert_eq!((project.status, project.version), (Status::Cancelled, 2));
    }
}
