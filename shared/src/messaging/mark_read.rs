//! Mark a conversation read (function `mark-read`).
//!
//! Read the caller's row (n unread), then one transaction: the row's `unread = 0` on
//! condition that it is still n, and the caller's unread total minus n. A message that
//! arrives in between fails the condition; the use case reads again and retries, so the
//! total always equals the sum of the rows.

use super::model;
use super::retry::RETRY;
use super::unread;
use crate::app::App;
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use crate::keys;
use crate::ports::StoreError;
use crate::ports::table::{Condition, TxOp, Update};
use serde_json::{Value, json};

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let caller = req.auth(app).await?;
    let total = run(app, &caller.sub, req.param("id")).await?;
    Ok(Reply::ok(json!({ "unread_total": total })))
}

/// Sets the user's unread count of the conversation to 0, takes it off their total,
/// and returns the new total.
pub async fn run(app: &App, user_id: &str, conversation_id: &str) -> Result<i64, Error> {
    model::other_participant(conversation_id, user_id)?;
    clear(app, user_id, conversation_id).await?;
    unread::run(app, user_id).await
}

async fn clear(app: &App, user_id: &str, conversation_id: &str) -> Result<(), Error> {
    let row = keys::membership(user_id, conversation_id);
    for attempt in RETRY.attempts() {
        let unread = app
            .table
            .get(&row)
            .await?
            .ok_or_else(model::not_found)?
            .get("unread")
            .and_then(Value::as_i64)
            .unwrap_or_default();
        if unread == 0 {
            return Ok(());
        }
        let ops = vec![
            TxOp::Update {
                key: row.clone(),
                // Read: the next message is emailed at once, with no digest waiting.
                update: Update::default()
                    .set("unread", 0)
                    .remove(crate::notifier::digest::MAILED_AT)
                    .remove(crate::notifier::digest::MAILED_THROUGH)
                    .remove(crate::notifier::digest::DUE),
                condition: Some(Condition::Equals("unread".into(), unread.into())),
            },
            TxOp::Update {
                key: keys::unread_total(user_id),
                update: Update::default().add("count", -unread),
                condition: None,
            },
        ];
        match app.table.transact(ops).await {
            Ok(()) => return Ok(()),
            // A message arrived since the read: read again.
            Err(StoreError::TransactionCancelled { .. }) => {}
            Err(StoreError::Unavailable(cause)) => {
                tracing::warn!(%cause, attempt, "mark read retried");
                RETRY.pause(attempt).await;
            }
            Err(e) => return Err(e.into()),
        }
    }
    Err(RETRY.busy())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Kind;
    use crate::testing::{self, pair, say};

    #[tokio::test]
    async fn reading_clears_the_row_and_the_total() {
        let app = testing::app();
        let (client, provider, conversation) = pair(&app).await;
        say(&app, &client, &conversation, "un").await;
        assert_eq!(run(&app, &provider.sub, &conversation).await.unwrap(), 0);
        assert_eq!(unread::run(&app, &provider.sub).await.unwrap(), 0);
        assert_eq!(
            run(&app, "stranger", &conversation).await.unwrap_err().kind,
            Kind::NotFound
        );
    }
}
