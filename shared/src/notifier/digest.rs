//! Grouped message emails. A recipient who asked for message emails gets the first message
//! of a conversation at once; the messages that follow within the quiet period wait, and
//! one digest of those still unread goes when the period ends. Reading the conversation
//! ends the period: the next message goes at once again.
//!
//! The recipient's membership row keeps `mailed_at` (the last email, in ms),
//! `mailed_through` (the newest message emailed) and `digest_due` (when a waiting digest
//! goes, in seconds); a due digest is also an item
//! of the `DIGESTS` partition, sorted by time, which the sweep (the `message-digests`
//! function every five minutes, the gateway's timer every minute) reads in one Query.

use super::message::{display_name, send};
use crate::accounts::model;
use crate::app::App;
use crate::error::Error;
use crate::keys;
use crate::messaging::model::Message;
use crate::ports::table::{Condition, Item, SK, TxOp, Update};
use crate::ports::{Query, SortKey, StoreError};
use serde_json::{Value, json};

/// How long after an email the messages of its conversation wait for a digest.
pub const QUIET_MS: i64 = 15 * 60 * 1000;
/// The membership row's last email time (ms): its quiet period runs from it.
pub const MAILED_AT: &str = "mailed_at";
/// The membership row's newest emailed message time (ms): a digest quotes those after it.
pub const MAILED_THROUGH: &str = "mailed_through";
/// The membership row's waiting digest time (s).
pub const DUE: &str = "digest_due";
/// The most messages a digest quotes (the newest).
const MAX_QUOTED: usize = 10;

/// Schedules the digest of `message`'s conversation for its recipient, unless one waits
/// already (then the transaction fails on the row's condition, and nothing changes).
pub(super) async fn schedule(app: &App, message: &Message) -> Result<(), Error> {
    let due = app.clock.now() + QUIET_MS / 1000;
    let (recipient, conversation) = (&message.recipient_id, &message.conversation_id);
    let entry = crate::items::with_key(
        &keys::digest_due(due, recipient, conversation),
        json!({"recipient_id": recipient, "conversation_id": conversation, "due": due}),
    );
    let ops = vec![
        TxOp::Update {
            key: keys::membership(recipient, conversation),
            update: Update::default().set(DUE, due),
            condition: Some(Condition::Lacks(DUE.into())),
        },
        TxOp::Put {
            item: entry,
            condition: None,
        },
    ];
    match app.table.transact(ops).await {
        Ok(()) | Err(StoreError::TransactionCancelled { .. }) => Ok(()),
        Err(e) => Err(e.into()),
    }
}

/// Sends the digests that are due; returns how many emails went out.
pub async fn sweep(app: &App) -> Result<usize, Error> {
    let now = app.clock.now();
    let query = Query::partition(keys::DIGESTS).sort(SortKey::LessThan(format!("{now:012}~")));
    let mut sent = 0;
    for entry in app.table.query_all(query, 1_000).await? {
        if deliver(app, &entry).await? {
            sent += 1;
        }
        let key = crate::ports::Key::new(
            keys::DIGESTS,
            entry.get(SK).and_then(Value::as_str).unwrap_or_default(),
        );
        app.table.delete(&key, None).await?;
    }
    Ok(sent)
}

/// Emails one due digest, if it still waits and its messages are unread; then ends the
/// quiet period (a new one starts when a digest went out). Returns whether it went out.
async fn deliver(app: &App, entry: &Item) -> Result<bool, Error> {
    let text = |name: &str| entry.get(name).and_then(Value::as_str).unwrap_or_default();
    let (recipient_id, conversation) = (text("recipient_id"), text("conversation_id"));
    let due = entry.get("due").and_then(Value::as_i64).unwrap_or_default();
    let key = keys::membership(recipient_id, conversation);
    let Some(row) = app.table.get(&key).await? else {
        return Ok(false);
    };
    // Read since (the row forgot its digest): nothing to send.
    if row.get(DUE).and_then(Value::as_i64) != Some(due) {
        return Ok(false);
    }
    let unread = row
        .get("unread")
        .and_then(Value::as_i64)
        .unwrap_or_default();
    // Quoted from the newest message emailed on (the last email's time, for a row without it).
    let through = row
        .get(MAILED_THROUGH)
        .or_else(|| row.get(MAILED_AT))
        .and_then(Value::as_i64)
        .unwrap_or_default();
    let waiting = if unread > 0 {
        waiting_since(app, recipient_id, conversation, through).await?
    } else {
        Vec::new()
    };
    let mut sent = false;
    if let (Some(newest), Some(recipient)) = (
        waiting.last(),
        model::get(app, recipient_id)
            .await?
            .filter(|a| a.notify_by_email && a.email_verified && !waiting.is_empty()),
    ) {
        let sender = display_name(app, &newest.sender_id).await?;
        let quoted = &waiting[waiting.len().saturating_sub(MAX_QUOTED)..];
        let texts: Vec<&str> = quoted.iter().map(|m| m.text.as_str()).collect();
        send(
            app,
            &recipient,
            &sender,
            conversation,
            (&texts, waiting.len()),
        )
        .await?;
        sent = true;
    }
    let mut update = Update::default().remove(DUE);
    // A digest starts a quiet period of its own.
    if let Some(newest) = waiting.last().filter(|_| sent) {
        update = update
            .set(MAILED_AT, app.clock.now_ms())
            .set(MAILED_THROUGH, newest.at_ms);
    }
    let still_due = Condition::Equals(DUE.into(), due.into());
    match app.table.update(&key, update, Some(still_due)).await {
        Ok(_) => {}
        Err(StoreError::ConditionFailed) => return Ok(sent),
        Err(e) => return Err(e.into()),
    }
    // A message written while the digest went out found it still waiting and wrote nothing:
    // it waits for the next digest.
    if let Some(newest) = waiting.last().filter(|_| sent) {
        let later = waiting_since(app, recipient_id, conversation, newest.at_ms).await?;
        if let Some(latest) = later.last() {
            schedule(app, latest).await?;
        }
    }
    Ok(sent)
}

/// The messages to `recipient_id` in the conversation after `after_ms`, oldest first.
async fn waiting_since(
    app: &App,
    recipient_id: &str,
    conversation: &str,
    after_ms: i64,
) -> Result<Vec<Message>, Error> {
    let after = format!("{}{after_ms:013}~", keys::MESSAGES);
    let query = Query::partition(keys::conversation_partition(conversation))
        .sort(SortKey::GreaterThan(after));
    let mut messages = Vec::new();
    for item in app.table.query_all(query, 500).await? {
        let is_message = item
            .get(SK)
            .and_then(Value::as_str)
            .is_some_and(|sk| sk.starts_with(keys::MESSAGES));
        if !is_message {
            continue;
        }
        let message = Message::from_item(item)?;
        if message.recipient_id == recipient_id {
            messages.push(message);
        }
    }
    Ok(messages)
}
