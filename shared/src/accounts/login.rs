//! Log in with email and password.
//!
//! Throttling: each attempt first adds one to the email's counter for the current
//! 15-minute window (an atomic update); past 5 attempts the password is not even
//! checked and the answer is 429 until the window ends. A success clears the counter.

use super::model::{self, Account};
use super::sessions;
use crate::app::App;
use crate::auth::passwords;
use crate::error::{Error, Kind};
use crate::http::{ApiError, Reply, Req};
use crate::keys;
use crate::ports::table::{TTL, Update};
use serde::Deserialize;

pub const WINDOW_SECS: i64 = 15 * 60;
/// Attempts on one email from one source address in a window: a stranger's wrong guesses
/// lock out that stranger, not the owner logging in from elsewhere.
pub const MAX_ATTEMPTS: i64 = 5;
/// Attempts on one email from all addresses in a window: a guess spread over many addresses
/// still stops (and then locks the owner out until the window ends).
pub const MAX_EMAIL_ATTEMPTS: i64 = 50;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Credentials {
    pub email: String,
    pub password: String,
    /// Where the request came from (API Gateway's `sourceIp`), not part of the body.
    #[serde(skip)]
    pub source: Option<String>,
}

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let mut credentials: Credentials = req.json()?;
    credentials.source = req.source_ip.clone();
    let account = run(app, credentials).await?;
    let granted = sessions::start(app, &account).await?;
    Ok(Reply::ok(&granted).with_header("set-cookie", granted.set_cookie(app)))
}

pub async fn run(app: &App, input: Credentials) -> Result<Account, Error> {
    let email = model::normalize_email(&input.email)?;
    let now = app.clock.now();
    let window = now / WINDOW_SECS;
    let window_end = (window + 1) * WINDOW_SECS;
    let source = input.source.as_deref().unwrap_or("unknown");
    let from_source = keys::login_throttle(&email, window, Some(source));
    let from_all = keys::login_throttle(&email, window, None);
    // Counted before the password is checked: of many attempts at once, only the allowed
    // number is checked.
    for (key, bound) in [
        (&from_source, MAX_ATTEMPTS),
        (&from_all, MAX_EMAIL_ATTEMPTS),
    ] {
        let counted = app
            .table
            .update(
                key,
                Update::default().add("attempts", 1).set(TTL, window_end),
                None,
            )
            .await?;
        if counted
            .get("attempts")
            .and_then(|v| v.as_i64())
            .unwrap_or(0)
            > bound
        {
            return Err(Error::too_many(
                "too_many_attempts",
                "too many attempts: try again later",
                window_end - now,
            ));
        }
    }
    let account = model::find_by_email(app, &email).await?;
    let stored = account.as_ref().map(|a| a.password_hash.as_str());
    // Always hashed (against a decoy for an unknown email): the answer takes the same time
    // whether or not the account exists.
    let matches = passwords::verify(&input.password, stored).await?;
    match account {
        Some(account) if matches => {
            app.table.delete(&from_source, None).await?;
            Ok(account)
        }
        _ => Err(Error::new(
            Kind::Unauthorized,
            "invalid_credentials",
            "wrong email or password",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Role;
    use crate::error::Kind;
    use crate::testing::{self, member};

    #[tokio::test]
    async fn opens_the_right_password_and_throttles_the_sixth_attempt() {
        let app = testing::app();
        let (account, _) = member(&app, "camille@example.fr", Role::Client).await;
        let login = |password: &str| Credentials {
            email: "camille@example.fr".into(),
            password: password.into(),
            source: Some("192.0.2.7".into()),
        };
        assert_eq!(
            run(&app, login(testing::PASSWORD)).await.unwrap().id,
            account.id
        );
        for _ in 0..5 {
            let wrong = run(&app, login("wrong password!")).await.unwrap_err();
            assert_eq!(wrong.code, "invalid_credentials");
        }
        let throttled = run(&app, login(testing::PASSWORD)).await.unwrap_err();
        assert!(matches!(throttled.kind, Kind::TooMany { retry_after } if retry_after > 0));
    }

    #[tokio::test]
    async fn a_strangers_wrong_guesses_do_not_lock_the_owner_out_from_elsewhere() {
        let app = testing::app();
        let (account, _) = member(&app, "camille@example.fr", Role::Client).await;
        let from = |source: &str, password: &str| Credentials {
            email: "camille@example.fr".into(),
            password: password.into(),
            source: Some(source.into()),
        };
        for _ in 0..5 {
            run(&app, from("198.51.100.66", "a stranger's guess"))
                .await
                .unwrap_err();
        }
        let stranger = run(&app, from("198.51.100.66", testing::PASSWORD))
            .await
            .unwrap_err();
        assert_eq!(stranger.code, "too_many_attempts");
        let owner = run(&app, from("192.0.2.7", testing::PASSWORD))
            .await
            .unwrap();
        assert_eq!(owner.id, account.id, "the owner, from its own address");
        // Guesses spread over many addresses stop at the email's own bound.
        for i in 0..MAX_EMAIL_ATTEMPTS {
            let source = format!("203.0.113.{}", i % 200);
            let _ = run(&app, from(&source, "spread guesses")).await;
        }
        let spread = run(&app, from("192.0.2.8", testing::PASSWORD))
            .await
            .unwrap_err();
        assert_eq!(spread.code, "too_many_attempts");
    }

    /// The median time of a wrong log-in for an existing email and for an unknown one, taken
    /// in turns (so that a busy machine slows both alike), must be within 20 % of each other.
    #[tokio::test]
    async fn a_wrong_log_in_takes_as_long_for_an_unknown_email() {
        let app = testing::app();
        member(&app, "camille@example.fr", Role::Client).await;
        let attempt = async |email: &str| {
            // A new throttling window each time: every attempt is checked.
            app.advance(WINDOW_SECS);
            let attempt = Credentials {
                email: email.into(),
                password: "wrong password!".into(),
                source: None,
            };
            let refused = run(&app, attempt).await.unwrap_err();
            assert_eq!(refused.code, "invalid_credentials");
        };
        let (known, unknown) = testing::medians_for_known_and_unknown(21, attempt).await;
        let gap = (known - unknown).abs() / known.max(unknown);
        eprintln!("wrong log-in medians: known {known:.4} s, unknown {unknown:.4} s");
        assert!(gap < 0.2, "known {known:.4} s, unknown {unknown:.4} s");
    }
}
