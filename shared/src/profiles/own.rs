//! The caller's own profile, with its private settings (`GET /api/me/profile`,
//! function `profiles-read`).

use super::model::{self, Profile};
use crate::accounts::{Account, read as account};
use crate::app::App;
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use crate::keys;
use serde_json::json;

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let caller = req.auth(app).await?;
    let (account, profile, updated_at) = run(app, &caller.sub).await?;
    let mut view = profile.view(&account.id, updated_at);
    view.email = Some(account.email);
    view.notify_by_email = Some(account.notify_by_email);
    Ok(Reply::ok(json!({ "profile": view })))
}

/// The caller's account, profile, and when the profile changed.
pub async fn run(app: &App, user_id: &str) -> Result<(Account, Profile, i64), Error> {
    let account = account::run(app, user_id).await?;
    let item = app
        .table
        .get(&keys::profile(&account.id))
        .await?
        .ok_or_else(super::not_found)?;
    let (profile, updated_at) = model::from_item(item)?;
    Ok((account, profile, updated_at))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Role;
    use crate::error::Kind;
    use crate::testing::{self, member};

    #[tokio::test]
    async fn reads_the_callers_profile_and_settings() {
        let app = testing::app();
        let (account, _) = member(&app, "trio@example.fr", Role::Provider).await;
        let (read, profile, _) = run(&app, &account.id).await.unwrap();
        assert!(read.notify_by_email);
        match profile {
            Profile::Provider(p) => assert_eq!(p.stage_name, "Test trio@example.fr"),
            other => panic!("{other:?}"),
        }
        assert_eq!(
            run(&app, "gone").await.unwrap_err().kind,
            Kind::Unauthorized
        );
    }
}
