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
    let caller = req.auth(app)?;
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
                update: Update::default().set("unread", 0),
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
    use crate::auth::Role;
    use crate::error::Kind;
    use crate::testing::{self, member};

    use crate::auth::tokens::AccessClaims;
    use crate::messaging::start::{self, Start};
    use crate::messaging::{model::Membership, send};

    /// A client and a provider, and the conversation the client started.
    async fn pair(app: &testing::TestApp) -> (AccessClaims, AccessClaims, String) {
        let (_, client) = member(app, "camille@example.fr", Role::Client).await;
        let (trio, provider) = member(app, "trio@example.fr", Role::Provider).await;
        let start = Start {
            provider_id: Some(trio.id),
            ..Default::default()
        };
        let started = start::run(app, &client, start).await.unwrap();
        (client, provider, started.row.conversation_id)
    }

    async fn say(app: &crate::app::App, from: &AccessClaims, conversation: &str, text: &str) {
        let outgoing = send::Outgoing {
            conversation_id: conversation.into(),
            sender_id: from.sub.clone(),
            text: text.into(),
        };
        send::run(app, outgoing).await.unwrap();
    }

    #[allow(dead_code)]
    fn unread_of(row: &Membership) -> i64 {
        row.unread
    }

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
