//! The provider starts uploading a file into a gallery (function `gallery-upload`):
//! `POST /api/galleries/{id}/files` with `{name, type, size}`. The file's bytes never
//! pass through a function: the answer is a signed URL for a single PUT (the type and
//! exact size signed in) up to 64 MiB, or a multipart upload above, whose parts the
//! browser PUTs to signed URLs (`super::part_url`), lists to resume (`super::parts`) and
//! completes (`super::complete`).
//!
//! Refused: a type not in the allow-list (400 `type_not_allowed`), over 5 GiB (400
//! `file_too_large`), a gallery holding 5,000 files or 200 GiB (409 `gallery_full`). The
//! declared type is not trusted: the content is checked once stored (`super::landing`).
//!
//! One transaction: the file (uploading), and the gallery's counts (on condition that it
//! still has room). Table calls: 1 GetItem + 1 TransactWriteItems.

use super::model::{
    self, ALLOWED, File, FileStatus, MAX_BYTES, MAX_FILE, MAX_FILES, PART_SIZE, SINGLE_MAX,
};
use crate::app::App;
use crate::auth::secrets;
use crate::auth::tokens::AccessClaims;
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use crate::items;
use crate::ports::{Condition, StoreError, TxOp, Update};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::time::Duration;

/// How long an upload URL lasts.
pub const URL_TTL: Duration = Duration::from_secs(3600);

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewFile {
    pub name: String,
    #[serde(rename = "type")]
    pub content_type: String,
    pub size: u64,
}

/// How the browser sends the bytes.
#[derive(Debug, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Plan {
    Single {
        method: &'static str,
        url: String,
        headers: serde_json::Map<String, serde_json::Value>,
    },
    Multipart {
        upload_id: String,
        key: String,
        part_size: u64,
        part_count: u64,
    },
}

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let caller = req.auth(app).await?;
    let (file, plan) = run(app, &caller, req.param("id"), req.json()?).await?;
    Ok(Reply::json(
        201,
        json!({"file": file.view(app).await?, "upload": plan}),
    ))
}

pub async fn run(
    app: &App,
    caller: &AccessClaims,
    gallery_id: &str,
    input: NewFile,
) -> Result<(File, Plan), Error> {
    let name = file_name(&input.name)?;
    let content_type = input.content_type.trim().to_ascii_lowercase();
    let kind = ALLOWED
        .iter()
        .find(|(allowed, _)| *allowed == content_type)
        .map(|(_, kind)| *kind)
        .ok_or_else(|| {
            Error::invalid(
                "type_not_allowed",
                "JPEG, PNG, WebP, HEIC, TIFF, PDF, ZIP, MP4 or MOV only",
            )
        })?;
    if input.size == 0 || input.size > MAX_FILE {
        return Err(Error::invalid(
            "file_too_large",
            "a file is 1 byte to 5 GiB",
        ));
    }
    let gallery = model::reach_as_provider(app, gallery_id, caller)
        .await?
        .gallery;
    let now = app.clock.now();
    let mut file = File {
        id: format!("{:013}{}", app.clock.now_ms(), &secrets::new_id()[..8]),
        gallery_id: gallery.id.clone(),
        name,
        content_type: content_type.clone(),
        size: input.size,
        kind,
        status: FileStatus::Uploading,
        failure: None,
        upload_id: None,
        uploaded_by: caller.sub.clone(),
        width: None,
        height: None,
        previews: false,
        favourite: false,
        uploaded_at: now,
    };
    let key = file.original();
    let plan = if input.size <= SINGLE_MAX {
        let upload = app
            .blobs
            .presign_upload(&key, &content_type, input.size, URL_TTL)
            .await?;
        let headers = upload
            .headers
            .into_iter()
            .map(|(n, v)| (n, json!(v)))
            .collect();
        Plan::Single {
            method: upload.method,
            url: upload.url,
            headers,
        }
    } else {
        let upload_id = app.blobs.create_multipart(&key, &content_type).await?;
        file.upload_id = Some(upload_id.clone());
        Plan::Multipart {
            upload_id,
            key,
            part_size: PART_SIZE,
            part_count: input.size.div_ceil(PART_SIZE),
        }
    };
    let size = i64::try_from(input.size).unwrap_or(i64::MAX);
    let room = Condition::And(vec![
        Condition::LessThan("file_count".into(), MAX_FILES),
        Condition::LessThan("total_bytes".into(), MAX_BYTES - size + 1),
    ]);
    let ops = vec![
        TxOp::Put {
            item: items::with_key(&file.key(), &file),
            condition: Some(Condition::NotExists),
        },
        TxOp::Update {
            key: gallery.key(),
            update: Update::default()
                .add("file_count", 1)
                .add("total_bytes", size)
                .add("version", 1),
            condition: Some(room),
        },
    ];
    match app.table.transact(ops).await {
        Ok(()) => Ok((file, plan)),
        Err(StoreError::TransactionCancelled { .. }) => {
            if let Some(upload) = &file.upload_id {
                app.blobs.abort_multipart(&file.original(), upload).await?;
            }
            Err(Error::conflict(
                "gallery_full",
                "a gallery holds at most 5,000 files and 200 GiB",
            ))
        }
        Err(e) => Err(e.into()),
    }
}

/// A file's name as given, checked: 1 to 200 characters, no path, no control character.
fn file_name(name: &str) -> Result<String, Error> {
    let name = name.rsplit(['/', '\\']).next().unwrap_or_default().trim();
    if name.is_empty() || name.chars().count() > 200 || name.chars().any(char::is_control) {
        return Err(Error::invalid_field(
            "name",
            "1 to 200 characters, no control character",
        ));
    }
    Ok(name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Kind;
    use crate::ports::Update;
    use crate::testing::{self, gallery};

    fn file(name: &str, content_type: &str, size: u64) -> NewFile {
        NewFile {
            name: name.into(),
            content_type: content_type.into(),
            size,
        }
    }

    #[tokio::test]
    async fn types_sizes_and_room_are_checked_and_big_files_go_in_parts() {
        let app = testing::app();
        let (provider, client, gallery) = gallery(&app).await;
        let id = &gallery.id;
        let exe = run(
            &app,
            &provider,
            id,
            file("setup.exe", "application/x-msdownload", 10),
        )
        .await;
        assert_eq!(exe.unwrap_err().code, "type_not_allowed");
        let huge = run(
            &app,
            &provider,
            id,
            file("film.mov", "video/quicktime", MAX_FILE + 1),
        )
        .await;
        assert_eq!(huge.unwrap_err().code, "file_too_large");
        let by_client = run(&app, &client, id, file("a.jpg", "image/jpeg", 10)).await;
        assert_eq!(by_client.unwrap_err().kind, Kind::NotFound);
        let (small, plan) = run(
            &app,
            &provider,
            id,
            file("dir/Église.jpg", "image/jpeg", 1000),
        )
        .await
        .unwrap();
        assert_eq!(small.name, "Église.jpg");
        assert!(matches!(plan, Plan::Single { .. }));
        let size = 3 * 1024 * 1024 * 1024;
        let (big, plan) = run(&app, &provider, id, file("film.mp4", "video/mp4", size))
            .await
            .unwrap();
        let Plan::Multipart {
            part_count,
            part_size,
            ..
        } = plan
        else {
            panic!("parts for a big file");
        };
        assert_eq!(
            (part_size, part_count),
            (PART_SIZE, size.div_ceil(PART_SIZE))
        );
        assert!(big.upload_id.is_some());
        let counted = model::get(&app, id).await.unwrap().unwrap();
        assert_eq!(
            (counted.file_count, counted.total_bytes),
            (2, 1000 + size as i64)
        );
        // A gallery near its cap takes no more.
        let nearly = Update::default().set("total_bytes", MAX_BYTES - 10);
        app.table
            .update(&counted.key(), nearly, None)
            .await
            .unwrap();
        let full = run(&app, &provider, id, file("b.jpg", "image/jpeg", 11))
            .await
            .unwrap_err();
        assert_eq!(full.code, "gallery_full");
    }
}
