//! The provider adds a gallery to a project (function `gallery-edit`):
//! `POST /api/projects/{id}/galleries` with `{name}` → 201 `{gallery}`, a draft, last in
//! the project's order; 409 `too_many_galleries` (20 a project).
//!
//! Table calls: 1 GetItem (the project) + 1 Query on gsi1 (its galleries) + 1 PutItem.

use super::model::{Gallery, Status};
use crate::app::App;
use crate::auth::secrets;
use crate::auth::tokens::AccessClaims;
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use crate::projects::model::{self as projects, Actor};
use crate::validate;
use serde::Deserialize;
use serde_json::json;

/// Most galleries in a project.
pub const MAX_GALLERIES: usize = 20;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewGallery {
    pub name: String,
}

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let caller = req.auth(app).await?;
    let gallery = run(app, &caller, req.param("id"), req.json()?).await?;
    Ok(Reply::json(
        201,
        json!({"gallery": gallery.view(app.clock.now())}),
    ))
}

pub async fn run(
    app: &App,
    caller: &AccessClaims,
    project_id: &str,
    input: NewGallery,
) -> Result<Gallery, Error> {
    let name = validate::line("name", &input.name, 1, 100)?;
    let project = projects::get(app, project_id)
        .await?
        .filter(|p| p.side_of(&caller.sub).is_some())
        .ok_or_else(projects::not_found)?;
    if project.side_of(&caller.sub) != Some(Actor::Provider) {
        return Err(Error::forbidden("the provider makes the galleries"));
    }
    let existing = super::list::of_project(app, project_id).await?;
    if existing.len() >= MAX_GALLERIES {
        return Err(Error::conflict(
            "too_many_galleries",
            format!("a project holds at most {MAX_GALLERIES} galleries"),
        ));
    }
    let now = app.clock.now();
    let gallery = Gallery {
        id: secrets::new_id(),
        project_id: project.id.clone(),
        client_id: project.client_id.clone(),
        provider_id: project.provider_id.clone(),
        client_name: project.client_name.clone(),
        provider_name: project.provider_name.clone(),
        name,
        position: existing.iter().map(|g| g.position + 1).max().unwrap_or(1),
        status: Status::Draft,
        file_count: 0,
        ready_count: 0,
        total_bytes: 0,
        favourite_count: 0,
        version: 0,
        delivered_at: None,
        expires_at: None,
        created_at: now,
        updated_at: now,
    };
    app.table
        .put(gallery.item(), Some(crate::ports::Condition::NotExists))
        .await?;
    Ok(gallery)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Role;
    use crate::error::Kind;
    use crate::testing::{self, confirmed_project, member};

    fn named(name: &str) -> NewGallery {
        NewGallery { name: name.into() }
    }

    #[tokio::test]
    async fn the_provider_adds_galleries_up_to_twenty_and_no_one_else_does() {
        let app = testing::app();
        let (provider, client, project) = confirmed_project(&app).await;
        let (_, stranger) = member(&app, "sam@example.fr", Role::Provider).await;
        let first = run(&app, &provider, &project.id, named("Sélection"))
            .await
            .unwrap();
        assert_eq!((first.position, first.status), (1, Status::Draft));
        let by_client = run(&app, &client, &project.id, named("x"))
            .await
            .unwrap_err();
        assert_eq!(by_client.kind, Kind::Forbidden);
        let by_stranger = run(&app, &stranger, &project.id, named("x"))
            .await
            .unwrap_err();
        assert_eq!(by_stranger.kind, Kind::NotFound);
        for i in 2..=MAX_GALLERIES {
            let g = run(&app, &provider, &project.id, named(&format!("G{i}")))
                .await
                .unwrap();
            assert_eq!(g.position, i as i64);
        }
        let over = run(&app, &provider, &project.id, named("Trop"))
            .await
            .unwrap_err();
        assert_eq!(over.code, "too_many_galleries");
    }
}
