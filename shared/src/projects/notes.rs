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
    let caller = req.auth(app).await?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Kind;
    use crate::testing::{self, confirmed_project};

    #[tokio::test]
    async fn the_notes_are_the_providers_own() {
        let app = testing::app();
        let (provider, client, project) = confirmed_project(&app).await;
        let saved = run(&app, &provider.sub, &project.id, "  Prévoir le 85 mm  ")
            .await
            .unwrap();
        assert_eq!(saved, "Prévoir le 85 mm");
        let by_client = run(&app, &client.sub, &project.id, "x").await.unwrap_err();
        assert_eq!(by_client.kind, Kind::Forbidden);
        let long = "a".repeat(MAX_NOTES + 1);
        let too_long = run(&app, &provider.sub, &project.id, &long)
            .await
            .unwrap_err();
        assert_eq!(too_long.code, "invalid_field");
        let loaded = model::load(&app, &project.id, &provider.sub).await.unwrap();
        assert_eq!(loaded.notes.as_deref(), Some("Prévoir le 85 mm"));
    }
}
