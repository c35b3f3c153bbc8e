//! A side downloads one original (function `gallery-download`):
//! `POST /api/galleries/{id}/files/{file_id}/download` → `{url, expires_in}`, a signed URL
//! of 5 minutes whose answer is an attachment named as the file was (accents included).
//! Every download is logged (`super::log`).
//!
//! Table calls: 2 GetItem + 1 PutItem.

use super::log::{self, What};
use super::model::{self, FileStatus};
use crate::app::App;
use crate::auth::tokens::AccessClaims;
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use serde_json::json;
use std::time::Duration;

/// How long a download URL lasts.
pub const URL_TTL: Duration = Duration::from_secs(300);

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let caller = req.auth(app).await?;
    let url = run(app, &caller, req.param("id"), req.param("file_id")).await?;
    Ok(Reply::ok(
        json!({"url": url, "expires_in": URL_TTL.as_secs()}),
    ))
}

pub async fn run(
    app: &App,
    caller: &AccessClaims,
    gallery_id: &str,
    file_id: &str,
) -> Result<String, Error> {
    let reached = model::reach(app, gallery_id, caller).await?;
    let file = model::file(app, gallery_id, file_id).await?;
    if file.status != FileStatus::Ready {
        return Err(Error::not_found("no such file"));
    }
    let url = app
        .blobs
        .presign_download(&file.original(), Some(&file.name), URL_TTL)
        .await?;
    log::record(app, &reached, What::File, &file.name, &file.id).await?;
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::galleries::{deliver, show};
    use crate::testing::{self, gallery, member, photo};

    #[tokio::test]
    async fn an_original_downloads_under_its_name_and_the_provider_sees_who() {
        let app = testing::app();
        let (provider, client, gallery) = gallery(&app).await;
        let (_, stranger) = member(&app, "sam@example.fr", crate::auth::Role::Client).await;
        let a = photo(&app, &provider, &gallery.id, "Église été.jpg").await;
        deliver::run(&app, &provider, &gallery.id).await.unwrap();
        let url = run(&app, &client, &gallery.id, &a.id).await.unwrap();
        assert!(url.contains("name=%C3%89glise+%C3%A9t%C3%A9.jpg"), "{url}");
        let hidden = run(&app, &stranger, &gallery.id, &a.id).await.unwrap_err();
        assert_eq!(hidden.kind, crate::error::Kind::NotFound);
        let shown = show::run(&app, &provider, &gallery.id, None).await.unwrap();
        let log = shown.downloads.unwrap();
        assert_eq!(log.len(), 1);
        assert_eq!(
            (log[0].name.as_str(), log[0].side),
            ("Église été.jpg", crate::projects::model::Actor::Client)
        );
        assert_eq!(log[0].user_name, shown.gallery.client_name);
    }
}
