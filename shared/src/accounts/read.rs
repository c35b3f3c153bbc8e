//! The caller's account (`GET /api/me`, function `accounts-read`).

use super::model::{self, Account, UserView};
use crate::app::App;
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use serde_json::json;

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let caller = req.auth(app)?;
    let account = run(app, &caller.sub).await?;
    Ok(Reply::ok(json!({"user": UserView::from(&account)})))
}

/// The account of a signed-in user (401 once it no longer exists).
pub async fn run(app: &App, user_id: &str) -> Result<Account, Error> {
    model::get(app, user_id)
        .await?
        .ok_or_else(|| Error::unauthorized("this account no longer exists"))
}
