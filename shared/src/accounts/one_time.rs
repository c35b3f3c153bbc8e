//! One-time links sent by email (verify an address, reset a password): a random
//! token whose digest is stored with an expiry; consuming it deletes it in the same
//! transaction as the change it allows, so a link works once.

use crate::app::App;
use crate::auth::secrets;
use crate::error::Error;
use crate::ports::table::{Condition, TTL, TxOp};
use crate::ports::{Key, StoreError};
use crate::{items, keys};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Verify,
    Reset,
}

impl Purpose {
    pub fn sort_key(self) -> &'static str {
        match self {
            Purpose::Verify => "VERIFY",
            Purpose::Reset => "RESET",
        }
    }
    /// The purpose a sort key names (`VERIFY`, `RESET`).
    pub fn from_sort_key(name: &str) -> Option<Self> {
        match name {
            "VERIFY" => Some(Purpose::Verify),
            "RESET" => Some(Purpose::Reset),
            _ => None,
        }
    }
    fn lifetime(self) -> i64 {
        match self {
            Purpose::Verify => 48 * 3600,
            Purpose::Reset => 3600,
        }
    }
}

#[derive(Serialize, Deserialize)]
struct Link {
    user_id: String,
}

/// A new link token for `user_id`, and the write that stores it (to put in the
/// caller's transaction or alone).
pub fn issue(app: &App, purpose: Purpose, user_id: &str) -> (String, TxOp) {
    let token = secrets::random_token();
    let key = keys::one_time(purpose.sort_key(), &secrets::digest(&token));
    let mut item = items::with_key(
        &key,
        Link {
            user_id: user_id.to_owned(),
        },
    );
    item.insert(TTL.into(), (app.clock.now() + purpose.lifetime()).into());
    (
        token,
        TxOp::Put {
            item,
            condition: Some(Condition::NotExists),
        },
    )
}

/// The user a live link was issued for, and its key (to delete with `consume_op`).
pub async fn lookup(app: &App, purpose: Purpose, token: &str) -> Result<(String, Key), Error> {
    let key = keys::one_time(purpose.sort_key(), &secrets::digest(token.trim()));
    let item = app.table.get(&key).await?.ok_or_else(invalid)?;
    // The store hides expired items by its own clock; the rule uses the app's.
    if item
        .get(TTL)
        .and_then(|t| t.as_i64())
        .is_some_and(|ttl| ttl <= app.clock.now())
    {
        return Err(invalid());
    }
    let link: Link = items::record(item)?;
    Ok((link.user_id, key))
}

/// Deletes the link, failing the transaction if it was already used or expired.
/// How long an address waits between two emails of one kind (a reset link, a verification
/// link): asking again meanwhile answers the same and sends nothing.
pub const COOLDOWN_SECS: i64 = 5 * 60;

/// Asks for an email of `purpose` to `email`, whether or not an account has it: the
/// address's cooldown item is put, on condition that the last one has run out, and the
/// change feed sends the email ([`super::link_mail`]). The answer takes the same work (one
/// conditional put, no read) for every address. Returns false (nothing written) within
/// the cooldown.
pub async fn ask_for_email(app: &App, purpose: Purpose, email: &str) -> Result<bool, Error> {
    let now = app.clock.now();
    let until = now + COOLDOWN_SECS;
    let mut cooldown = items::with_key(
        &keys::email_cooldown(email, purpose.sort_key()),
        serde_json::json!({"email": email, "asked_at": now, "until": until}),
    );
    cooldown.insert(TTL.into(), until.into());
    // Run out by the app's clock (the store forgets it later, by its `ttl`).
    let ran_out = Condition::Or(vec![
        Condition::NotExists,
        Condition::LessThan("until".into(), now + 1),
    ]);
    match app.table.put(cooldown, Some(ran_out)).await {
        Ok(()) => Ok(true),
        Err(StoreError::ConditionFailed) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

pub fn consume_op(key: Key) -> TxOp {
    TxOp::Delete {
        key,
        condition: Some(Condition::Exists),
    }
}

/// Runs a transaction that consumes a link: a lost race reads as an invalid link.
pub async fn transact(app: &App, ops: Vec<TxOp>) -> Result<(), Error> {
    match app.table.transact(ops).await {
        Err(StoreError::TransactionCancelled { .. }) => Err(invalid()),
        other => Ok(other?),
    }
}

pub fn invalid() -> Error {
    Error::invalid(
        "invalid_token",
        "this link is invalid, expired or already used",
    )
}
