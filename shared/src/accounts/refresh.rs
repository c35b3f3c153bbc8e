//! Refresh an access token with the refresh cookie (function `refresh`): the presented
//! token is used once and its successor issued in one transaction
//! ([`super::sessions`]).

use super::model;
use super::sessions::{self, COOKIE, Granted, invalid};
use crate::app::App;
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use crate::keys;
use crate::ports::StoreError;
use crate::ports::table::{Condition, TTL, TxOp, Update};

/// Two tabs refreshing at once present the same token; the loser is not a thief.
const REUSE_GRACE_SECS: i64 = 30;

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    if !req.from_site(&app.config.public_base_url) {
        return Err(sessions::cross_site().into());
    }
    let granted = run(app, req.cookie(COOKIE).as_deref()).await?;
    Ok(Reply::ok(&granted).with_header("set-cookie", granted.set_cookie(app)))
}

/// Rotates the refresh token the cookie value names.
pub async fn run(app: &App, cookie: Option<&str>) -> Result<Granted, Error> {
    let (id, token) = sessions::presented(app, cookie)
        .await?
        .ok_or_else(invalid)?;
    let now = app.clock.now();
    if token.used {
        if token.used_at.is_some_and(|at| now - at > REUSE_GRACE_SECS) {
            sessions::revoke(app, &token).await?;
        }
        return Err(invalid());
    }
    let (cookie, put) = sessions::next_token(app, &token.user_id, &token.family, token.epoch);
    let ops = vec![
        TxOp::Update {
            key: keys::refresh(&id),
            update: Update::default().set("used", true).set("used_at", now),
            condition: Some(Condition::Equals("used".into(), false.into())),
        },
        TxOp::Update {
            key: keys::session(&token.user_id, &token.family),
            update: Update::default().set(TTL, now + sessions::LIFETIME_SECS),
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
    Ok(sessions::grant(app, &account, &token.family, cookie))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Role;
    use crate::error::Kind;
    use crate::testing::{self, member};

    use crate::accounts::sessions;

    #[tokio::test]
    async fn a_refresh_token_works_once() {
        let app = testing::app();
        let (account, _) = member(&app, "camille@example.fr", Role::Client).await;
        let granted = sessions::start(&app, &account).await.unwrap();
        let next = run(&app, Some(&granted.refresh_cookie)).await.unwrap();
        assert_eq!(next.user.id, account.id);
        assert_ne!(next.refresh_cookie, granted.refresh_cookie);
        let reused = run(&app, Some(&granted.refresh_cookie)).await.unwrap_err();
        assert_eq!(reused.code, "invalid_refresh");
        assert_eq!(run(&app, None).await.unwrap_err().kind, Kind::Unauthorized);
        assert!(run(&app, Some(&next.refresh_cookie)).await.is_ok());
    }
}
