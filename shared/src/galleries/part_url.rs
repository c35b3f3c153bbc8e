//! A signed URL for one part of a multipart upload (function `gallery-upload`):
//! `POST /api/galleries/{id}/files/{file_id}/parts/{number}` → `{url}`; the PUT's answer
//! carries the part's `ETag`. 400 `invalid_part` for a number beyond what the declared
//! size allows, or a file that is not uploading in parts.
//!
//! Table calls: 2 GetItem.

use super::model::{self, FileStatus, PART_SIZE};
use super::upload::URL_TTL;
use crate::app::App;
use crate::auth::tokens::AccessClaims;
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use serde_json::json;

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let caller = req.auth(app).await?;
    let number = req.param("number").parse::<u32>().unwrap_or(0);
    let url = run(app, &caller, req.param("id"), req.param("file_id"), number).await?;
    Ok(Reply::ok(json!({"url": url})))
}

pub async fn run(
    app: &App,
    caller: &AccessClaims,
    gallery_id: &str,
    file_id: &str,
    number: u32,
) -> Result<String, Error> {
    let (file, upload_id) = uploading(app, caller, gallery_id, file_id).await?;
    let parts = file.size.div_ceil(PART_SIZE);
    if number == 0 || u64::from(number) > parts {
        return Err(Error::invalid(
            "invalid_part",
            format!("this file has parts 1 to {parts}"),
        ));
    }
    Ok(app
        .blobs
        .presign_part(&file.original(), &upload_id, number, URL_TTL)
        .await?)
}

/// A file of the caller's gallery, uploading in parts, and its upload id.
pub async fn uploading(
    app: &App,
    caller: &AccessClaims,
    gallery_id: &str,
    file_id: &str,
) -> Result<(model::File, String), Error> {
    model::reach_as_provider(app, gallery_id, caller).await?;
    let file = model::file(app, gallery_id, file_id).await?;
    match (&file.upload_id, file.status) {
        (Some(id), FileStatus::Uploading) if file.uploaded_by == caller.sub => {
            let id = id.clone();
            Ok((file, id))
        }
        _ => Err(Error::invalid(
            "invalid_part",
            "this file is not being uploaded in parts by you",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::galleries::upload::{self, NewFile};
    use crate::testing::{self, gallery};

    #[tokio::test]
    async fn parts_are_signed_within_what_the_declared_size_allows() {
        let app = testing::app();
        let (provider, _, gallery) = gallery(&app).await;
        let size = 100 * 1024 * 1024;
        let input = NewFile {
            name: "film.mp4".into(),
            content_type: "video/mp4".into(),
            size,
        };
        let (file, _) = upload::run(&app, &provider, &gallery.id, input)
            .await
            .unwrap();
        let last = u32::try_from(size.div_ceil(PART_SIZE)).unwrap();
        let url = run(&app, &provider, &gallery.id, &file.id, last)
            .await
            .unwrap();
        assert!(
            url.contains("op=part") && url.contains(&format!("n={last}")),
            "{url}"
        );
        let beyond = run(&app, &provider, &gallery.id, &file.id, last + 1)
            .await
            .unwrap_err();
        assert_eq!(beyond.code, "invalid_part");
        let zero = run(&app, &provider, &gallery.id, &file.id, 0)
            .await
            .unwrap_err();
        assert_eq!(zero.code, "invalid_part");
    }
}
