//! Sign up as a client or a provider. The email claim, the account, its empty
//! profile and the verification link are written in one transaction whose first
//! operation is the conditional put of the email claim: one email, one account,
//! however many sign-ups race.

use super::mails::{self, Kind};
use super::model::{self, Account, UserView};
use super::one_time::{self, Purpose};
use crate::app::App;
use crate::auth::{Role, passwords, secrets};
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use crate::ports::StoreError;
use crate::ports::table::{Condition, TxOp};
use crate::profiles::model::Profile;
use crate::{items, keys};
use serde::Deserialize;
use serde_json::json;

/// The body of `POST /api/auth/signup`, and the rule's input.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignUp {
    pub email: String,
    pub password: String,
    pub role: Role,
    pub name: String,
    #[serde(default)]
    pub lang: Option<String>,
}

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let account = run(app, req.json()?).await?;
    Ok(Reply::json(201, json!({"user": UserView::from(&account)})))
}

/// Creates the account and emails its verification link (a mail failure is logged:
/// the account exists and the user can ask for a new link).
pub async fn run(app: &App, input: SignUp) -> Result<Account, Error> {
    let email = model::normalize_email(&input.email)?;
    passwords::check_strength(&input.password)?;
    let name = crate::validate::line("name", &input.name, 1, 100)?;
    if input.role == Role::Admin {
        return Err(Error::forbidden(
            "admin accounts cannot be created by sign-up",
        ));
    }
    let lang = crate::validate::lang(input.lang.as_deref())?;
    let account = Account {
        id: secrets::new_id(),
        email,
        role: input.role,
        name,
        password_hash: passwords::hash(&input.password).await?,
        email_verified: false,
        session_epoch: 0,
        notify_by_email: true,
        lang,
        created_at: app.clock.now(),
    };
    let token = create(app, &account).await?;
    let link = app.link(&format!("/verifier?token={token}"));
    let email = mails::with_link(
        Kind::Verify,
        &account.lang,
        &account.email,
        &account.name,
        &link,
    );
    if let Err(e) = app.mailer.send(email).await {
        // The account exists; the user can ask for a new link.
        tracing::error!(error = %e, "verification email not sent");
    }
    Ok(account)
}

/// Writes a new account (email claim, account, empty profile, verification link)
/// and returns the verification token.
pub async fn create(app: &App, account: &Account) -> Result<String, Error> {
    let (token, link) = one_time::issue(app, Purpose::Verify, &account.id);
    let claim = items::with_key(&keys::email(&account.email), json!({"user_id": account.id}));
    let profile = Profile::empty(account);
    let ops = vec![
        TxOp::Put {
            item: claim,
            condition: Some(Condition::NotExists),
        },
        TxOp::Put {
            item: items::with_key(&keys::account(&account.id), account),
            condition: Some(Condition::NotExists),
        },
        TxOp::Put {
            item: items::with_key(&keys::profile(&account.id), &profile),
            condition: None,
        },
        link,
    ];
    match app.table.transact(ops).await {
        Ok(()) => Ok(token),
        Err(StoreError::TransactionCancelled { failed }) if failed.first() == Some(&true) => Err(
            Error::conflict("email_taken", "an account already uses this email"),
        ),
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Role;
    use crate::error::Kind;
    use crate::testing;

    #[tokio::test]
    async fn signs_up_once_per_email_and_mails_the_link() {
        let app = testing::app();
        let input = |email: &str| SignUp {
            email: email.into(),
            password: testing::PASSWORD.into(),
            role: Role::Client,
            name: "Camille".into(),
            lang: None,
        };
        let account = run(&app, input(" Camille@Example.fr ")).await.unwrap();
        assert_eq!(account.email, "camille@example.fr");
        assert!(!account.email_verified);
        assert_eq!(app.sent.to("camille@example.fr").len(), 1);
        let again = run(&app, input("camille@example.fr")).await.unwrap_err();
        assert_eq!((again.kind, again.code), (Kind::Conflict, "email_taken"));
        let mut admin = input("admin@example.fr");
        admin.role = Role::Admin;
        assert_eq!(run(&app, admin).await.unwrap_err().kind, Kind::Forbidden);
    }
}
