//! The provider renames or moves a gallery (function `gallery-edit`):
//! `PUT /api/galleries/{id}` with `{name, position}` → `{gallery}`.
//!
//! Table calls: 1 GetItem + 1 UpdateItem.

use super::model::{self, Gallery};
use crate::app::App;
use crate::auth::tokens::AccessClaims;
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use crate::keys;
use crate::ports::{Condition, Update};
use crate::validate;
use serde::Deserialize;
use serde_json::json;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Change {
    pub name: String,
    pub position: i64,
}

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let caller = req.auth(app).await?;
    let gallery = run(app, &caller, req.param("id"), req.json()?).await?;
    Ok(Reply::ok(json!({"gallery": gallery.view(app.clock.now())})))
}

pub async fn run(
    app: &App,
    caller: &AccessClaims,
    id: &str,
    input: Change,
) -> Result<Gallery, Error> {
    let name = validate::line("name", &input.name, 1, 100)?;
    if !(0..=9_999).contains(&input.position) {
        return Err(Error::invalid_field("position", "0 to 9999"));
    }
    let mut gallery = model::reach_as_provider(app, id, caller).await?.gallery;
    gallery.name = name;
    gallery.position = input.position;
    gallery.updated_at = app.clock.now();
    let update = Update::default()
        .set("name", gallery.name.as_str())
        .set("position", gallery.position)
        .set("updated_at", gallery.updated_at)
        .set(
            crate::ports::table::GSI1SK,
            keys::gallery_position(gallery.position, &gallery.id),
        );
    app.table
        .update(&gallery.key(), update, Some(Condition::Exists))
        .await?;
    Ok(gallery)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Kind;
    use crate::testing::{self, gallery};

    #[tokio::test]
    async fn the_provider_renames_and_moves_its_gallery() {
        let app = testing::app();
        let (provider, client, gallery) = gallery(&app).await;
        let change = || Change {
            name: "Photos retouchées".into(),
            position: 7,
        };
        let changed = run(&app, &provider, &gallery.id, change()).await.unwrap();
        assert_eq!(
            (changed.name.as_str(), changed.position),
            ("Photos retouchées", 7)
        );
        let listed = crate::galleries::list::of_project(&app, &gallery.project_id)
            .await
            .unwrap();
        assert_eq!(listed[0].position, 7);
        let by_client = run(&app, &client, &gallery.id, change()).await.unwrap_err();
        assert_eq!(
            by_client.kind,
            Kind::NotFound,
            "a draft does not exist for the client"
        );
    }
}
