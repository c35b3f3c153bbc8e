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
    let caller = req.auth(app)?;
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
