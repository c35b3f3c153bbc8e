//! One gallery (`GET /api/galleries/{id}?cursor=`): its record, a page of 200 files in
//! upload order with signed preview URLs (15 minutes), and for its provider the downloads
//! log. The client reaches it once delivered and until it expires (410 after); anyone
//! else gets 404.
//!
//! Table calls: 1 GetItem + 1 Query (+ 1 Query, the log, for the provider).

use super::log::{self, Download};
use super::model::{self, File, Gallery};
use crate::app::App;
use crate::auth::tokens::AccessClaims;
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use crate::items;
use crate::keys;
use crate::ports::Cursor;
use crate::ports::table::{Query, SortKey};
use crate::projects::model::Actor;
use serde_json::json;

/// Files a page.
pub const PAGE: usize = 200;

pub struct Shown {
    pub gallery: Gallery,
    pub files: Vec<File>,
    pub next: Option<Cursor>,
    /// The provider's only.
    pub downloads: Option<Vec<Download>>,
}

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let caller = req.auth(app).await?;
    let cursor = req.query("cursor").map(|c| Cursor(c.to_owned()));
    let shown = run(app, &caller, req.param("id"), cursor).await?;
    let mut files = Vec::with_capacity(shown.files.len());
    for file in &shown.files {
        files.push(file.view(app).await?);
    }
    let mut body = json!({
        "gallery": shown.gallery.view(app.clock.now()),
        "files": files,
        "next_cursor": shown.next.map(|c| c.0),
    });
    if let Some(downloads) = shown.downloads {
        body["downloads"] = json!(downloads);
    }
    Ok(Reply::ok(body))
}

pub async fn run(
    app: &App,
    caller: &AccessClaims,
    id: &str,
    cursor: Option<Cursor>,
) -> Result<Shown, Error> {
    let reached = model::reach(app, id, caller).await?;
    let query = Query::partition(keys::gallery_partition(id))
        .sort(SortKey::BeginsWith(keys::FILES.into()))
        .limit(PAGE)
        .after(cursor);
    let page = app.table.query(query).await?;
    let files = page
        .items
        .into_iter()
        .map(items::record::<File>)
        .collect::<Result<Vec<_>, _>>()?;
    let files = match reached.side {
        // The client sees what it can open.
        Actor::Client => files
            .into_iter()
            .filter(|f| f.status == model::FileStatus::Ready)
            .collect(),
        _ => files,
    };
    let downloads = match reached.side {
        Actor::Client => None,
        _ => Some(log::newest(app, id).await?),
    };
    Ok(Shown {
        gallery: reached.gallery,
        files,
        next: page.next,
        downloads,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::galleries::deliver;
    use crate::testing::{self, gallery, photo, upload};

    #[tokio::test]
    async fn the_client_sees_ready_files_with_previews_and_never_the_log() {
        let app = testing::app();
        let (provider, client, gallery) = gallery(&app).await;
        photo(&app, &provider, &gallery.id, "a.jpg").await;
        upload(
            &app,
            &provider,
            &gallery.id,
            "b.jpg",
            "image/jpeg",
            b"not a photo",
        )
        .await;
        let hidden = run(&app, &client, &gallery.id, None).await.err().unwrap();
        assert_eq!(
            hidden.kind,
            crate::error::Kind::NotFound,
            "a draft is the provider's"
        );
        deliver::run(&app, &provider, &gallery.id).await.unwrap();
        let theirs = run(&app, &provider, &gallery.id, None).await.unwrap();
        assert_eq!(
            theirs.files.len(),
            2,
            "the provider sees the refused one too"
        );
        let mine = run(&app, &client, &gallery.id, None).await.unwrap();
        assert_eq!(mine.files.len(), 1);
        assert!(mine.downloads.is_none());
        let view = mine.files[0].view(&app).await.unwrap();
        assert!(view.thumb_url.unwrap().contains("thumb.jpg"));
    }
}
