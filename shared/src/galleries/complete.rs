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
    let caller = req.auth(app)?;
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
