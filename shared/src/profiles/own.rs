//! The caller's own profile, with its private settings (`GET /api/me/profile`,
//! function `profiles-read`).

use super::model::{self, Profile};
use crate::accounts::{Account, read as account};
use crate::app::App;
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use crate::keys;
use serde_json::json;

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let caller = req.auth(app)?;
    let (account, profile, updated_at) = run(app, &caller.sub).await?;
    let mut view = profile.view(&account.id, updated_at);
    view.email = Some(account.email);
    view.notify_by_email = Some(account.notify_by_email);
    Ok(Reply::ok(json!({ "profile": view })))
}

/// The caller's account, profile, and when the profile changed.
pub async fn run(app: &App, user_id: &str) -> Result<(Account, Profile, i64), Error> {
    let account = account::run(app, user_id).await?;
    let item = app
        .table
        .get(&keys::profile(&account.id))
        .await?
        .ok_or_else(super::not_found)?;
    let (profile, updated_at) = model::from_item(item)?;
    Ok((account, profile, updated_at))
}
