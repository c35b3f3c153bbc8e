//! The scheduled jobs, as the Lambda schedules (`lambda::serve_job`) and the local
//! gateway's timers and `POST /_…` routes both run them: each answers what it did, as JSON.

use crate::app::App;
use crate::error::Error;
use crate::{calendar, galleries, notifier, projects, search};
use serde_json::{Value, json};

/// Hourly (`projects-sweep`): the projects whose day is past become done, and the clients
/// of galleries expiring within a week are reminded.
pub async fn projects_sweep(app: &App) -> Result<Value, Error> {
    let done = projects::sweep::run(app).await?;
    let reminded = galleries::expiry::run(app).await?;
    Ok(json!({ "done": done, "reminded": reminded }))
}

/// Every five minutes (`message-digests`): the message digests that are due go out.
pub async fn message_digests(app: &App) -> Result<Value, Error> {
    let sent = notifier::digest::sweep(app).await?;
    Ok(json!({ "sent": sent }))
}

/// Every 15 minutes (`calendar-sync`): every imported calendar is read again (those read
/// without error are counted; the others record their error).
pub async fn calendar_sync(app: &App) -> Result<Value, Error> {
    let synced = calendar::imports::sync_all(app).await?;
    Ok(json!({ "synced": synced }))
}

/// By hand (`search-reindex`): the search entries of every listed provider written again.
pub async fn search_reindex(app: &App) -> Result<Value, Error> {
    let indexed = search::index::rebuild(app).await?;
    Ok(json!({ "indexed": indexed }))
}
