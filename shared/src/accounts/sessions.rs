//! Log-in sessions: a short-lived access token plus a rotating refresh token kept in
//! an HttpOnly cookie.
//!
//! A session (one per log-in) holds a family of refresh tokens. Refreshing uses the
//! presented token once (a conditional update) and issues its successor in the same
//! transaction, which also checks that the session is not revoked and that no
//! password reset happened since (the account's `session_epoch`). A token presented
//! again after its grace period means it was stolen: the whole session is revoked.

use super::model::{self, Account, UserView};
use crate::app::App;
use crate::auth::secrets;
use crate::auth::tokens::TokenKind;
use crate::http::{ApiError, Reply, Req};
use crate::ports::StoreError;
use crate::ports::table::{Condition, TTL, TxOp, Update};
use crate::{items, keys};
use serde::{Deserialize, Serialize};
use serde_json::json;

pub const COOKIE: &str = "estrade_refresh";
pub const LIFETIME_SECS: i64 = 30 * 24 * 3600;
/// Two tabs refreshing at once present the same token; the loser is not a thief.
const REUSE_GRACE_SECS: i64 = 30;

#[derive(Serialize, Deserialize)]
struct Session {
    user_id: String,
    revoked: bool,
    created_at: i64,
}

#[derive(Serialize, Deserialize)]
struct RefreshToken {
    user_id: String,
    family: String,
    secret_digest: String,
    epoch: i64,
    used: bool,
    used_at: Option<i64>,
}

/// Opens a new session for a logged-in account.
pub async fn start(app: &App, account: &Account) -> Result<Reply, ApiError> {
    let family = secrets::new_id();
    let now = app.clock.now();
    let mut session = items::with_key(
        &keys::session(&account.id, &family),
        Session {
            user_id: account.id.clone(),
            revoked: false,
            created_at: now,
        },
    );
    session.insert(TTL.into(), (now + LIFETIME_SECS).into());
    let (cookie, put) = next_token(app, &account.id, &family, account.session_epoch);
    app.table
        .transact(vec![
            TxOp::Put {
                item: session,
                condition: None,
            },
            put,
        ])
        .await?;
    Ok(grant(app, account, &cookie))
}

pub async fn refresh(app: &App, req: Req) -> Result<Reply, ApiError> {
    let (id, token) = presented(app, &req).await?.ok_or_else(invalid)?;
    let now = app.clock.now();
    if token.used {
        if token.used_at.is_some_and(|at| now - at > REUSE_GRACE_SECS) {
            revoke(app, &token).await?;
        }
        return Err(invalid());
    }
    let (cookie, put) = next_token(app, &token.user_id, &token.family, token.epoch);
    let ops = vec![
        TxOp::Update {
            key: keys::refresh(&id),
            update: Update::default().set("used", true).set("used_at", now),
            condition: Some(Condition::Equals("used".into(), false.into())),
        },
        TxOp::Update {
            key: keys::session(&token.user_id, &token.family),
            update: Update::default().set(TTL, now + LIFETIME_SECS),
            condition: Some(Condition::Equals("revoked".into(), false.into())),
        },
        TxOp::Check {
            key: keys::account(&token.user_id),
            condition: Condition::Equals("session_epoch".into(), token.epoch.into()),
        },
        put,
    ];
    match app.table.transact(ops).await {
        Err(StoreError::TransactionCancelled { .. }) => return Err(invalid()),
        other => other?,
    }
    let account = model::get(app, &token.user_id).await?.ok_or_else(invalid)?;
    Ok(grant(app, &account, &cookie))
}

pub async fn logout(app: &App, req: Req) -> Result<Reply, ApiError> {
    if let Some((_, token)) = presented(app, &req).await? {
        revoke(app, &token).await?;
    }
    Ok(Reply::empty(204).with_header("set-cookie", cookie(app, "", 0)))
}

/// The refresh token of the request's cookie, when it exists and its secret matches.
async fn presented(app: &App, req: &Req) -> Result<Option<(String, RefreshToken)>, ApiError> {
    let Some(value) = req.cookie(COOKIE) else {
        return Ok(None);
    };
    let Some((id, secret)) = value.split_once('.') else {
        return Ok(None);
    };
    let Some(item) = app.table.get(&keys::refresh(id)).await? else {
        return Ok(None);
    };
    let token: RefreshToken = items::record(item)?;
    Ok((token.secret_digest == secrets::digest(secret)).then(|| (id.to_owned(), token)))
}

async fn revoke(app: &App, token: &RefreshToken) -> Result<(), ApiError> {
    let key = keys::session(&token.user_id, &token.family);
    let update = Update::default().set("revoked", true);
    match app
        .table
        .update(&key, update, Some(Condition::Exists))
        .await
    {
        Ok(_) | Err(StoreError::ConditionFailed) => Ok(()),
        Err(e) => Err(e.into()),
    }
}

/// A new refresh token of a session: the cookie value and the write that stores it.
fn next_token(app: &App, user_id: &str, family: &str, epoch: i64) -> (String, TxOp) {
    let id = secrets::new_id();
    let secret = secrets::random_token();
    let record = RefreshToken {
        user_id: user_id.to_owned(),
        family: family.to_owned(),
        secret_digest: secrets::digest(&secret),
        epoch,
        used: false,
        used_at: None,
    };
    let mut item = items::with_key(&keys::refresh(&id), record);
    item.insert(TTL.into(), (app.clock.now() + LIFETIME_SECS).into());
    (
        format!("{id}.{secret}"),
        TxOp::Put {
            item,
            condition: Some(Condition::NotExists),
        },
    )
}

fn grant(app: &App, account: &Account, refresh_cookie: &str) -> Reply {
    let (access_token, expires_in) = app
        .tokens
        .issue(&account.id, account.role, TokenKind::Access);
    Reply::ok(json!({
        "access_token": access_token,
        "expires_in": expires_in,
        "user": UserView::from(account),
    }))
    .with_header("set-cookie", cookie(app, refresh_cookie, LIFETIME_SECS))
}

fn cookie(app: &App, value: &str, max_age: i64) -> String {
    cookie::Cookie::build((COOKIE, value.to_owned()))
        .http_only(true)
        .secure(app.config.cookie_secure)
        .same_site(cookie::SameSite::Strict)
        .path("/api/auth")
        .max_age(cookie::time::Duration::seconds(max_age))
        .build()
        .to_string()
}

fn invalid() -> ApiError {
    ApiError::new(
        401,
        "invalid_refresh",
        "your session has ended: log in again",
    )
}
