//! The provider removes a file, or aborts its upload (function `gallery-upload`):
//! `DELETE /api/galleries/{id}/files/{file_id}` → 204. Not from a delivered gallery (409
//! `gallery_delivered`): what the client received stays.
//!
//! One transaction: the file deleted (on condition that it is the one read) and the
//! gallery's counts lowered; then its blobs. Table calls: 2 GetItem + 1
//! TransactWriteItems.

use super::model::{self, FileStatus, Status};
use super::remove::{delivered, forget};
use crate::app::App;
use crate::auth::tokens::AccessClaims;
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use crate::ports::{Condition, StoreError, TxOp, Update};
use serde_json::json;

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let caller = req.auth(app).await?;
    run(app, &caller, req.param("id"), req.param("file_id")).await?;
    Ok(Reply::empty(204))
}

pub async fn run(
    app: &App,
    caller: &AccessClaims,
    gallery_id: &str,
    file_id: &str,
) -> Result<(), Error> {
    let gallery = model::reach_as_provider(app, gallery_id, caller)
        .await?
        .gallery;
    let file = model::file(app, gallery_id, file_id).await?;
    let uploading = file.status == FileStatus::Uploading;
    if gallery.status == Status::Delivered && !uploading {
        return Err(delivered());
    }
    let mut counts = Update::default().add("version", 1);
    if file.status != FileStatus::Failed {
        let size = i64::try_from(file.size).unwrap_or(i64::MAX);
        counts = counts.add("file_count", -1).add("total_bytes", -size);
    }
    if file.status == FileStatus::Ready {
        counts = counts.add("ready_count", -1);
    }
    if file.favourite {
        counts = counts.add("favourite_count", -1);
    }
    let ops = vec![
        TxOp::Delete {
            key: file.key(),
            condition: Some(Condition::Equals("status".into(), json!(file.status))),
        },
        TxOp::Update {
            key: gallery.key(),
            update: counts,
            condition: Some(Condition::Exists),
        },
    ];
    match app.table.transact(ops).await {
        Ok(()) => forget(app, &file).await,
        Err(StoreError::TransactionCancelled { .. }) => Err(Error::conflict(
            "file_changed",
            "this file changed meanwhile: reload the gallery",
        )),
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{self, gallery, photo};

    #[tokio::test]
    async fn a_removed_file_takes_its_counts_and_blobs_with_it() {
        let app = testing::app();
        let (provider, _, gallery) = gallery(&app).await;
        let a = photo(&app, &provider, &gallery.id, "a.jpg").await;
        let b = photo(&app, &provider, &gallery.id, "b.jpg").await;
        run(&app, &provider, &gallery.id, &a.id).await.unwrap();
        let after = model::get(&app, &gallery.id).await.unwrap().unwrap();
        assert_eq!((after.file_count, after.ready_count), (1, 1));
        assert_eq!(after.total_bytes, b.size as i64);
        assert!(app.blobs.head(&a.original()).await.unwrap().is_none());
        crate::galleries::deliver::run(&app, &provider, &gallery.id)
            .await
            .unwrap();
        let kept = run(&app, &provider, &gallery.id, &b.id).await.unwrap_err();
        assert_eq!(kept.code, "gallery_delivered");
    }
}
