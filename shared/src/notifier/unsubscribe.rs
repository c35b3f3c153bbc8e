//! One-click unsubscribe from message emails, without logging in (function
//! `email-preferences`). The link carries a signed token of its own kind
//! ([`TokenKind::Unsubscribe`], one year): it can only turn message emails off, and
//! it is refused as an access token or a WebSocket ticket.
//!
//! Table calls: 1 UpdateItem (on condition that the account exists).

use crate::accounts::Account;
use crate::app::App;
use crate::auth::tokens::TokenKind;
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use crate::keys;
use crate::ports::{Condition, StoreError, Update};
use serde::Deserialize;
use serde_json::json;

/// The unsubscribe link of an email to `account` (`/desabonnement?token=…`).
pub fn link(app: &App, account: &Account) -> String {
    let (token, _) = app
        .tokens
        .issue(&account.id, account.role, TokenKind::Unsubscribe);
    app.link(&format!("/desabonnement?token={token}"))
}

#[derive(Deserialize)]
struct Body {
    token: String,
}

/// `POST /api/email/unsubscribe {token}` → 200 `{"notify_by_email": false}`;
/// a token that is not a valid unsubscribe token (or whose account is gone) → 400 `invalid_token`.
pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let body: Body = req.json()?;
    run(app, &body.token).await?;
    Ok(Reply::ok(json!({"notify_by_email": false})))
}

/// Turns off the message emails of the account the token was issued for.
pub async fn run(app: &App, token: &str) -> Result<(), Error> {
    let invalid = || Error::invalid("invalid_token", "this unsubscribe link is not valid");
    let claims = app
        .tokens
        .verify(token.trim(), TokenKind::Unsubscribe)
        .map_err(|_| invalid())?;
    let off = Update::default().set("notify_by_email", false);
    match app
        .table
        .update(&keys::account(&claims.sub), off, Some(Condition::Exists))
        .await
    {
        Ok(_) => Ok(()),
        Err(StoreError::ConditionFailed) => Err(invalid()),
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Role;
    use crate::testing::{self, member};

    use crate::accounts::read;

    #[tokio::test]
    async fn the_link_turns_message_emails_off() {
        let app = testing::app();
        let (account, _) = member(&app, "camille@example.fr", Role::Client).await;
        let url = link(&app, &account);
        let token = url.split("token=").nth(1).unwrap();
        run(&app, token).await.unwrap();
        assert!(!read::run(&app, &account.id).await.unwrap().notify_by_email);
        let (access, _) = app
            .tokens
            .issue(&account.id, account.role, TokenKind::Access);
        assert_eq!(run(&app, &access).await.unwrap_err().code, "invalid_token");
    }
}
