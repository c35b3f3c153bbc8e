//! Ask for a password reset link by email (function `request-password-reset`).
//! Always 202, after the same work whether or not the account exists (no account
//! enumeration): the request records the ask, and the change feed sends the link.

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

/// Asks for a reset link to `email`: the same work whether or not an account has it.
/// Returns whether the ask was recorded (false within the address's cooldown; never
/// shown to the caller).
pub async fn run(app: &App, email: &str) -> Result<bool, Error> {
    let email = model::normalize_email(email)?;
    one_time::ask_for_email(app, Purpose::Reset, &email).await
}

/// Emails a new reset link to the account of `email`, if any (the change feed, once the
/// ask is recorded); returns whether one was sent.
pub async fn mail(app: &App, email: &str) -> Result<bool, Error> {
    let Some(account) = model::find_by_email(app, email).await? else {
        return Ok(false);
    };
    let (token, put) = one_time::issue(app, Purpose::Reset, &account.id);
    // The account names its one valid reset link: a new link voids the older ones.
    let newest = TxOp::Update {
        key: keys::account(&account.id),
        update: Update::default().set(RESET_LINK, secrets::digest(&token)),
        condition: Some(Condition::Exists),
    };
    app.table.transact(vec![put, newest]).await?;
    let link = app.link(&format!("/reinitialiser?token={token}"));
    let mail = mails::with_link(Kind::Reset, &account.lang, email, &account.name, &link);
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
        assert!(run(&app, "nobody@example.fr").await.unwrap());
        assert!(
            app.sent.to("camille@example.fr").len() == 1,
            "the request itself sends nothing"
        );
        app.notify().await;
        let mail = app.sent.to("camille@example.fr").pop().unwrap();
        assert!(mail.text.contains("/reinitialiser?token="));
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
        app.notify().await;
        assert_eq!(app.sent.to("camille@example.fr").len(), before + 1);
        app.advance(one_time::COOLDOWN_SECS + 1);
        assert!(run(&app, "camille@example.fr").await.unwrap());
        app.notify().await;
        assert_eq!(app.sent.to("camille@example.fr").len(), before + 2);
    }

    /// The median time of an ask for an existing email and for an unknown one, taken in
    /// turns (so that a busy machine slows both alike), must be within 20 % of each other.
    #[tokio::test]
    async fn an_ask_takes_as_long_for_an_unknown_email() {
        let app = testing::app();
        member(&app, "camille@example.fr", Role::Client).await;
        let ask = async |email: &str| {
            // Past the cooldown each time: every ask is recorded.
            app.advance(one_time::COOLDOWN_SECS + 1);
            assert!(run(&app, email).await.unwrap());
        };
        // Sub-millisecond asks: many rounds, so that the medians settle.
        let (known, unknown) = testing::medians_for_known_and_unknown(201, ask).await;
        let gap = (known - unknown).abs() / known.max(unknown);
        eprintln!("reset ask medians: known {known:.5} s, unknown {unknown:.5} s");
        assert!(gap < 0.2, "known {known:.5} s, unknown {unknown:.5} s");
    }
}
