//! The parts of a multipart upload already stored, to resume after a failure (function
//! `gallery-upload`): `GET /api/galleries/{id}/files/{file_id}/parts` →
//! `{parts: [{number, etag, size}]}`.
//!
//! Table calls: 2 GetItem.

use super::part_url::uploading;
use crate::app::App;
use crate::auth::tokens::AccessClaims;
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use crate::ports::Part;
use serde_json::json;

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let caller = req.auth(app).await?;
    let parts = run(app, &caller, req.param("id"), req.param("file_id")).await?;
    Ok(Reply::ok(json!({"parts": parts})))
}

pub async fn run(
    app: &App,
    caller: &AccessClaims,
    gallery_id: &str,
    file_id: &str,
) -> Result<Vec<Part>, Error> {
    let (file, upload_id) = uploading(app, caller, gallery_id, file_id).await?;
    Ok(app.blobs.list_parts(&file.original(), &upload_id).await?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::galleries::upload::{self, NewFile};
    use crate::testing::{self, gallery};

    #[tokio::test]
    async fn the_parts_stored_so_far_are_listed_to_resume() {
        let app = testing::app();
        let (provider, _, gallery) = gallery(&app).await;
        let input = NewFile {
            name: "film.mp4".into(),
            content_type: "video/mp4".into(),
            size: 70 * 1024 * 1024,
        };
        let (file, _) = upload::run(&app, &provider, &gallery.id, input)
            .await
            .unwrap();
        assert!(
            run(&app, &provider, &gallery.id, &file.id)
                .await
                .unwrap()
                .is_empty()
        );
        let upload_id = file.upload_id.clone().unwrap();
        app.blobs
            .upload_part(&file.original(), &upload_id, 1, vec![7; 1024])
            .await
            .unwrap();
        let parts = run(&app, &provider, &gallery.id, &file.id).await.unwrap();
        assert_eq!((parts.len(), parts[0].number, parts[0].size), (1, 1, 1024));
    }
}
