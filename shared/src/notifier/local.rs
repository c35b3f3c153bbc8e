//! The local change feed: the gateway follows the SQLite adapter's change log as the
//! `notifier`, `contract-pdf` and `gallery-archive` functions follow the DynamoDB stream.

use crate::adapters::sqlite::SqliteTable;
use crate::app::App;
use std::time::Duration;

/// How long the follower waits when no commit of this process wakes it (it still
/// sees the writes of other processes, such as a seeding tool).
const POLL: Duration = Duration::from_secs(1);

/// Changes read at once.
const BATCH: usize = 100;

/// Hands every logged change, in order, to [`super::notify`] and
/// [`crate::contracts::render::on_change`]; runs until the task is
/// dropped. It wakes on each commit (low latency) or every [`POLL`], and prunes the
/// handled changes once it has caught up (a prune is a write: not one per burst
/// of messages). A change whose notification fails is logged and skipped, never retried,
/// so one bad item cannot stall the feed. It starts from the oldest unpruned change:
/// changes made while the gateway was down are notified when it starts.
pub async fn follow(app: &App, log: &SqliteTable) {
    let mut commits = log.watch_changes();
    let (mut last, mut pruned) = (0, 0);
    loop {
        // Seen before reading: a commit after this point wakes the wait below.
        commits.borrow_and_update();
        match log.changes_after(last, BATCH).await {
            Ok(batch) if !batch.is_empty() => {
                // Each user's connections are read once for the batch.
                last = crate::live::within_batch(handle(app, batch, last)).await;
                continue;
            }
            Ok(_) if pruned < last => match log.prune_changes_through(last).await {
                Ok(_) => pruned = last,
                Err(error) => tracing::warn!(%error, "pruning the change log failed"),
            },
            Ok(_) => {}
            Err(error) => tracing::warn!(%error, "reading the change log failed"),
        }
        // Timing out is the poll; an error (no sender) cannot happen while `log` lives.
        let _ = tokio::time::timeout(POLL, commits.changed()).await;
    }
}

/// Hands one batch of changes to the consumers; returns the last sequence number handled.
async fn handle(app: &App, batch: Vec<(i64, crate::ports::Change)>, mut last: i64) -> i64 {
    for (seq, change) in batch {
        if let Err(error) = super::notify(app, &change).await {
            tracing::warn!(seq, code = error.code, message = %error.message, "notification failed");
        }
        // The `contract-pdf` function's part of the stream, in AWS.
        if let Err(error) = crate::contracts::render::on_change(app, &change).await {
            tracing::warn!(seq, code = error.code, message = %error.message, "contract PDF failed");
        }
        // The `gallery-archive` function's part, in AWS: on a task of its own, so
        // that a large archive does not hold the feed up.
        if crate::galleries::build::asks(&change) {
            let (app, change) = (app.clone(), change.clone());
            tokio::spawn(async move {
                if let Err(error) = crate::galleries::build::on_change(&app, &change).await {
                    tracing::warn!(code = error.code, message = %error.message, "gallery archive failed");
                }
            });
        }
        last = seq;
    }
    last
}
