//! The account record and the lookups every account use case shares.

use crate::app::App;
use crate::auth::Role;
use crate::error::Error;
use crate::{items, keys};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Account {
    pub id: String,
    pub email: String,
    pub role: Role,
    pub name: String,
    pub password_hash: String,
    pub email_verified: bool,
    /// Bumped by a password reset: sessions of an older epoch can no longer refresh.
    pub session_epoch: i64,
    pub notify_by_email: bool,
    /// "fr" or "en": the language of the emails sent to this account.
    pub lang: String,
    pub created_at: i64,
}

/// What the API shows of an account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserView {
    pub id: String,
    pub email: String,
    pub role: Role,
    pub name: String,
    pub email_verified: bool,
}

impl From<&Account> for UserView {
    fn from(a: &Account) -> Self {
        UserView {
            id: a.id.clone(),
            email: a.email.clone(),
            role: a.role,
            name: a.name.clone(),
            email_verified: a.email_verified,
        }
    }
}

/// Trims and lower-cases an email address and checks its syntax.
pub fn normalize_email(raw: &str) -> Result<String, Error> {
    let email = raw.trim().to_lowercase();
    if email.len() > 254 || !email_address::EmailAddress::is_valid(&email) {
        return Err(Error::invalid_field("email", "not a valid email address"));
    }
    Ok(email)
}

pub async fn get(app: &App, user_id: &str) -> Result<Option<Account>, Error> {
    match app.table.get(&keys::account(user_id)).await? {
        Some(item) => Ok(Some(items::record(item)?)),
        None => Ok(None),
    }
}

/// 403 `email_unverified` unless `user_id`'s email is verified: what starting a
/// conversation or inviting a provider needs (an unverified account cannot reach anyone).
///
/// Table calls: 1 GetItem.
pub async fn require_verified(app: &App, user_id: &str) -> Result<(), Error> {
    match get(app, user_id).await? {
        Some(account) if account.email_verified => Ok(()),
        _ => Err(Error::new(
            crate::error::Kind::Forbidden,
            "email_unverified",
            "confirm your email address first: follow the link we sent you",
        )),
    }
}

/// The account an email belongs to (two strongly consistent reads).
pub async fn find_by_email(app: &App, email: &str) -> Result<Option<Account>, Error> {
    #[derive(Deserialize)]
    struct Claim {
        user_id: String,
    }
    let Some(item) = app.table.get(&keys::email(email)).await? else {
        // The same two reads for an unknown email (an account no id names): a log-in's
        // answer takes as long either way.
        get(app, "-").await?;
        return Ok(None);
    };
    let claim: Claim = items::record(item)?;
    get(app, &claim.user_id).await
}
