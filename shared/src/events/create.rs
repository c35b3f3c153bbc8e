//! Create an event (function `create-event`).
//!
//! Only clients organise events. The date must be today or later (in France). One
//! conditional put of the new item (its id is random; the condition makes a collision
//! an error, never an overwrite).
//!
//! Table calls: 1 PutItem.

use super::dates;
use super::model::{DetailsInput, Event, EventStatus};
use crate::app::App;
use crate::auth::Role;
use crate::auth::secrets;
use crate::http::{ApiError, Reply, Req};
use crate::ports::table::Condition;
use serde_json::json;
use std::collections::BTreeMap;

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let claims = req.auth(app)?;
    if claims.role != Role::Client {
        return Err(ApiError::forbidden("only clients organise events"));
    }
    let input: DetailsInput = req.json()?;
    let details = input.validated()?;
    let now = app.clock.now();
    dates::upcoming("date", &details.date, now)?;
    let event = Event {
        id: secrets::new_id(),
        client_id: claims.sub,
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
    Ok(Reply::json(201, json!({"event": event.view()})))
}
