//! The provider deletes a gallery it has not delivered (function `gallery-edit`):
//! `DELETE /api/galleries/{id}` → 204; 409 `gallery_delivered`. Its files' blobs and items
//! go after the record (a run that stops half-way leaves only unreachable leftovers).
//!
//! Table calls: 1 GetItem + 1 DeleteItem, then 1 Query and 1 DeleteItem a file.

use super::model::{self, File, Status};
use crate::app::App;
use crate::auth::tokens::AccessClaims;
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use crate::items;
use crate::keys;
use crate::ports::table::{Query, SortKey};
use crate::ports::{Condition, StoreError};
use serde_json::json;

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let caller = req.auth(app).await?;
    run(app, &caller, req.param("id")).await?;
    Ok(Reply::empty(204))
}

pub async fn run(app: &App, caller: &AccessClaims, id: &str) -> Result<(), Error> {
    let gallery = model::reach_as_provider(app, id, caller).await?.gallery;
    if gallery.status == Status::Delivered {
        return Err(delivered());
    }
    let draft = Condition::Equals("status".into(), json!(Status::Draft));
    match app.table.delete(&gallery.key(), Some(draft)).await {
        Ok(()) => {}
        Err(StoreError::ConditionFailed) => return Err(delivered()),
        Err(e) => return Err(e.into()),
    }
    let query = Query::partition(keys::gallery_partition(id))
        .sort(SortKey::BeginsWith(keys::FILES.into()))
        .limit(1000);
    let files = app.table.query(query).await?.items;
    for item in files {
        let file: File = items::record(item)?;
        forget(app, &file).await?;
        app.table.delete(&file.key(), None).await?;
    }
    Ok(())
}

/// Drops a file's blobs: its upload in progress, its original, its previews.
pub async fn forget(app: &App, file: &File) -> Result<(), Error> {
    if let Some(upload) = &file.upload_id {
        app.blobs.abort_multipart(&file.original(), upload).await?;
    }
    for key in [file.original(), file.thumb(), file.preview()] {
        app.blobs.delete(&key).await?;
    }
    Ok(())
}

pub fn delivered() -> Error {
    Error::conflict(
        "gallery_delivered",
        "this gallery was delivered: its files stay as the client received them",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::galleries::deliver;
    use crate::testing::{self, gallery, photo};

    #[tokio::test]
    async fn a_draft_goes_with_its_files_and_a_delivered_gallery_stays() {
        let app = testing::app();
        let (provider, _, draft) = gallery(&app).await;
        let file = photo(&app, &provider, &draft.id, "a.jpg").await;
        run(&app, &provider, &draft.id).await.unwrap();
        assert!(model::get(&app, &draft.id).await.unwrap().is_none());
        assert!(app.blobs.head(&file.original()).await.unwrap().is_none());
        assert!(app.blobs.head(&file.thumb()).await.unwrap().is_none());
        let input = crate::galleries::create::NewGallery {
            name: "Livrée".into(),
        };
        let kept = crate::galleries::create::run(&app, &provider, &draft.project_id, input)
            .await
            .unwrap();
        photo(&app, &provider, &kept.id, "b.jpg").await;
        deliver::run(&app, &provider, &kept.id).await.unwrap();
        assert_eq!(
            run(&app, &provider, &kept.id).await.unwrap_err().code,
            "gallery_delivered"
        );
    }
}
