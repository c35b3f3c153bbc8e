//! Read-only account routes (function `accounts-read`).

use super::model::{self, UserView};
use crate::app::App;
use crate::auth::tokens::TokenKind;
use crate::http::{ApiError, Reply, Req};
use serde_json::json;

pub async fn me(app: &App, req: Req) -> Result<Reply, ApiError> {
    let claims = req.auth(app)?;
    let account = model::get(app, &claims.sub)
        .await?
        .ok_or_else(|| ApiError::unauthorized("this account no longer exists"))?;
    Ok(Reply::ok(json!({"user": UserView::from(&account)})))
}

/// A 60-second ticket to open the live WebSocket (`?ticket=`), so that no
/// long-lived token ever appears in a URL.
pub async fn ws_ticket(app: &App, req: Req) -> Result<Reply, ApiError> {
    let claims = req.auth(app)?;
    let (ticket, expires_in) = app
        .tokens
        .issue(&claims.sub, claims.role, TokenKind::WsTicket);
    Ok(Reply::ok(
        json!({"ticket": ticket, "expires_in": expires_in}),
    ))
}
