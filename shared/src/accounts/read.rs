//! The caller's account (`GET /api/me`, function `accounts-read`).

use super::model::{self, Account, UserView};
use crate::app::App;
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use serde_json::json;

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let caller = req.auth(app).await?;
    let account = run(app, &caller.sub).await?;
    Ok(Reply::ok(json!({"user": UserView::from(&account)})))
}

/// The account of a signed-in user (401 once it no longer exists).
pub async fn run(app: &App, user_id: &str) -> Result<Account, Error> {
    model::get(app, user_id)
        .await?
        .ok_or_else(|| Error::unauthorized("this account no longer exists"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Role;
    use crate::error::Kind;
    use crate::testing::{self, member};

    #[tokio::test]
    async fn reads_an_existing_account_only() {
        let app = testing::app();
        let (account, _) = member(&app, "camille@example.fr", Role::Client).await;
        let read = run(&app, &account.id).await.unwrap();
        assert_eq!(
            (read.email.as_str(), read.email_verified),
            ("camille@example.fr", true)
        );
        assert_eq!(
            run(&app, "gone").await.unwrap_err().kind,
            Kind::Unauthorized
        );
    }
}
