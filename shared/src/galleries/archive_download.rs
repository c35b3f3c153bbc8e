//! A side downloads one part of a ready archive (function `gallery-download`):
//! `POST /api/galleries/{id}/archives/{archive_id}/parts/{number}/download` →
//! `{url, expires_in}`; logged (`super::log`).
//!
//! Table calls: 2 GetItem + 1 PutItem.

use super::archive::{Archive, ArchiveStatus};
use super::download::URL_TTL;
use super::log::{self, What};
use super::model;
use crate::app::App;
use crate::auth::tokens::AccessClaims;
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use crate::items;
use crate::keys;
use serde_json::json;

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let caller = req.auth(app).await?;
    let number = req.param("number").parse::<u32>().unwrap_or(0);
    let url = run(
        app,
        &caller,
        req.param("id"),
        req.param("archive_id"),
        number,
    )
    .await?;
    Ok(Reply::ok(
        json!({"url": url, "expires_in": URL_TTL.as_secs()}),
    ))
}

pub async fn run(
    app: &App,
    caller: &AccessClaims,
    gallery_id: &str,
    archive_id: &str,
    number: u32,
) -> Result<String, Error> {
    let reached = model::reach(app, gallery_id, caller).await?;
    let not_found = || Error::not_found("no such archive");
    let item = app
        .table
        .get(&keys::gallery_archive(gallery_id, archive_id))
        .await?
        .ok_or_else(not_found)?;
    let archive: Archive = items::record(item)?;
    if archive.status != ArchiveStatus::Ready {
        return Err(Error::conflict(
            "archive_not_ready",
            "this archive is still being built",
        ));
    }
    let part = archive
        .parts
        .iter()
        .find(|p| p.number == number)
        .ok_or_else(not_found)?;
    let url = app
        .blobs
        .presign_download(&part.key, Some(&part.name), URL_TTL)
        .await?;
    log::record(app, &reached, What::Archive, &part.name, &archive.id).await?;
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{self, gallery};

    #[tokio::test]
    async fn an_unknown_archive_is_not_found() {
        let app = testing::app();
        let (provider, _, gallery) = gallery(&app).await;
        let missing = run(&app, &provider, &gallery.id, "all-v1", 1)
            .await
            .unwrap_err();
        assert_eq!(missing.kind, crate::error::Kind::NotFound);
    }
}
