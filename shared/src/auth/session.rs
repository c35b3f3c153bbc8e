//! Log-in sessions as the routes check them: an access token (or a WebSocket ticket)
//! names its session, and works only while that session is open. Log-out and a password
//! reset mark the session `revoked`, so its tokens fail at once, not when they expire.
//!
//! The check costs one `GetItem` of the session's item per authenticated request, and a
//! write one `UpdateItem` more (its count against the caller's write limit).

use super::tokens::{AccessClaims, TokenKind};
use crate::app::App;
use crate::error::Error;
use crate::http::{ApiError, Req};
use crate::keys;
use serde::{Deserialize, Serialize};

/// A log-in session's item (`USER#{user_id}` / `SESSION#{id}`): the family of its refresh
/// tokens, and whether it ended.
#[derive(Debug, Serialize, Deserialize)]
pub struct Session {
    pub user_id: String,
    pub revoked: bool,
    pub created_at: i64,
}

/// Whether the session `claims` name exists and has not ended.
pub async fn is_open(app: &App, claims: &AccessClaims) -> Result<bool, Error> {
    if claims.sid.is_empty() {
        return Ok(false);
    }
    let Some(item) = app
        .table
        .get(&keys::session(&claims.sub, &claims.sid))
        .await?
    else {
        return Ok(false);
    };
    let session: Session = crate::items::record(item)?;
    Ok(!session.revoked)
}

impl Req {
    /// The caller's identity from `Authorization: Bearer <access token>`, while its
    /// session is open; a write counts against the caller's limit
    /// ([`super::write_limit`]).
    pub async fn auth(&self, app: &App) -> Result<AccessClaims, ApiError> {
        let token = self
            .header("authorization")
            .and_then(|h| h.strip_prefix("Bearer "))
            .ok_or_else(|| {
                ApiError::new(401, "unauthorized", "log in first (missing bearer token)")
            })?;
        let claims = app
            .tokens
            .verify(token.trim(), TokenKind::Access)
            .map_err(|_| ApiError::new(401, "unauthorized", "invalid or expired access token"))?;
        if !is_open(app, &claims).await? {
            return Err(ApiError::new(
                401,
                "unauthorized",
                "your session has ended: log in again",
            ));
        }
        if let Some(bound) = app.config.writes_per_minute.filter(|_| self.writes) {
            super::write_limit::count(app, &claims.sub, bound).await?;
        }
        Ok(claims)
    }
}
