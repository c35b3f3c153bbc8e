//! One project, whole (`GET /api/projects/{id}`): the project, its history, its contract
//! (`crate::contracts::view`) and, for its provider only, the private notes. Anyone but
//! its two sides gets 404.
//!
//! Table calls: 1 Query.

use super::model::{self, Loaded};
use crate::app::App;
use crate::contracts;
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use serde_json::json;

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let caller = req.auth(app).await?;
    let loaded = run(app, &caller.sub, req.param("id")).await?;
    let side = loaded.side;
    let history: Vec<_> = loaded.steps.iter().map(|s| s.view()).collect();
    let contract = contracts::model::Contract::of(&loaded)?.filter(|c| {
        // The client never sees the provider's draft.
        side == model::Actor::Provider || c.status != contracts::model::Status::Draft
    });
    let mut body = json!({
        "project": loaded.project.view(side),
        "history": history,
        "contract": contract.as_ref().map(|c| c.view(&loaded)),
    });
    if side == model::Actor::Provider {
        body["notes"] = json!(loaded.notes.as_deref().unwrap_or_default());
    }
    Ok(Reply::ok(body))
}

pub async fn run(app: &App, user_id: &str, id: &str) -> Result<Loaded, Error> {
    model::load(app, id, user_id).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Role;
    use crate::error::Kind;
    use crate::testing::{self, confirmed_project, member};

    #[tokio::test]
    async fn its_two_sides_read_it_whole_and_anyone_else_gets_404() {
        let app = testing::app();
        let (provider, client, project) = confirmed_project(&app).await;
        let (_, stranger) = member(&app, "sam@example.fr", Role::Provider).await;
        let loaded = run(&app, &client.sub, &project.id).await.unwrap();
        assert_eq!((loaded.side, loaded.steps.len()), (model::Actor::Client, 1));
        assert_eq!(
            run(&app, &provider.sub, &project.id).await.unwrap().side,
            model::Actor::Provider
        );
        let hidden = run(&app, &stranger.sub, &project.id).await.unwrap_err();
        assert_eq!(hidden.kind, Kind::NotFound);
        let unknown = run(&app, &client.sub, "nope").await.unwrap_err();
        assert_eq!(unknown.kind, Kind::NotFound);
    }
}
