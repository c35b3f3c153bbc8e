//! The notifier: turns changes of the table into live pushes and emails, and keeps the
//! search index in step with the profiles
//! (docs/MESSAGING.md, "Live and email: the notifier").
//!
//! On AWS the `notifier` function reads the table's DynamoDB stream ([`stream`]);
//! locally the gateway follows the SQLite change log ([`local`]). Both call [`notify`]
//! with the same [`Change`]s.
//!
//! | change | effect |
//! |---|---|
//! | message item (`sk` = `MSG#…`) created | `{"type": "message", "message", "unread_total"}` to the recipient's live connections, `{"type": "message", "message"}` to the sender's (their other tabs), and an email to the recipient if they asked for it ([`message`]) |
//! | unread total (`sk` = `UNREAD`) created or its `count` changed | `{"type": "unread", "unread_total"}` to its user's connections |
//! | request (`sk` = `REQ#…`) created or its `state` changed | `{"type": "request", "event_id", "provider_id", "state"}` to the party it concerns (new, booked, closed: the provider; accepted, quoted, declined: the client), and an email if they asked for it ([`request`]) |
//! | booking (`sk` = `BOOKING#…`) created or its `state` changed | `{"type": "booking", "booking_id", "state"}` to both sides, and an email to the side that did not act if it asked for them, with the `.ics` on confirmation ([`booking`]) |
//! | project (`PROJECT#…` / `META`) created or its `status` changed; its contract's signatures or status changed; its PDF created | `{"type": "project", "project_id", "status", "what"}` to both sides, and emails: a recap with the `.ics` to both when it opens, a status change to the side that did not act, a client's signature to the provider, the PDF to both ([`project`]) |
//! | gallery (`GALLERY#…`): a file checked, an archive ready or failed, the gallery delivered | `{"type": "gallery", "gallery_id", "file_id"?, "status"}` to the uploader (a file) or the client (delivered, with an email); `{"type": "archive", "gallery_id", "archive_id", "status"}` to whoever asked, with an email when ready ([`gallery`]) |
//! | an email's cooldown (`EMAIL#…` / `COOLDOWN#RESET` or `COOLDOWN#VERIFY`) put: someone asked for a reset or verification link | the link, emailed if an account (an unconfirmed one, for verification) has the address ([`crate::accounts::link_mail`]) |
//! | profile (`sk` = `PROFILE`) created, changed or deleted | its search entries follow it ([`crate::search::index::sync`]) |
//! | anything else, other deletions | nothing |
//!
//! Delivery is at least once (a failed stream record is retried, with the pushes it
//! already made): clients recognise a message they already show by its `id`.

mod booking;
mod compose;
pub mod digest;
mod gallery;
pub mod local;
mod mail;
mod message;
mod project;
mod request;
pub mod stream;
pub mod unsubscribe;

use crate::app::App;
use crate::error::Error;
use crate::events::model::State;
use crate::keys;
use crate::live;
use crate::messaging::model::MessageView;
use crate::ports::Change;
use crate::ports::table::{Item, PK, SK};
use crate::search;
use serde::Serialize;
use serde_json::Value;

/// Notifies what one change of the table calls for (see the module table).
pub async fn notify(app: &App, change: &Change) -> Result<(), Error> {
    let image = change.new.as_ref().or(change.old.as_ref());
    if image.and_then(|i| i.get(SK)).and_then(Value::as_str) == Some(keys::PROFILE) {
        return search::index::sync(app, change.old.as_ref(), change.new.as_ref()).await;
    }
    let Some(new) = &change.new else {
        return Ok(());
    };
    let sk = new.get(SK).and_then(Value::as_str).unwrap_or_default();
    if sk.starts_with(keys::COOLDOWNS) {
        crate::accounts::link_mail::asked(app, new).await
    } else if sk.starts_with(keys::MESSAGES) && change.old.is_none() {
        message::created(app, new).await
    } else if sk == keys::UNREAD {
        unread_changed(app, change.old.as_ref(), new).await
    } else if sk.starts_with(keys::REQUESTS) {
        request::changed(app, change.old.as_ref(), new).await
    } else if sk.starts_with(keys::BOOKINGS) {
        booking::changed(app, change.old.as_ref(), new).await
    } else if in_partition(new, "GALLERY#") {
        gallery::changed(app, change.old.as_ref(), new, sk).await
    } else if !in_partition(new, keys::PROJECTS) {
        Ok(())
    } else if sk == "META" {
        project::changed(app, change.old.as_ref(), new).await
    } else if sk == "CONTRACT" || sk == "PDF" {
        project::part_changed(app, change.old.as_ref(), new, sk).await
    } else {
        Ok(())
    }
}

/// What the platform pushes to a user's open tabs, as JSON with a `type`.
#[derive(Debug, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Notice<'a> {
    /// A new message, to both participants; the recipient's also carries their unread
    /// total.
    Message {
        message: MessageView<'a>,
        #[serde(skip_serializing_if = "Option::is_none")]
        unread_total: Option<i64>,
    },
    /// The user's unread total changed (they read a conversation in another tab).
    Unread { unread_total: i64 },
    /// A request changed state: to the party it concerns.
    Request {
        event_id: &'a str,
        provider_id: &'a str,
        state: State,
    },
    /// A calendar booking was made or changed state: to both sides.
    Booking {
        booking_id: &'a str,
        state: crate::calendar::model::State,
    },
    /// A gallery's file was checked (to its uploader), or the gallery delivered (to its
    /// client).
    Gallery {
        gallery_id: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        file_id: Option<&'a str>,
        status: String,
    },
    /// An archive asked for is ready (or failed): to whoever asked.
    Archive {
        gallery_id: &'a str,
        archive_id: &'a str,
        status: crate::galleries::archive::ArchiveStatus,
    },
    /// A project opened, changed status, its contract changed or its PDF is ready: to
    /// both sides.
    Project {
        project_id: &'a str,
        status: crate::projects::status::Status,
        what: project::What,
    },
}

/// Whether an item's partition key starts with `prefix` (a project's, a gallery's).
fn in_partition(item: &Item, prefix: &str) -> bool {
    item.get(PK)
        .and_then(Value::as_str)
        .is_some_and(|pk| pk.starts_with(prefix))
}

/// The `count` of an unread-total item (absent: 0).
fn unread_count(item: Option<&Item>) -> i64 {
    item.and_then(|i| i.get("count"))
        .and_then(Value::as_i64)
        .unwrap_or(0)
}

/// Pushes a user's new unread total (e.g. after they read a conversation in another tab).
async fn unread_changed(app: &App, old: Option<&Item>, new: &Item) -> Result<(), Error> {
    let total = unread_count(Some(new));
    if old.is_some() && unread_count(old) == total {
        return Ok(());
    }
    let user = new
        .get(PK)
        .and_then(Value::as_str)
        .and_then(|pk| pk.strip_prefix("USER#"))
        .ok_or_else(|| Error::internal("an UNREAD item outside a USER# partition"))?;
    let notice = Notice::Unread {
        unread_total: total,
    };
    live::notify_user(app, user, &notice).await.map(drop)
}
