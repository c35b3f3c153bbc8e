//! Log-in sessions: a short-lived access token plus a rotating refresh token kept in
//! an HttpOnly cookie.
//!
//! A session (one per log-in) holds a family of refresh tokens. Refreshing
//! ([`super::refresh`]) uses the presented token once (a conditional update) and
//! issues its successor in the same transaction, which also checks that the session is
//! not revoked and that no password reset happened since (the account's
//! `session_epoch`). A token presented again after its grace period means it was
//! stolen: the whole session is revoked.

use super::model::{Account, UserView};
use crate::app::App;
use crate::auth::secrets;
use crate::auth::session::Session;
use crate::auth::tokens::{SessionRef, TokenKind};
use crate::error::{Error, Kind};
use crate::ports::table::{Condition, TTL, TxOp, Update};
use crate::ports::{Key, Query, SortKey, StoreError};
use crate::{items, keys};
use serde::{Deserialize, Serialize};

pub const COOKIE: &str = "estrade_refresh";
pub const LIFETIME_SECS: i64 = 30 * 24 * 3600;
/// The most sessions a reset ends (each log-in of the last 30 days opens one).
const MAX_SESSIONS: usize = 1_000;

#[derive(Debug, Serialize, Deserialize)]
pub struct RefreshToken {
    pub user_id: String,
    pub family: String,
    secret_digest: String,
    pub epoch: i64,
    pub used: bool,
    pub used_at: Option<i64>,
}

/// What a log-in or a refresh grants: an access token, and the refresh cookie's value.
#[derive(Debug, Serialize)]
pub struct Granted {
    pub access_token: String,
    pub expires_in: i64,
    pub user: UserView,
    #[serde(skip)]
    pub refresh_cookie: String,
}

/// Opens a new session for a logged-in account.
pub async fn start(app: &App, account: &Account) -> Result<Granted, Error> {
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
    Ok(grant(app, account, &family, cookie))
}

/// The refresh token a cookie value (`{id}.{secret}`) names, when it exists and its
/// secret matches.
pub async fn presented(
    app: &App,
    cookie: Option<&str>,
) -> Result<Option<(String, RefreshToken)>, Error> {
    let Some((id, secret)) = cookie.and_then(|value| value.split_once('.')) else {
        return Ok(None);
    };
    let Some(item) = app.table.get(&keys::refresh(id)).await? else {
        return Ok(None);
    };
    let token: RefreshToken = items::record(item)?;
    Ok((token.secret_digest == secrets::digest(secret)).then(|| (id.to_owned(), token)))
}

/// Ends the session the token belongs to.
pub async fn revoke(app: &App, token: &RefreshToken) -> Result<(), Error> {
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

/// The writes that end every session of `user_id` (a password reset): its access
/// tokens and tickets fail from then on, and its refresh tokens too.
pub async fn revoke_all(app: &App, user_id: &str) -> Result<Vec<TxOp>, Error> {
    let query = Query::partition(keys::account(user_id).pk)
        .sort(SortKey::BeginsWith(keys::SESSIONS.into()));
    let sessions = app.table.query_all(query, MAX_SESSIONS).await?;
    let until = app.clock.now() + LIFETIME_SECS;
    Ok(sessions
        .iter()
        .filter_map(|item| item.get("sk").and_then(serde_json::Value::as_str))
        .map(|sk| TxOp::Update {
            key: Key::new(keys::account(user_id).pk, sk),
            // No condition: a session that expired meanwhile leaves a revoked stub that
            // expires in turn, rather than failing the reset.
            update: Update::default().set("revoked", true).set(TTL, until),
            condition: None,
        })
        .collect())
}

/// A new refresh token of a session: the cookie value and the write that stores it.
pub fn next_token(app: &App, user_id: &str, family: &str, epoch: i64) -> (String, TxOp) {
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

/// An access token for the account in session `family`, with the session's next refresh
/// cookie.
pub fn grant(app: &App, account: &Account, family: &str, refresh_cookie: String) -> Granted {
    let session = SessionRef {
        id: family,
        epoch: account.session_epoch,
    };
    let (access_token, expires_in) =
        app.tokens
            .issue_in(&account.id, account.role, TokenKind::Access, session);
    Granted {
        access_token,
        expires_in,
        user: UserView::from(account),
        refresh_cookie,
    }
}

impl Granted {
    /// The `Set-Cookie` value that hands the refresh cookie to the browser.
    pub fn set_cookie(&self, app: &App) -> String {
        cookie(app, &self.refresh_cookie, LIFETIME_SECS)
    }
}

/// The `Set-Cookie` value of the refresh cookie (an empty value and 0 clear it).
pub fn cookie(app: &App, value: &str, max_age: i64) -> String {
    cookie::Cookie::build((COOKIE, value.to_owned()))
        .http_only(true)
        .secure(app.config.cookie_secure)
        .same_site(cookie::SameSite::Strict)
        .path("/api/auth")
        .max_age(cookie::time::Duration::seconds(max_age))
        .build()
        .to_string()
}

pub fn invalid() -> Error {
    Error::new(
        Kind::Unauthorized,
        "invalid_refresh",
        "your session has ended: log in again",
    )
}

/// 403 `cross_site`: a cookie-authenticated route asked from another site.
pub fn cross_site() -> Error {
    Error::new(
        crate::error::Kind::Forbidden,
        "cross_site",
        "this request comes from another site",
    )
}
