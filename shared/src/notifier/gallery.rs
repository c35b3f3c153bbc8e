//! Galleries: a file checked (ready or refused) → `{"type": "gallery", "gallery_id",
//! "file_id", "status"}` to its uploader's tabs; an archive ready (or failed) →
//! `{"type": "archive", "gallery_id", "archive_id", "status"}` to whoever asked for it,
//! and when ready an email with the link to the gallery (a signed URL would not outlive
//! the function's credentials); a gallery delivered → `{"type": "gallery", "gallery_id",
//! "status": "delivered"}` to its client, and an email.
//!
//! Table calls: 1 Query (the connections) and, per email, 1 GetItem (the account).

use super::Notice;
use super::compose::{self, Wording};
use crate::app::App;
use crate::error::Error;
use crate::galleries::archive::{Archive, ArchiveStatus};
use crate::galleries::model::{File, FileStatus, Gallery, Status};
use crate::items;
use crate::keys;
use crate::live;
use crate::ports::Item;
use serde_json::Value;

fn status(item: Option<&Item>) -> Option<&str> {
    item.and_then(|i| i.get("status")).and_then(Value::as_str)
}

/// A gallery's record, file or archive changed.
pub(super) async fn changed(
    app: &App,
    old: Option<&Item>,
    new: &Item,
    sk: &str,
) -> Result<(), Error> {
    if status(old) == status(Some(new)) {
        return Ok(());
    }
    if sk == "META" {
        let gallery: Gallery = items::record(new.clone())?;
        if gallery.status == Status::Delivered {
            return delivered(app, &gallery).await;
        }
    } else if sk.starts_with(keys::FILES) {
        let file: File = items::record(new.clone())?;
        if matches!(file.status, FileStatus::Ready | FileStatus::Failed) {
            let notice = Notice::Gallery {
                gallery_id: &file.gallery_id,
                file_id: Some(&file.id),
                status: status(Some(new)).unwrap_or_default().to_owned(),
            };
            live::notify_user(app, &file.uploaded_by, &notice).await?;
        }
    } else if sk.starts_with(keys::ARCHIVES) {
        let archive: Archive = items::record(new.clone())?;
        if archive.status != ArchiveStatus::Building {
            let notice = Notice::Archive {
                gallery_id: &archive.gallery_id,
                archive_id: &archive.id,
                status: archive.status,
            };
            live::notify_user(app, &archive.requested_by, &notice).await?;
            if archive.status == ArchiveStatus::Ready {
                archive_ready(app, &archive).await?;
            }
        }
    }
    Ok(())
}

async fn delivered(app: &App, gallery: &Gallery) -> Result<(), Error> {
    let notice = Notice::Gallery {
        gallery_id: &gallery.id,
        file_id: None,
        status: "delivered".into(),
    };
    live::notify_user(app, &gallery.client_id, &notice).await?;
    mail(app, gallery, &gallery.client_id, |w| {
        let name = w.quote(&gallery.name);
        (
            format!(
                "{} {name}",
                w.pick("Vos fichiers sont livrés :", "Your files are delivered:")
            ),
            format!(
                "{} {} {name}.",
                gallery.provider_name,
                w.pick("vous a livré la galerie", "delivered the gallery"),
            ),
        )
    })
    .await
}

async fn archive_ready(app: &App, archive: &Archive) -> Result<(), Error> {
    let Some(gallery) = crate::galleries::model::get(app, &archive.gallery_id).await? else {
        return Ok(());
    };
    mail(app, &gallery, &archive.requested_by, |w| {
        (
            format!("{} {}", w.pick("Votre archive est prête :", "Your archive is ready:"), w.quote(&gallery.name)),
            w.pick(
                "L'archive ZIP que vous avez demandée est prête : téléchargez-la depuis la galerie.",
                "The ZIP archive you asked for is ready: download it from the gallery.",
            )
            .to_owned(),
        )
    })
    .await
}

/// Emails `user_id` about `gallery` (if it asked for emails), with a link to the gallery.
async fn mail(
    app: &App,
    gallery: &Gallery,
    user_id: &str,
    lines: impl Fn(&Wording) -> (String, String),
) -> Result<(), Error> {
    let page = format!("/projets/{}/galeries/{}", gallery.project_id, gallery.id);
    compose::send_to(app, user_id, &page, |account, links| {
        let w = Wording {
            english: account.lang == "en",
        };
        let (subject, intro) = lines(&w);
        let notice = compose::Notice {
            subject,
            intro,
            written: None,
            action: w.pick("Ouvrir la galerie", "Open the gallery"),
            attachments: Vec::new(),
        };
        compose::email(account, &w, notice, links)
    })
    .await
}
