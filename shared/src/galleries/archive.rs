//! Archives of a gallery: the client (or the provider) asks for a ZIP of all its files or
//! of the client's favourites (function `gallery-download`): `POST
//! /api/galleries/{id}/archives` with `{selection}` → 202 `{archive}` while it is built
//! off the request path (`super::build`), 200 once ready. An archive is named by its
//! selection and the gallery's version (and the favourites it holds), so it is reused
//! until the gallery changes. 409 `no_favourites`, `gallery_empty`.
//!
//! Table calls: 2 GetItem + 1 Query (the files, a page of 1,000) (+ 1 PutItem to ask for
//! a new one, on condition that none is building or ready).

use super::model::{self, File, FileStatus};
use crate::app::App;
use crate::auth::tokens::AccessClaims;
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use crate::items;
use crate::keys;
use crate::ports::table::{Query, SortKey};
use crate::ports::{Condition, StoreError};
use serde::{Deserialize, Serialize};
use serde_json::json;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Selection {
    All,
    Favourites,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ArchiveStatus {
    Building,
    Ready,
    Failed,
}

/// One part of an archive: a complete ZIP of its own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArchivePart {
    pub number: u32,
    pub name: String,
    pub key: String,
    pub size: u64,
    pub entries: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Archive {
    pub id: String,
    pub gallery_id: String,
    pub selection: Selection,
    /// The files it holds, in upload order.
    pub file_ids: Vec<String>,
    pub status: ArchiveStatus,
    pub requested_by: String,
    pub file_count: u32,
    pub total_bytes: u64,
    #[serde(default)]
    pub parts: Vec<ArchivePart>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure: Option<String>,
    pub created_at: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ready_at: Option<i64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ask {
    pub selection: Selection,
}

/// What the pages see of an archive.
#[derive(Debug, Serialize)]
pub struct ArchiveView<'a> {
    pub id: &'a str,
    pub selection: Selection,
    pub status: ArchiveStatus,
    pub file_count: u32,
    pub total_bytes: u64,
    pub parts: Vec<PartView<'a>>,
}

#[derive(Debug, Serialize)]
pub struct PartView<'a> {
    pub number: u32,
    pub name: &'a str,
    pub size: u64,
}

impl Archive {
    pub fn view(&self) -> ArchiveView<'_> {
        ArchiveView {
            id: &self.id,
            selection: self.selection,
            status: self.status,
            file_count: self.file_count,
            total_bytes: self.total_bytes,
            parts: self
                .parts
                .iter()
                .map(|p| PartView {
                    number: p.number,
                    name: &p.name,
                    size: p.size,
                })
                .collect(),
        }
    }
}

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let caller = req.auth(app).await?;
    let archive = run(app, &caller, req.param("id"), req.json()?).await?;
    let status = if archive.status == ArchiveStatus::Ready {
        200
    } else {
        202
    };
    Ok(Reply::json(status, json!({"archive": archive.view()})))
}

pub async fn run(
    app: &App,
    caller: &AccessClaims,
    gallery_id: &str,
    ask: Ask,
) -> Result<Archive, Error> {
    let reached = model::reach(app, gallery_id, caller).await?;
    let gallery = reached.gallery;
    let mut files = ready_files(app, gallery_id).await?;
    if ask.selection == Selection::Favourites {
        files.retain(|f| f.favourite);
        if files.is_empty() {
            return Err(Error::conflict("no_favourites", "mark favourites first"));
        }
    }
    if files.is_empty() {
        return Err(Error::conflict(
            "gallery_empty",
            "this gallery has no file yet",
        ));
    }
    let file_ids: Vec<String> = files.iter().map(|f| f.id.clone()).collect();
    let id = match ask.selection {
        Selection::All => format!("all-v{}", gallery.version),
        Selection::Favourites => {
            let digest = crate::contracts::model::sha256(file_ids.join(",").as_bytes());
            format!("fav-v{}-{}", gallery.version, &digest[..12])
        }
    };
    let key = keys::gallery_archive(gallery_id, &id);
    if let Some(item) = app.table.get(&key).await? {
        let existing: Archive = items::record(item)?;
        if existing.status != ArchiveStatus::Failed {
            return Ok(existing);
        }
    }
    let archive = Archive {
        id,
        gallery_id: gallery_id.to_owned(),
        selection: ask.selection,
        file_count: u32::try_from(files.len()).unwrap_or(u32::MAX),
        total_bytes: files.iter().map(|f| f.size).sum(),
        file_ids,
        status: ArchiveStatus::Building,
        requested_by: caller.sub.clone(),
        parts: Vec::new(),
        failure: None,
        created_at: app.clock.now(),
        ready_at: None,
    };
    let new_or_failed = Condition::Or(vec![
        Condition::NotExists,
        Condition::Equals("status".into(), json!(ArchiveStatus::Failed)),
    ]);
    match app
        .table
        .put(items::with_key(&key, &archive), Some(new_or_failed))
        .await
    {
        Ok(()) => Ok(archive),
        // Asked for by another tab meanwhile: that one is being built.
        Err(StoreError::ConditionFailed) => {
            let item = app.table.get(&key).await?.ok_or_else(model::not_found)?;
            Ok(items::record(item)?)
        }
        Err(e) => Err(e.into()),
    }
}

/// The ready files of a gallery, in upload order (every page).
pub async fn ready_files(app: &App, gallery_id: &str) -> Result<Vec<File>, Error> {
    let query = Query::partition(keys::gallery_partition(gallery_id))
        .sort(SortKey::BeginsWith(keys::FILES.into()))
        .limit(1000);
    let mut files = Vec::new();
    for item in app.table.query_all(query, usize::MAX).await? {
        let file: File = items::record(item)?;
        if file.status == FileStatus::Ready {
            files.push(file);
        }
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::galleries::{deliver, favourite};
    use crate::testing::{self, gallery, photo};

    #[tokio::test]
    async fn an_archive_is_asked_once_per_selection_and_version() {
        let app = testing::app();
        let (provider, client, gallery) = gallery(&app).await;
        let a = photo(&app, &provider, &gallery.id, "a.jpg").await;
        photo(&app, &provider, &gallery.id, "b.jpg").await;
        deliver::run(&app, &provider, &gallery.id).await.unwrap();
        let ask = |selection| Ask { selection };
        let none = run(&app, &client, &gallery.id, ask(Selection::Favourites))
            .await
            .unwrap_err();
        assert_eq!(none.code, "no_favourites");
        let all = run(&app, &client, &gallery.id, ask(Selection::All))
            .await
            .unwrap();
        assert_eq!((all.status, all.file_count), (ArchiveStatus::Building, 2));
        let again = run(&app, &client, &gallery.id, ask(Selection::All))
            .await
            .unwrap();
        assert_eq!(again.id, all.id, "reused while the gallery is the same");
        let mark = favourite::Mark { favourite: true };
        favourite::run(&app, &client, &gallery.id, &a.id, mark)
            .await
            .unwrap();
        let favourites = run(&app, &client, &gallery.id, ask(Selection::Favourites))
            .await
            .unwrap();
        assert_eq!(
            (favourites.file_ids.len(), favourites.file_ids[0].as_str()),
            (1, a.id.as_str())
        );
        assert_ne!(favourites.id, all.id);
        // A new file is a new version: a new archive.
        photo(&app, &provider, &gallery.id, "c.jpg").await;
        let newer = run(&app, &client, &gallery.id, ask(Selection::All))
            .await
            .unwrap();
        assert_ne!(newer.id, all.id);
        assert_eq!(newer.file_count, 3);
    }
}
