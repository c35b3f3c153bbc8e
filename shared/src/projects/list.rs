//! The caller's projects (`GET /api/projects`): as a client, its rows; as a provider, its
//! projects on gsi1; by date.
//!
//! Table calls: 1 Query.

use super::model::{self, Actor, Project};
use crate::app::App;
use crate::auth::Role;
use crate::auth::tokens::AccessClaims;
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use serde_json::json;

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let caller = req.auth(app).await?;
    let (projects, side) = run(app, &caller).await?;
    let views: Vec<_> = projects.iter().map(|p| p.view(side)).collect();
    Ok(Reply::ok(json!({"projects": views})))
}

pub async fn run(app: &App, caller: &AccessClaims) -> Result<(Vec<Project>, Actor), Error> {
    match caller.role {
        Role::Provider => Ok((model::of_provider(app, &caller.sub).await?, Actor::Provider)),
        _ => Ok((model::of_client(app, &caller.sub).await?, Actor::Client)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{self, confirmed_project, member};

    #[tokio::test]
    async fn each_side_lists_its_projects_and_nobody_else_sees_them() {
        let app = testing::app();
        let (provider, client, project) = confirmed_project(&app).await;
        let (_, stranger) = member(&app, "sam@example.fr", Role::Client).await;
        let (theirs, side) = run(&app, &provider).await.unwrap();
        assert_eq!(
            (theirs[0].id.as_str(), side),
            (project.id.as_str(), Actor::Provider)
        );
        let (mine, side) = run(&app, &client).await.unwrap();
        assert_eq!(
            (mine[0].id.as_str(), side),
            (project.id.as_str(), Actor::Client)
        );
        assert!(run(&app, &stranger).await.unwrap().0.is_empty());
    }

    #[tokio::test]
    async fn a_long_history_is_listed_whole_past_a_page() {
        let app = testing::app();
        let (provider, client, project) = confirmed_project(&app).await;
        for i in 0..1_050 {
            let mut more = project.clone();
            more.id = format!("p{i:05}");
            more.date = crate::dates::add_days(crate::dates::today(0), i).to_string();
            let ops = more.open_ops(Actor::Provider);
            app.table.transact(ops).await.unwrap();
        }
        let (theirs, _) = run(&app, &provider).await.unwrap();
        assert_eq!(theirs.len(), 1_051);
        assert!(theirs.windows(2).all(|w| w[0].date <= w[1].date), "by date");
        assert_eq!(run(&app, &client).await.unwrap().0.len(), 1_051);
    }
}
