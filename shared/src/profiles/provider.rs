//! A provider's public profile (`GET /api/providers/{id}`, function `profiles-read`):
//! public once its email is verified (listed); to anyone else it does not exist.

use super::model::{self, Profile};
use crate::app::App;
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use crate::keys;
use serde_json::json;

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let id = req.param("id");
    let (profile, updated_at) = run(app, id).await?;
    Ok(Reply::ok(json!({"profile": profile.view(id, updated_at)})))
}

/// The listed provider's profile, and when it changed.
pub async fn run(app: &App, provider_id: &str) -> Result<(Profile, i64), Error> {
    let item = app
        .table
        .get(&keys::profile(provider_id))
        .await?
        .filter(model::is_listed)
        .ok_or_else(super::not_found)?;
    match model::from_item(item)? {
        found @ (Profile::Provider(_), _) => Ok(found),
        _ => Err(super::not_found()),
    }
}
