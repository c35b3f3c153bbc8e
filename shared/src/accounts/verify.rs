//! Email verification: consuming the link marks the address verified and, for a
//! provider, lists its public profile — all in one transaction.

use super::model::{self, Account, UserView};
use super::one_time::{self, Purpose};
use crate::app::App;
use crate::auth::Role;
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use crate::keys;
use crate::ports::table::{Condition, GSI1PK, GSI1SK, TxOp, Update};
use serde::Deserialize;
use serde_json::json;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Token {
    token: String,
}

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let Token { token } = req.json()?;
    let account = run(app, &token).await?;
    Ok(Reply::ok(json!({"user": UserView::from(&account)})))
}

/// Consumes a verification link; returns the verified account.
pub async fn run(app: &App, token: &str) -> Result<Account, Error> {
    let (user_id, link) = one_time::lookup(app, Purpose::Verify, token).await?;
    let mut account = model::get(app, &user_id)
        .await?
        .ok_or_else(one_time::invalid)?;
    let mut ops = vec![
        one_time::consume_op(link),
        TxOp::Update {
            key: keys::account(&user_id),
            update: Update::default().set("email_verified", true),
            condition: Some(Condition::Exists),
        },
    ];
    if account.role == Role::Provider {
        ops.push(TxOp::Update {
            key: keys::profile(&user_id),
            update: Update::default()
                .set(GSI1PK, keys::PROVIDERS)
                .set(GSI1SK, keys::provider_listing(account.created_at, &user_id)),
            condition: Some(Condition::Exists),
        });
    }
    one_time::transact(app, ops).await?;
    account.email_verified = true;
    Ok(account)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Role;
    use crate::error::Kind;
    use crate::testing;

    use crate::accounts::signup::{self, SignUp};
    use crate::profiles::provider;

    #[tokio::test]
    async fn a_link_verifies_once_and_lists_a_provider() {
        let app = testing::app();
        let input = SignUp {
            email: "trio@example.fr".into(),
            password: testing::PASSWORD.into(),
            role: Role::Provider,
            name: "Trio".into(),
            lang: None,
        };
        let account = signup::run(&app, input).await.unwrap();
        assert_eq!(
            provider::run(&app, &account.id).await.unwrap_err().kind,
            Kind::NotFound
        );
        let token = testing::token_of(&app.sent.to("trio@example.fr")[0]);
        assert!(run(&app, &token).await.unwrap().email_verified);
        assert!(provider::run(&app, &account.id).await.is_ok());
        assert_eq!(run(&app, &token).await.unwrap_err().code, "invalid_token");
    }
}
