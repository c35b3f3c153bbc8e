//! Create an event (function `create-event`).
//!
//! Only clients organise events. The date must be today or later (in France). One
//! conditional put of the new item (its id is random; the condition makes a collision
//! an error, never an overwrite).
//!
//! Table calls: 1 PutItem.

use super::model::{DetailsInput, Event, EventStatus};
use crate::app::App;
use crate::auth::Role;
use crate::auth::secrets;
use crate::auth::tokens::AccessClaims;
use crate::dates;
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use crate::ports::table::Condition;
use serde_json::json;
use std::collections::BTreeMap;

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let caller = req.auth(app).await?;
    let event = run(app, &caller, req.json()?).await?;
    Ok(Reply::json(201, json!({"event": event.view()})))
}

pub async fn run(app: &App, caller: &AccessClaims, input: DetailsInput) -> Result<Event, Error> {
    if caller.role != Role::Client {
        return Err(Error::forbidden("only clients organise events"));
    }
    let details = input.validated()?;
    let now = app.clock.now();
    dates::upcoming("date", &details.date, now)?;
    let event = Event {
        id: secrets::new_id(),
        client_id: caller.sub.clone(),
        details,
        status: EventStatus::Active,
        bookings: BTreeMap::new(),
        version: 1,
        created_at: now,
        updated_at: now,
    };
    app.table
        .put(event.item(), Some(Condition::NotExists))
        .await?;
    Ok(event)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Role;
    use crate::error::Kind;
    use crate::testing::{self, member};

    #[tokio::test]
    async fn clients_create_upcoming_events() {
        let app = testing::app();
        let (_, client) = member(&app, "camille@example.fr", Role::Client).await;
        let (_, provider) = member(&app, "trio@example.fr", Role::Provider).await;
        let event = run(&app, &client, testing::details(&app, "Mariage", 30))
            .await
            .unwrap();
        assert_eq!(
            (event.version, event.details.city_code.as_deref()),
            (1, Some("69123"))
        );
        let past = run(&app, &client, testing::details(&app, "Hier", -1))
            .await
            .unwrap_err();
        assert_eq!(past.kind, Kind::Invalid);
        let by_provider = testing::details(&app, "Concert", 30);
        assert_eq!(
            run(&app, &provider, by_provider).await.unwrap_err().kind,
            Kind::Forbidden
        );
    }
}
