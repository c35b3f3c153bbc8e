//! The provider's browser says an upload is done (function `gallery-upload`):
//! `POST /api/galleries/{id}/files/{file_id}/complete` with `{parts: [{number, etag}]}`
//! (a multipart upload, joined here) or `{}` (a single PUT). The stored size must be the
//! declared one (409 `upload_incomplete`); the file then reads `processing` until its
//! content is checked and its previews made (`super::landing`, on the storage's event).
//! Only the upload's own uploader completes it (404 for anyone else).
//!
//! Table calls: 2 GetItem + 1 UpdateItem (on condition that it is still uploading).

use super::model::{self, File, FileStatus};
use crate::app::App;
use crate::auth::tokens::AccessClaims;
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use crate::ports::{BlobError, Condition, StoreError, Update};
use serde::Deserialize;
use serde_json::json;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Done {
    #[serde(default)]
    pub parts: Vec<PartDone>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartDone {
    pub number: u32,
    pub etag: String,
}

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let caller = req.auth(app).await?;
    let done = if req.body.is_empty() {
        Done::default()
    } else {
        req.json()?
    };
    let file = run(app, &caller, req.param("id"), req.param("file_id"), done).await?;
    Ok(Reply::ok(json!({"file": file.view(app).await?})))
}

pub async fn run(
    app: &App,
    caller: &AccessClaims,
    gallery_id: &str,
    file_id: &str,
    done: Done,
) -> Result<File, Error> {
    model::reach_as_provider(app, gallery_id, caller).await?;
    let file = model::file(app, gallery_id, file_id).await?;
    if file.uploaded_by != caller.sub {
        return Err(Error::not_found("no such upload"));
    }
    if file.status != FileStatus::Uploading {
        // Stored already: the storage's event may come before the browser's word.
        return Ok(file);
    }
    let key = file.original();
    if let Some(upload_id) = &file.upload_id {
        let parts: Vec<_> = done.parts.into_iter().map(|p| (p.number, p.etag)).collect();
        match app.blobs.complete_multipart(&key, upload_id, &parts).await {
            Ok(()) => {}
            Err(BlobError::Invalid(why)) => {
                return Err(Error::invalid(
                    "invalid_parts",
                    format!("these parts do not make the file: {why}"),
                ));
            }
            Err(e) => return Err(e.into()),
        }
    }
    let stored = app.blobs.head(&key).await?;
    if stored.as_ref().map(|m| m.size) != Some(file.size) {
        return Err(Error::conflict(
            "upload_incomplete",
            format!(
                "{} bytes were declared and {} are stored",
                file.size,
                stored.map_or(0, |m| m.size)
            ),
        ));
    }
    let update = Update::default()
        .set("status", json!(FileStatus::Processing))
        .remove("upload_id");
    let still = Condition::Equals("status".into(), json!(FileStatus::Uploading));
    match app.table.update(&file.key(), update, Some(still)).await {
        Ok(item) => Ok(crate::items::record(item)?),
        Err(StoreError::ConditionFailed) => model::file(app, gallery_id, file_id).await,
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::galleries::landing;
    use crate::galleries::upload::{self, NewFile};
    use crate::ports::MIN_PART;
    use crate::testing::{self, gallery, member};

    #[tokio::test]
    async fn a_multipart_upload_completes_with_its_parts_and_its_size() {
        let app = testing::app();
        let (provider, _, gallery) = gallery(&app).await;
        let mut video = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom".to_vec();
        video.resize(MIN_PART as usize + 1000, 0);
        let size = video.len() as u64;
        let mut input = NewFile {
            name: "film.mp4".into(),
            content_type: "video/mp4".into(),
            size,
        };
        input.size = size.max(SINGLE + 1);
        video.resize(input.size as usize, 0);
        let (file, _) = upload::run(&app, &provider, &gallery.id, input)
            .await
            .unwrap();
        let upload_id = file.upload_id.clone().unwrap();
        let key = file.original();
        // Nothing stored yet: not complete.
        let early = run(&app, &provider, &gallery.id, &file.id, Done::default()).await;
        assert_eq!(early.unwrap_err().code, "invalid_parts");
        let (first, rest) = video.split_at(MIN_PART as usize);
        let e1 = app
            .blobs
            .upload_part(&key, &upload_id, 1, first.to_vec())
            .await
            .unwrap();
        let e2 = app
            .blobs
            .upload_part(&key, &upload_id, 2, rest.to_vec())
            .await
            .unwrap();
        let (_, other) = member(&app, "sam@example.fr", crate::auth::Role::Provider).await;
        let parts = || Done {
            parts: vec![
                PartDone {
                    number: 1,
                    etag: e1.clone(),
                },
                PartDone {
                    number: 2,
                    etag: e2.clone(),
                },
            ],
        };
        let stranger = run(&app, &other, &gallery.id, &file.id, parts())
            .await
            .unwrap_err();
        assert_eq!(stranger.kind, crate::error::Kind::NotFound);
        let done = run(&app, &provider, &gallery.id, &file.id, parts())
            .await
            .unwrap();
        assert_eq!(done.status, FileStatus::Processing);
        assert_eq!(
            landing::on_landed(&app, &key).await.unwrap(),
            Some(FileStatus::Ready)
        );
        // The browser's word after the event: the file as it is.
        let again = run(&app, &provider, &gallery.id, &file.id, parts())
            .await
            .unwrap();
        assert_eq!(again.status, FileStatus::Ready);
    }

    const SINGLE: u64 = crate::galleries::model::SINGLE_MAX;
}
