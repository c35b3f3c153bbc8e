//! What a side sees of a gallery and its files.

use super::model::{File, FileStatus, Gallery, Kind, Status};
use crate::app::App;
use crate::error::Error;
use serde::Serialize;
use std::time::Duration;

/// How long a preview's signed URL lasts.
pub const PREVIEW_TTL: Duration = Duration::from_secs(15 * 60);

#[derive(Debug, Serialize)]
pub struct GalleryView<'a> {
    pub id: &'a str,
    pub project_id: &'a str,
    pub name: &'a str,
    pub position: i64,
    pub status: Status,
    pub file_count: i64,
    pub ready_count: i64,
    pub total_bytes: i64,
    pub favourite_count: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delivered_at: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<i64>,
    pub expired: bool,
    pub version: i64,
}

impl Gallery {
    pub fn view(&self, now: i64) -> GalleryView<'_> {
        GalleryView {
            id: &self.id,
            project_id: &self.project_id,
            name: &self.name,
            position: self.position,
            status: self.status,
            file_count: self.file_count,
            ready_count: self.ready_count,
            total_bytes: self.total_bytes,
            favourite_count: self.favourite_count,
            delivered_at: self.delivered_at,
            expires_at: self.expires_at,
            expired: self.is_expired(now),
            version: self.version,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct FileView<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub content_type: &'a str,
    pub size: u64,
    pub kind: Kind,
    pub status: FileStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failure: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
    pub favourite: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub thumb_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preview_url: Option<String>,
    pub uploaded_at: i64,
}

impl File {
    /// Its view, with signed URLs of its previews when it has some.
    pub async fn view(&self, app: &App) -> Result<FileView<'_>, Error> {
        let (thumb_url, preview_url) = if self.previews && self.status == FileStatus::Ready {
            let blobs = &app.blobs;
            (
                Some(
                    blobs
                        .presign_download(&self.thumb(), None, PREVIEW_TTL)
                        .await?,
                ),
                Some(
                    blobs
                        .presign_download(&self.preview(), None, PREVIEW_TTL)
                        .await?,
                ),
            )
        } else {
            (None, None)
        };
        Ok(FileView {
            id: &self.id,
            name: &self.name,
            content_type: &self.content_type,
            size: self.size,
            kind: self.kind,
            status: self.status,
            failure: self.failure.as_deref(),
            width: self.width,
            height: self.height,
            favourite: self.favourite,
            thumb_url,
            preview_url,
            uploaded_at: self.uploaded_at,
        })
    }
}
