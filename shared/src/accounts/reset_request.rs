//! Ask for a password reset link by email (function `request-password-reset`).
//! Always 202, whether or not the account exists (no account enumeration).

use super::mails::{self, Kind};
use super::model;
use super::one_time::{self, Purpose};
use crate::app::App;
use crate::auth::secrets;
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use crate::keys;
use crate::ports::table::{Condition, TxOp, Update};
use serde::Deserialize;

/// The account's attribute that names (by its digest) its one valid reset link.
pub const RESET_LINK: &str = "reset_link";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Request {
    email: String,
}

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let Request { email } = req.json()?;
    run(app, &email).await?;
    Ok(Reply::empty(202))
}

/// Emails a reset link when an account has this email; returns whether one was sent
/// (never shown to the caller).
pub async fn run(app: &App, email: &str) -> Result<bool, Error> {
    let email = model::normalize_email(email)?;
    let Some(account) = model::find_by_email(app, &email).await? else {
        return Ok(false);
    };
    let (token, put) = one_time::issue(app, Purpose::Reset, &account.id);
    // The account names its one valid reset link: a new link voids the older ones.
    let newest = TxOp::Update {
        key: keys::account(&account.id),
        update: Update::default().set(RESET_LINK, secrets::digest(&token)),
        condition: Some(Condition::Exists),
    };
    if !one_time::issue_with_cooldown(app, Purpose::Reset, &email, put, vec![newest]).await? {
        return Ok(false);
    }
    let link = app.link(&format!("/reinitialiser?token={token}"));
    let mail = mails::with_link(Kind::Reset, &account.lang, &email, &account.name, &link);
    app.mailer.send(mail).await?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Role;
    use crate::testing::{self, member};

    #[tokio::test]
    async fn mails_a_link_to_existing_accounts_only() {
        let app = testing::app();
        member(&app, "camille@example.fr", Role::Client).await;
        assert!(run(&app, "camille@example.fr").await.unwrap());
        let mail = app.sent.to("camille@example.fr").pop().unwrap();
        assert!(mail.text.contains("/reinitialiser?token="));
        assert!(!run(&app, "nobody@example.fr").await.unwrap());
        assert!(app.sent.to("nobody@example.fr").is_empty());
    }

    #[tokio::test]
    async fn twenty_requests_in_a_row_send_one_email_per_cooldown() {
        let app = testing::app();
        member(&app, "camille@example.fr", Role::Client).await;
        let before = app.sent.to("camille@example.fr").len();
        for _ in 0..20 {
            run(&app, "camille@example.fr").await.unwrap();
        }
        assert_eq!(app.sent.to("camille@example.fr").len(), before + 1);
        app.advance(one_time::COOLDOWN_SECS + 1);
        assert!(run(&app, "camille@example.fr").await.unwrap());
        assert_eq!(app.sent.to("camille@example.fr").len(), before + 2);
    }
}
