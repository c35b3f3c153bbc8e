//! Password reset by email. Setting the new password consumes the link, verifies
//! the address (the link proved it) and bumps the session epoch, which ends every
//! other session of the account — all in one transaction.

use super::mails::{self, Kind};
use super::model;
use super::one_time::{self, Purpose};
use crate::app::App;
use crate::auth::passwords;
use crate::http::{ApiError, Reply, Req};
use crate::keys;
use crate::ports::table::{Condition, TxOp, Update};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Request {
    email: String,
}

/// Always 202, whether or not the account exists (no account enumeration).
pub async fn request(app: &App, req: Req) -> Result<Reply, ApiError> {
    let Request { email } = req.json()?;
    let email = model::normalize_email(&email)?;
    if let Some(account) = model::find_by_email(app, &email).await? {
        let (token, put) = one_time::issue(app, Purpose::Reset, &account.id);
        app.table.transact(vec![put]).await?;
        let link = app.link(&format!("/reinitialiser?token={token}"));
        let mail = mails::with_link(Kind::Reset, &account.lang, &email, &account.name, &link);
        app.mailer.send(mail).await?;
    }
    Ok(Reply::empty(202))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Confirm {
    token: String,
    password: String,
}

pub async fn confirm(app: &App, req: Req) -> Result<Reply, ApiError> {
    let input: Confirm = req.json()?;
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
    Ok(Reply::empty(204))
}
