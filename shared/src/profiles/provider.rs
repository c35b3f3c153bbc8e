//! A provider's public profile (`GET /api/providers/{id}`, function `profiles-read`):
//! public once its email is verified (listed); to anyone else it does not exist.

use super::model::{self, Profile};
use crate::app::App;
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use crate::keys;
use serde_json::json;

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let id = req.param("id");
    let (profile, updated_at) = run(app, id).await?;
    Ok(Reply::ok(json!({"profile": profile.view(id, updated_at)})))
}

/// The listed provider's profile, and when it changed.
pub async fn run(app: &App, provider_id: &str) -> Result<(Profile, i64), Error> {
    let item = app
        .table
        .get(&keys::profile(provider_id))
        .await?
        .filter(model::is_listed)
        .ok_or_else(super::not_found)?;
    match model::from_item(item)? {
        found @ (Profile::Provider(_), _) => Ok(found),
        _ => Err(super::not_found()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Role;
    use crate::error::Kind;
    use crate::testing::{self, member};

    #[tokio::test]
    async fn shows_listed_providers_only() {
        let app = testing::app();
        let (trio, _) = member(&app, "trio@example.fr", Role::Provider).await;
        let (camille, _) = member(&app, "camille@example.fr", Role::Client).await;
        assert!(matches!(
            run(&app, &trio.id).await.unwrap().0,
            Profile::Provider(_)
        ));
        assert_eq!(
            run(&app, &camille.id).await.unwrap_err().kind,
            Kind::NotFound
        );
        assert_eq!(run(&app, "nobody").await.unwrap_err().kind, Kind::NotFound);
    }
}
