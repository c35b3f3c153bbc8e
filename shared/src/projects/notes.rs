//! The provider's private notes on a project (function `project-notes`):
//! `PUT /api/projects/{id}/notes` with `{notes}` (up to 10 000 characters). The client
//! never sees them (403 for it, 404 for anyone else).
//!
//! Table calls: 1 GetItem + 1 PutItem.

use super::model::{self, Actor};
use crate::app::App;
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use crate::items;
use crate::keys;
use crate::validate;
use serde::Deserialize;
use serde_json::json;

/// Longest notes, in characters.
pub const MAX_NOTES: usize = 10_000;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Body {
    notes: String,
}

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let caller = req.auth(app)?;
    let Body { notes } = req.json()?;
    let notes = run(app, &caller.sub, req.param("id"), &notes).await?;
    Ok(Reply::ok(json!({"notes": notes})))
}

pub async fn run(app: &App, user_id: &str, id: &str, notes: &str) -> Result<String, Error> {
    let notes = validate::text("notes", notes, 0, MAX_NOTES)?;
    let project = model::get(app, id).await?.ok_or_else(model::not_found)?;
    match project.side_of(user_id) {
        Some(Actor::Provider) => {}
        Some(_) => return Err(Error::forbidden("the notes are the provider's own")),
        None => return Err(model::not_found()),
    }
    let record = json!({"notes": notes, "updated_at": app.clock.now()});
    let item = items::with_key(&keys::project_notes(id), record);
    app.table.put(item, None).await?;
    Ok(notes)
}
