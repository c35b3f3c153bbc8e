//! A file landed in storage (the S3 event in AWS, function `gallery-preview`; the local
//! blob store's own notice in the gateway): check it and make its previews.
//!
//! - Its size must be the declared one, and its first bytes its declared type
//!   (`super::sniff`): else it is refused, its blob deleted, the file marked failed.
//! - A photo (JPEG, PNG, WebP, TIFF) gets its previews (`super::previews`) and its
//!   dimensions; a photo that cannot be read is refused the same way. HEIC, PDF, ZIP and
//!   videos get none (the pages show a type icon).
//! - One transaction records the outcome, on condition that the file is still uploading or
//!   processing (a second event changes nothing), with the gallery's counts.
//!
//! Nothing here fails on bad input: a refusal is an outcome. Table calls: 1 GetItem + 1
//! TransactWriteItems.

use super::model::{self, File, FileStatus, Kind, parse_original};
use super::{previews, sniff};
use crate::app::App;
use crate::error::{Error, Kind as ErrorKind};
use crate::ports::{Condition, StoreError, TxOp, Update};
use serde_json::json;

/// Photos decoded for previews, by declared type.
const DECODED: [&str; 4] = ["image/jpeg", "image/png", "image/webp", "image/tiff"];
/// The largest photo file decoded (bigger ones are kept without previews).
pub const MAX_DECODED: u64 = 300 * 1024 * 1024;

/// Checks the file whose original is `key` (any other key is ignored); returns its status.
pub async fn on_landed(app: &App, key: &str) -> Result<Option<FileStatus>, Error> {
    let Some((gallery_id, file_id)) = parse_original(key) else {
        return Ok(None);
    };
    let file = match model::file(app, gallery_id, file_id).await {
        Ok(file) => file,
        Err(e) if e.kind == ErrorKind::NotFound => {
            // Removed meanwhile: nothing keeps this blob.
            app.blobs.delete(key).await?;
            return Ok(None);
        }
        Err(e) => return Err(e),
    };
    if !matches!(file.status, FileStatus::Uploading | FileStatus::Processing) {
        return Ok(Some(file.status));
    }
    let Some(meta) = app.blobs.head(key).await? else {
        return Ok(Some(file.status));
    };
    let outcome = check(app, &file, meta.size).await?;
    record(app, &file, outcome).await
}

/// What the check found: previews (or none needed), or why the file is refused.
type Outcome = Result<Option<previews::Previews>, String>;

async fn check(app: &App, file: &File, size: u64) -> Result<Outcome, Error> {
    let key = file.original();
    if size != file.size {
        return Ok(Err(format!(
            "size_mismatch: {size} bytes stored, {} declared",
            file.size
        )));
    }
    let head = app.blobs.read_range(&key, 0, sniff::HEAD).await?;
    if !sniff::matches(&file.content_type, &head) {
        return Ok(Err(
            "content_mismatch: the content is not of its declared type".into(),
        ));
    }
    if file.kind != Kind::Image
        || !DECODED.contains(&file.content_type.as_str())
        || size > MAX_DECODED
    {
        return Ok(Ok(None));
    }
    let bytes = app.blobs.read_range(&key, 0, size).await?;
    let made = tokio::task::spawn_blocking(move || previews::make(&bytes))
        .await
        .map_err(Error::internal)?;
    Ok(made
        .map(Some)
        .map_err(|why| format!("unreadable_image: {why}")))
}

async fn record(app: &App, file: &File, outcome: Outcome) -> Result<Option<FileStatus>, Error> {
    let mut update = Update::default().remove("upload_id");
    let mut counts = Update::default().add("version", 1);
    let status = match outcome {
        Ok(previews) => {
            if let Some(p) = &previews {
                app.blobs
                    .put(&file.thumb(), p.thumb.clone(), "image/jpeg")
                    .await?;
                app.blobs
                    .put(&file.preview(), p.preview.clone(), "image/jpeg")
                    .await?;
                update = update
                    .set("width", p.width)
                    .set("height", p.height)
                    .set("previews", true);
            }
            counts = counts.add("ready_count", 1);
            FileStatus::Ready
        }
        Err(why) => {
            tracing::info!(file = file.id, %why, "a gallery file was refused");
            app.blobs.delete(&file.original()).await?;
            let size = i64::try_from(file.size).unwrap_or(i64::MAX);
            update = update.set("failure", why);
            counts = counts.add("file_count", -1).add("total_bytes", -size);
            FileStatus::Failed
        }
    };
    update = update.set("status", json!(status));
    let unchecked = Condition::Or(vec![
        Condition::Equals("status".into(), json!(FileStatus::Uploading)),
        Condition::Equals("status".into(), json!(FileStatus::Processing)),
    ]);
    let ops = vec![
        TxOp::Update {
            key: file.key(),
            update,
            condition: Some(unchecked),
        },
        TxOp::Update {
            key: crate::keys::gallery(&file.gallery_id),
            update: counts,
            condition: Some(Condition::Exists),
        },
    ];
    match app.table.transact(ops).await {
        Ok(()) => Ok(Some(status)),
        // Checked by another event meanwhile, or removed.
        Err(StoreError::TransactionCancelled { .. }) => Ok(None),
        Err(e) => Err(e.into()),
    }
}
