//! Set a new password with a reset link (function `reset-password`). Setting it
//! consumes the link, verifies the address (the link proved it) and bumps the session
//! epoch, which ends every other session of the account — all in one transaction.

use super::one_time::{self, Purpose};
use crate::app::App;
use crate::auth::passwords;
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use crate::keys;
use crate::ports::table::{Condition, TxOp, Update};
use serde::Deserialize;

/// The body of `POST /api/auth/password-reset/confirm`, and the rule's input.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewPassword {
    pub token: String,
    pub password: String,
}

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
        .add("session_epoch", 1);
    one_time::transact(
        app,
        vec![
            one_time::consume_op(link),
            TxOp::Update {
                key: keys::account(&user_id),
                update,
                condition: Some(Condition::Exists),
            },
        ],
    )
    .await?;
    Ok(user_id)
}
