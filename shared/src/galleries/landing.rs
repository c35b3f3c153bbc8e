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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::galleries::model::FileStatus;
    use crate::testing::{self, gallery, jpeg, upload};

    #[tokio::test]
    async fn a_photo_gets_previews_and_a_lie_is_refused_and_deleted() {
        let app = testing::app();
        let (provider, _, gallery) = gallery(&app).await;
        let photo = upload(
            &app,
            &provider,
            &gallery.id,
            "a.jpg",
            "image/jpeg",
            &jpeg(2400, 1600),
        )
        .await;
        assert_eq!(photo.status, FileStatus::Ready);
        assert_eq!(
            (photo.width, photo.height, photo.previews),
            (Some(2400), Some(1600), true)
        );
        let thumb = app.blobs.head(&photo.thumb()).await.unwrap().unwrap();
        assert_eq!(thumb.content_type, "image/jpeg");
        let pdf = upload(
            &app,
            &provider,
            &gallery.id,
            "devis.pdf",
            "application/pdf",
            b"%PDF-1.7\n%%EOF\n",
        )
        .await;
        assert_eq!((pdf.status, pdf.previews), (FileStatus::Ready, false));
        // A renamed executable, a text named .jpg, a corrupt photo: refused, blob deleted.
        let exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xFF\xFF\x00\x00";
        let cases: [(&str, &[u8], &str); 3] = [
            ("setup.jpg", exe, "content_mismatch"),
            ("notes.jpg", b"just some text", "content_mismatch"),
            (
                "broken.jpg",
                &[0xFF, 0xD8, 0xFF, 0xDB, 0x00, 0x43, 0x00, 0x01],
                "unreadable_image",
            ),
        ];
        for (name, bytes, why) in cases {
            let refused = upload(&app, &provider, &gallery.id, name, "image/jpeg", bytes).await;
            assert_eq!(refused.status, FileStatus::Failed, "{name}");
            assert!(
                refused.failure.as_deref().unwrap().starts_with(why),
                "{name}: {:?}",
                refused.failure
            );
            assert!(app.blobs.head(&refused.original()).await.unwrap().is_none());
        }
        let counted = crate::galleries::model::get(&app, &gallery.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!((counted.file_count, counted.ready_count), (2, 2));
        // A second event for a checked file changes nothing.
        assert_eq!(
            on_landed(&app, &photo.original()).await.unwrap(),
            Some(FileStatus::Ready)
        );
        let again = crate::galleries::model::get(&app, &gallery.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(again.ready_count, 2);
        // Other keys are not ours.
        assert_eq!(on_landed(&app, "contracts/x/y.pdf").await.unwrap(), None);
    }
}
