//! Send a fresh verification link (function `resend-verification`). Always 202, after
//! the same work whether or not the account exists: the request records the ask, and the
//! change feed sends the link.

use super::mails::{self, Kind};
use super::model;
use super::one_time::{self, Purpose};
use crate::app::App;
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Resend {
    email: String,
}

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let Resend { email } = req.json()?;
    run(app, &email).await?;
    Ok(Reply::empty(202))
}

/// Asks for a new verification link to `email`: the same work whether or not an
/// unconfirmed account has it. Returns whether the ask was recorded (false within the
/// address's cooldown; never shown to the caller).
pub async fn run(app: &App, email: &str) -> Result<bool, Error> {
    let email = model::normalize_email(email)?;
    one_time::ask_for_email(app, Purpose::Verify, &email).await
}

/// Emails a new link to the account of `email` when it exists and is not confirmed yet
/// (the change feed, once the ask is recorded); returns whether one was sent.
pub async fn mail(app: &App, email: &str) -> Result<bool, Error> {
    let Some(account) = model::find_by_email(app, email)
        .await?
        .filter(|a| !a.email_verified)
    else {
        return Ok(false);
    };
    let (token, put) = one_time::issue(app, Purpose::Verify, &account.id);
    app.table.transact(vec![put]).await?;
    let link = app.link(&format!("/verifier?token={token}"));
    let mail = mails::with_link(Kind::Verify, &account.lang, email, &account.name, &link);
    app.mailer.send(mail).await?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Role;
    use crate::testing::{self, member};

    use crate::accounts::signup::{self, SignUp};

    #[tokio::test]
    async fn resends_to_unverified_accounts_only() {
        let app = testing::app();
        let input = SignUp {
            email: "sam@example.fr".into(),
            password: testing::PASSWORD.into(),
            role: Role::Client,
            name: "Sam".into(),
            lang: Some("en".into()),
        };
        signup::run(&app, input).await.unwrap();
        assert!(run(&app, "SAM@example.fr").await.unwrap());
        app.notify().await;
        let sent = app.sent.to("sam@example.fr");
        assert_eq!(sent.len(), 2);
        assert!(sent[1].subject.starts_with("Confirm your email"));
        member(&app, "camille@example.fr", Role::Client).await;
        assert!(run(&app, "camille@example.fr").await.unwrap());
        assert!(run(&app, "nobody@example.fr").await.unwrap());
        app.notify().await;
        assert_eq!(
            app.sent.to("camille@example.fr").len(),
            1,
            "confirmed already"
        );
        assert!(app.sent.to("nobody@example.fr").is_empty());
        assert_eq!(
            run(&app, "not an email").await.unwrap_err().code,
            "invalid_field"
        );
        // Ten more in a row: none within the cooldown.
        for _ in 0..10 {
            assert!(!run(&app, "sam@example.fr").await.unwrap());
        }
        app.notify().await;
        assert_eq!(app.sent.to("sam@example.fr").len(), 2);
    }
}
