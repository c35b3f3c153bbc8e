//! Set a new password with a reset link (function `reset-password`). Setting it
//! consumes the link, verifies the address (the link proved it), bumps the session epoch
//! and revokes every session of the account — all in one transaction — so that every
//! access token, ticket and refresh token issued before fails; then it closes the
//! account's live sockets.

use super::one_time::{self, Purpose};
use super::reset_request::RESET_LINK;
use super::sessions;
use crate::app::App;
use crate::auth::{passwords, secrets};
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use crate::ports::table::{Condition, TxOp, Update};
use crate::{keys, live};
use serde::Deserialize;

/// The body of `POST /api/auth/password-reset/confirm`, and the rule's input.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewPassword {
    pub token: String,
    pub password: String,
}

/// Sessions ended in the reset's own transaction (DynamoDB takes 100 writes in one).
const TX_ROOM: usize = 98;

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    run(app, req.json()?).await?;
    Ok(Reply::empty(204))
}

/// Sets the password of the link's account; returns the account's id.
pub async fn run(app: &App, input: NewPassword) -> Result<String, Error> {
    passwords::check_strength(&input.password)?;
    let (user_id, link) = one_time::lookup(app, Purpose::Reset, &input.token).await?;
    let hash = passwords::hash(&input.password).await?;
    let update = Update::default()
        .set("password_hash", hash)
        .set("email_verified", true)
        .add("session_epoch", 1)
        .remove(RESET_LINK);
    // Only the account's newest link resets it, once: the reset forgets it, so every other
    // link of the account is void too.
    let newest = Condition::Equals(
        RESET_LINK.into(),
        secrets::digest(input.token.trim()).into(),
    );
    let mut ends = sessions::revoke_all(app, &user_id).await?;
    let later = ends.split_off(ends.len().min(TX_ROOM));
    let mut ops = vec![
        one_time::consume_op(link),
        TxOp::Update {
            key: keys::account(&user_id),
            update,
            condition: Some(newest),
        },
    ];
    ops.extend(ends);
    one_time::transact(app, ops).await?;
    // Beyond one transaction's room, the other sessions end right after: their refresh
    // tokens already fail on the epoch.
    for chunk in later.chunks(100) {
        app.table.transact(chunk.to_vec()).await?;
    }
    live::close(app, &user_id, None).await?;
    Ok(user_id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Role;
    use crate::testing::{self, member};

    use crate::accounts::{login, reset_request};

    #[tokio::test]
    async fn a_reset_link_sets_the_password_once() {
        let app = testing::app();
        let (account, _) = member(&app, "camille@example.fr", Role::Client).await;
        reset_request::run(&app, "camille@example.fr")
            .await
            .unwrap();
        app.notify().await;
        let token = testing::token_of(&app.sent.to("camille@example.fr").pop().unwrap());
        let new = |password: &str| NewPassword {
            token: token.clone(),
            password: password.into(),
        };
        assert_eq!(
            run(&app, new("short")).await.unwrap_err().code,
            "invalid_field"
        );
        assert_eq!(
            run(&app, new("a brand new secret")).await.unwrap(),
            account.id
        );
        let credentials = login::Credentials {
            email: "camille@example.fr".into(),
            password: "a brand new secret".into(),
            source: None,
        };
        assert!(login::run(&app, credentials).await.is_ok());
        let again = run(&app, new("another new secret")).await.unwrap_err();
        assert_eq!(again.code, "invalid_token");
    }

    #[tokio::test]
    async fn only_the_newest_link_resets_and_a_reset_voids_the_others() {
        let app = testing::app();
        member(&app, "camille@example.fr", Role::Client).await;
        let mut tokens = Vec::new();
        for _ in 0..3 {
            // One link a cooldown.
            app.advance(super::super::one_time::COOLDOWN_SECS + 1);
            reset_request::run(&app, "camille@example.fr")
                .await
                .unwrap();
            app.notify().await;
            tokens.push(testing::token_of(
                &app.sent.to("camille@example.fr").pop().unwrap(),
            ));
        }
        let new = |token: &str, password: &str| NewPassword {
            token: token.into(),
            password: password.into(),
        };
        let older = run(&app, new(&tokens[0], "an older link's password"))
            .await
            .unwrap_err();
        assert_eq!(older.code, "invalid_token", "a newer link voids it");
        run(&app, new(&tokens[2], "the newest link's password"))
            .await
            .unwrap();
        for token in &tokens[..2] {
            let voided = run(&app, new(token, "a stolen link's password"))
                .await
                .unwrap_err();
            assert_eq!(voided.code, "invalid_token");
        }
        let credentials = login::Credentials {
            email: "camille@example.fr".into(),
            password: "the newest link's password".into(),
            source: None,
        };
        assert!(login::run(&app, credentials).await.is_ok());
    }
}
