//! Edit an event (function `update-event`): the client replaces its details as a whole.
//!
//! Not once cancelled (409 `event_cancelled`). A new date must be today or later, and
//! cannot be set once a provider is booked (409 `date_locked`: the booked provider
//! agreed to the old one); a need with a booking stays listed (409 `need_booked`).
//! One transaction: the event (on condition that it is unchanged since read) and, when
//! its summary changed (name, date, times, place, guests or budget), the summary each of
//! its requests shows.
//!
//! Table calls: 1 Query (the event and its requests) + 1 TransactWriteItems (1 + up to
//! 50 writes); again after a lost race.

use super::model::{self, DetailsInput, Event, EventStatus, same_need};
use super::retry::{self, Outcome, RETRY};
use crate::app::App;
use crate::dates;
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use crate::keys;
use crate::ports::table::{Condition, TxOp, Update};
use serde_json::json;

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let caller = req.auth(app).await?;
    let event = run(app, &caller.sub, req.param("id"), req.json()?).await?;
    Ok(Reply::ok(json!({"event": event.view()})))
}

/// Replaces the details of `client_id`'s event; returns the event as written.
pub async fn run(
    app: &App,
    client_id: &str,
    event_id: &str,
    input: DetailsInput,
) -> Result<Event, Error> {
    let details = input.validated()?;
    for attempt in RETRY.attempts() {
        let loaded = model::owned(app, event_id, client_id).await?;
        let before = &loaded.event;
        if before.status == EventStatus::Cancelled {
            return Err(model::cancelled());
        }
        let now = app.clock.now();
        if details.date != before.details.date {
            dates::upcoming("date", &details.date, now)?;
            if !before.bookings.is_empty() {
                return Err(Error::conflict(
                    "date_locked",
                    "a provider is booked on this date: the date cannot change",
                ));
            }
        }
        if let Some(need) = before
            .bookings
            .keys()
            .find(|booked| !details.needs.iter().any(|n| same_need(n, booked)))
        {
            return Err(Error::conflict(
                "need_booked",
                format!("a provider is booked for \"{need}\": it stays in the needs"),
            ));
        }
        let mut after = before.clone();
        after.details = details.clone();
        after.version += 1;
        after.updated_at = now;
        let mut ops = vec![TxOp::Put {
            item: after.item(),
            condition: Some(before.unchanged()),
        }];
        let summary = after.summary();
        if summary != before.summary() {
            let summary = serde_json::to_value(&summary).expect("summaries serialize");
            ops.extend(loaded.requests.iter().map(|r| TxOp::Update {
                key: keys::request(&r.event_id, &r.provider_id),
                update: Update::default().set("event", summary.clone()),
                condition: Some(Condition::Exists),
            }));
        }
        match app.table.transact(ops).await {
            Ok(()) => return Ok(after),
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
    use crate::error::Kind;
    use crate::testing::{self, member};

    use crate::events::create;

    #[tokio::test]
    async fn the_client_replaces_the_details() {
        let app = testing::app();
        let (_, client) = member(&app, "camille@example.fr", Role::Client).await;
        let (_, other) = member(&app, "sam@example.fr", Role::Client).await;
        let event = create::run(&app, &client, testing::details(&app, "Mariage", 30))
            .await
            .unwrap();
        let edited = testing::details(&app, "Mariage de Camille", 31);
        let after = run(&app, &client.sub, &event.id, edited).await.unwrap();
        assert_eq!(
            (after.details.name.as_str(), after.version),
            ("Mariage de Camille", 2)
        );
        let theirs = testing::details(&app, "Pris", 31);
        assert_eq!(
            run(&app, &other.sub, &event.id, theirs)
                .await
                .unwrap_err()
                .kind,
            Kind::NotFound
        );
    }
}
