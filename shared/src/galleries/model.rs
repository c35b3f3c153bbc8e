//! Galleries as the table holds them (README, "The single table: access patterns").
//!
//! A gallery's partition, `GALLERY#{id}`, holds its record (`META`, in its project's
//! galleries on gsi1), its files (`FILE#{id}`), its archives (`ARCHIVE#{id}`) and its
//! downloads log (`DL#{time}#{id}`). The record keeps the counts every file change adds to
//! in the same transaction (files, ready files, bytes, favourites) and a `version` that
//! every change of its files raises: an archive is reused while the version is the same.
//!
//! Blobs: a file's original is `galleries/{gallery}/{file}/original` (the S3 event that
//! makes its previews filters on that suffix), its previews `…/thumb.jpg` and
//! `…/preview.jpg`; archives are under `archives/{gallery}/`.

use crate::app::App;
use crate::auth::Role;
use crate::auth::tokens::AccessClaims;
use crate::error::Error;
use crate::items;
use crate::keys;
use crate::ports::table::{GSI1PK, GSI1SK, Item, Key};
use crate::projects::model::Actor;
use serde::{Deserialize, Serialize};

/// Most files in a gallery.
pub const MAX_FILES: i64 = 5_000;
/// Most bytes in a gallery (200 GiB: a wedding's RAW files and videos).
pub const MAX_BYTES: i64 = 200 * 1024 * 1024 * 1024;
/// Largest file (5 GiB).
pub const MAX_FILE: u64 = 5 * 1024 * 1024 * 1024;
/// Files above this size are uploaded in parts.
pub const SINGLE_MAX: u64 = 64 * 1024 * 1024;
/// The size of each part of a multipart upload.
pub const PART_SIZE: u64 = 8 * 1024 * 1024;
/// How long a delivered gallery stays, in days (the provider extends it).
pub const KEEP_DAYS: i64 = 90;

/// The types a gallery takes, and what each is.
pub const ALLOWED: &[(&str, Kind)] = &[
    ("image/jpeg", Kind::Image),
    ("image/png", Kind::Image),
    ("image/webp", Kind::Image),
    ("image/heic", Kind::Image),
    ("image/tiff", Kind::Image),
    ("application/pdf", Kind::Pdf),
    ("application/zip", Kind::Zip),
    ("video/mp4", Kind::Video),
    ("video/quicktime", Kind::Video),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Image,
    Video,
    Pdf,
    Zip,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// The provider prepares it; the client does not see it.
    Draft,
    Delivered,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Gallery {
    pub id: String,
    pub project_id: String,
    pub client_id: String,
    pub provider_id: String,
    pub client_name: String,
    pub provider_name: String,
    pub name: String,
    pub position: i64,
    pub status: Status,
    /// Files not refused (uploading, processing, ready).
    pub file_count: i64,
    pub ready_count: i64,
    /// The declared sizes of those files.
    pub total_bytes: i64,
    pub favourite_count: i64,
    /// Raised by every change of its files.
    pub version: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivered_at: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FileStatus {
    /// Created; its bytes are on their way to storage.
    Uploading,
    /// Stored; its content is being checked and its previews made.
    Processing,
    Ready,
    /// Refused: its content is not its type, or it could not be read.
    Failed,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct File {
    pub id: String,
    pub gallery_id: String,
    pub name: String,
    pub content_type: String,
    pub size: u64,
    pub kind: Kind,
    pub status: FileStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure: Option<String>,
    /// The multipart upload, while it is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upload_id: Option<String>,
    pub uploaded_by: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
    /// Whether it has previews (`thumb.jpg`, `preview.jpg`).
    #[serde(default)]
    pub previews: bool,
    #[serde(default)]
    pub favourite: bool,
    pub uploaded_at: i64,
}

impl Gallery {
    pub fn key(&self) -> Key {
        keys::gallery(&self.id)
    }

    pub fn item(&self) -> Item {
        let mut item = items::with_key(&self.key(), self);
        item.insert(
            GSI1PK.into(),
            keys::project_galleries(&self.project_id).into(),
        );
        item.insert(
            GSI1SK.into(),
            keys::gallery_position(self.position, &self.id).into(),
        );
        item
    }

    /// Whether it expired at `now`.
    pub fn is_expired(&self, now: i64) -> bool {
        self.expires_at.is_some_and(|at| now >= at)
    }
}

impl File {
    pub fn key(&self) -> Key {
        keys::gallery_file(&self.gallery_id, &self.id)
    }

    /// Its original's blob key.
    pub fn original(&self) -> String {
        original_key(&self.gallery_id, &self.id)
    }

    pub fn thumb(&self) -> String {
        format!("galleries/{}/{}/thumb.jpg", self.gallery_id, self.id)
    }

    pub fn preview(&self) -> String {
        format!("galleries/{}/{}/preview.jpg", self.gallery_id, self.id)
    }
}

/// The blob key of a file's original.
pub fn original_key(gallery_id: &str, file_id: &str) -> String {
    format!("galleries/{gallery_id}/{file_id}/original")
}

/// The gallery and file an original's blob key names.
pub fn parse_original(key: &str) -> Option<(&str, &str)> {
    let rest = key.strip_prefix("galleries/")?.strip_suffix("/original")?;
    let (gallery, file) = rest.split_once('/')?;
    (crate::messaging::model::is_id(gallery) && crate::messaging::model::is_id(file))
        .then_some((gallery, file))
}

/// A gallery as one caller reaches it.
#[derive(Debug, Clone)]
pub struct Reached {
    pub gallery: Gallery,
    /// The caller's side (an admin reads as the provider does).
    pub side: Actor,
    pub user_id: String,
}

/// The gallery `id` for `caller`: its client (once delivered, and before it expires: 410
/// `gallery_expired` after), its provider and admins; anyone else 404.
///
/// Table calls: 1 GetItem.
pub async fn reach(app: &App, id: &str, caller: &AccessClaims) -> Result<Reached, Error> {
    let gallery = get(app, id).await?.ok_or_else(not_found)?;
    let side = if caller.sub == gallery.provider_id || caller.role == Role::Admin {
        Actor::Provider
    } else if caller.sub == gallery.client_id && gallery.status == Status::Delivered {
        if gallery.is_expired(app.clock.now()) {
            return Err(Error::gone(
                "gallery_expired",
                "this gallery has expired: ask the provider to extend it",
            ));
        }
        Actor::Client
    } else {
        return Err(not_found());
    };
    Ok(Reached {
        gallery,
        side,
        user_id: caller.sub.clone(),
    })
}

/// [`reach`], for the provider only (403 for the client and for admins, who read a gallery
/// as its provider does but do not manage it; 404 for anyone else).
pub async fn reach_as_provider(
    app: &App,
    id: &str,
    caller: &AccessClaims,
) -> Result<Reached, Error> {
    let reached = reach(app, id, caller).await;
    match reached {
        Ok(r) if r.gallery.provider_id == r.user_id => Ok(r),
        Ok(_)
        | Err(Error {
            kind: crate::error::Kind::Gone,
            ..
        }) => Err(Error::forbidden("the provider manages its galleries")),
        Err(e) => Err(e),
    }
}

pub async fn get(app: &App, id: &str) -> Result<Option<Gallery>, Error> {
    if !crate::messaging::model::is_id(id) {
        return Ok(None);
    }
    app.table
        .get(&keys::gallery(id))
        .await?
        .map(items::record)
        .transpose()
}

/// The file `file_id` of a gallery (404 if none).
pub async fn file(app: &App, gallery_id: &str, file_id: &str) -> Result<File, Error> {
    let not_found = || Error::not_found("no such file");
    if !crate::messaging::model::is_id(file_id) {
        return Err(not_found());
    }
    let item = app
        .table
        .get(&keys::gallery_file(gallery_id, file_id))
        .await?;
    item.map(items::record).transpose()?.ok_or_else(not_found)
}

pub fn not_found() -> Error {
    Error::not_found("no such gallery")
}
