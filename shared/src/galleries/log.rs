//! The downloads log of a gallery: every download of a file or an archive, by whom and
//! when; its provider reads it as the proof of delivery.

use super::model::Reached;
use crate::app::App;
use crate::auth::secrets;
use crate::error::Error;
use crate::items;
use crate::keys;
use crate::ports::table::{Query, SortKey};
use crate::projects::model::Actor;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum What {
    File,
    Archive,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Download {
    pub at: i64,
    pub user_id: String,
    pub user_name: String,
    pub side: Actor,
    pub what: What,
    /// The file's name, or the archive part's.
    pub name: String,
    pub id: String,
}

/// Logs that the caller of `reached` downloads `name`.
///
/// Table calls: 1 PutItem.
pub async fn record(
    app: &App,
    reached: &Reached,
    what: What,
    name: &str,
    id: &str,
) -> Result<(), Error> {
    let gallery = &reached.gallery;
    let user_name = match reached.side {
        Actor::Client => gallery.client_name.clone(),
        _ if reached.user_id == gallery.provider_id => gallery.provider_name.clone(),
        _ => "Estrade".to_owned(),
    };
    let entry = Download {
        at: app.clock.now(),
        user_id: reached.user_id.clone(),
        user_name,
        side: reached.side,
        what,
        name: name.to_owned(),
        id: id.to_owned(),
    };
    let key = keys::gallery_download(&gallery.id, app.clock.now_ms(), &secrets::new_id()[..8]);
    app.table.put(items::with_key(&key, &entry), None).await?;
    Ok(())
}

/// The newest downloads of a gallery (up to 200).
///
/// Table calls: 1 Query.
pub async fn newest(app: &App, gallery_id: &str) -> Result<Vec<Download>, Error> {
    let query = Query::partition(keys::gallery_partition(gallery_id))
        .sort(SortKey::BeginsWith(keys::DOWNLOADS.into()))
        .backward()
        .limit(200);
    let page = app.table.query(query).await?;
    page.items.into_iter().map(items::record).collect()
}
