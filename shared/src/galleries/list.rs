//! A project's galleries (`GET /api/projects/{id}/galleries`): the provider sees them
//! all, the client the delivered ones; by position.
//!
//! Table calls: 1 GetItem (the project) + 1 Query on gsi1.

use super::model::{Gallery, Status};
use crate::app::App;
use crate::auth::Role;
use crate::auth::tokens::AccessClaims;
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use crate::items;
use crate::keys;
use crate::ports::Index;
use crate::ports::table::Query;
use crate::projects::model::{self as projects, Actor};
use serde_json::json;

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let caller = req.auth(app).await?;
    let galleries = run(app, &caller, req.param("id")).await?;
    let now = app.clock.now();
    let views: Vec<_> = galleries.iter().map(|g| g.view(now)).collect();
    Ok(Reply::ok(json!({"galleries": views})))
}

pub async fn run(
    app: &App,
    caller: &AccessClaims,
    project_id: &str,
) -> Result<Vec<Gallery>, Error> {
    let project = projects::get(app, project_id)
        .await?
        .ok_or_else(projects::not_found)?;
    let side = match project.side_of(&caller.sub) {
        Some(side) => side,
        None if caller.role == Role::Admin => Actor::Provider,
        None => return Err(projects::not_found()),
    };
    let all = of_project(app, project_id).await?;
    Ok(match side {
        Actor::Client => all
            .into_iter()
            .filter(|g| g.status == Status::Delivered)
            .collect(),
        _ => all,
    })
}

/// Every gallery of a project, by position.
pub async fn of_project(app: &App, project_id: &str) -> Result<Vec<Gallery>, Error> {
    let query = Query::partition(keys::project_galleries(project_id)).on(Index::Gsi1);
    let page = app.table.query(query).await?;
    page.items.into_iter().map(items::record).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::galleries::deliver;
    use crate::testing::{self, gallery, photo};

    #[tokio::test]
    async fn the_client_sees_the_delivered_galleries_only() {
        let app = testing::app();
        let (provider, client, gallery) = gallery(&app).await;
        assert_eq!(
            run(&app, &provider, &gallery.project_id)
                .await
                .unwrap()
                .len(),
            1
        );
        assert!(
            run(&app, &client, &gallery.project_id)
                .await
                .unwrap()
                .is_empty()
        );
        photo(&app, &provider, &gallery.id, "a.jpg").await;
        deliver::run(&app, &provider, &gallery.id).await.unwrap();
        let seen = run(&app, &client, &gallery.project_id).await.unwrap();
        assert_eq!(seen[0].status, Status::Delivered);
    }
}
