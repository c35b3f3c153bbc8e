//! Send a message (function `send-message`).
//!
//! One transaction of five writes, so that nothing is lost and every counter stays
//! exact: put the message (on condition that it does not exist), update the
//! conversation's summary, update the sender's inbox row, update the recipient's row
//! (one more unread; back in the active inbox), add one to the recipient's unread total.
//!
//! The conversation's update holds on condition that it exists: a participant-shaped
//! id of a conversation never started writes nothing (404). Messages sort by their time
//! in milliseconds, then by id. The summaries show the last message written; two sends
//! that cross within the same milliseconds may leave the older of the two there until
//! the next message.
//!
//! DynamoDB cancels one of two transactions that write the same item at the same
//! moment (two sends in one conversation): the send is retried as it was. An attempt
//! whose answer was lost but which was written finds its message there and succeeds.

use super::model::{self, MAX_TEXT, Message};
use super::retry::RETRY;
use crate::app::App;
use crate::auth::secrets;
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use crate::keys;
use crate::ports::StoreError;
use crate::ports::table::{Condition, GSI1PK, GSI1SK, TxOp, Update};
use crate::validate;
use serde::Deserialize;
use serde_json::json;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Send {
    text: String,
}

/// A message `sender_id` writes in a conversation.
#[derive(Debug)]
pub struct Outgoing {
    pub conversation_id: String,
    pub sender_id: String,
    pub text: String,
}

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let caller = req.auth(app).await?;
    let conversation_id = req.param("id");
    // A stranger gets 404 before the body is read.
    model::other_participant(conversation_id, &caller.sub)?;
    let Send { text } = req.json()?;
    let outgoing = Outgoing {
        conversation_id: conversation_id.to_owned(),
        sender_id: caller.sub,
        text,
    };
    let message = run(app, outgoing).await?;
    Ok(Reply::json(201, json!({"message": message.view()})))
}

/// Writes the message (see the module documentation) and returns it.
pub async fn run(app: &App, outgoing: Outgoing) -> Result<Message, Error> {
    let recipient_id = model::other_participant(&outgoing.conversation_id, &outgoing.sender_id)?;
    let message = Message {
        id: secrets::new_id(),
        conversation_id: outgoing.conversation_id,
        sender_id: outgoing.sender_id,
        recipient_id,
        text: validate::text("text", &outgoing.text, 1, MAX_TEXT)?,
        at_ms: app.clock.now_ms(),
    };
    for attempt in RETRY.attempts() {
        match app.table.transact(writes(&message)).await {
            Ok(()) => return Ok(message),
            // The message is there: an earlier attempt was written, its answer lost.
            Err(StoreError::TransactionCancelled { failed }) if failed.first() == Some(&true) => {
                return Ok(message);
            }
            // The conversation does not exist.
            Err(StoreError::TransactionCancelled { .. }) => return Err(model::not_found()),
            Err(StoreError::Unavailable(cause)) => {
                tracing::warn!(%cause, attempt, "send retried");
                RETRY.pause(attempt).await;
            }
            Err(e) => return Err(e.into()),
        }
    }
    Err(RETRY.busy())
}

/// The five writes of a message, in this order (the first is the message itself).
fn writes(message: &Message) -> Vec<TxOp> {
    let conversation_id = &message.conversation_id;
    let summary = Update::default()
        .set("last_at_ms", message.at_ms)
        .set("last_text", model::preview(&message.text))
        .set("last_sender", message.sender_id.as_str());
    let position = keys::inbox_position(message.at_ms, conversation_id);
    let recipient = &message.recipient_id;
    vec![
        TxOp::Put {
            item: message.item(),
            condition: Some(Condition::NotExists),
        },
        TxOp::Update {
            key: keys::conversation(conversation_id),
            update: summary.clone(),
            condition: Some(Condition::Exists),
        },
        TxOp::Update {
            key: keys::membership(&message.sender_id, conversation_id),
            update: summary.clone().set(GSI1SK, position.as_str()),
            condition: None,
        },
        TxOp::Update {
            key: keys::membership(recipient, conversation_id),
            update: summary
                .add("unread", 1)
                .set("archived", false)
                .set(GSI1PK, keys::inbox(recipient, false))
                .set(GSI1SK, position),
            condition: None,
        },
        TxOp::Update {
            key: keys::unread_total(recipient),
            update: Update::default().add("count", 1),
            condition: None,
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Role;
    use crate::error::Kind;
    use crate::testing::{self, member};

    use crate::auth::tokens::AccessClaims;
    use crate::messaging::start::{self, Start};

    #[tokio::test]
    async fn a_participant_sends_a_stranger_cannot() {
        let app = testing::app();
        let (_, client) = member(&app, "camille@example.fr", Role::Client).await;
        let (trio, _) = member(&app, "trio@example.fr", Role::Provider).await;
        let (_, stranger): (_, AccessClaims) = member(&app, "sam@example.fr", Role::Client).await;
        let start = Start {
            provider_id: Some(trio.id.clone()),
            ..Default::default()
        };
        let conversation = start::run(&app, &client, start)
            .await
            .unwrap()
            .row
            .conversation_id;
        let outgoing = |sender: &AccessClaims, text: &str| Outgoing {
            conversation_id: conversation.clone(),
            sender_id: sender.sub.clone(),
            text: text.into(),
        };
        let message = run(&app, outgoing(&client, "  Bonjour !  ")).await.unwrap();
        assert_eq!(
            (message.text.as_str(), message.recipient_id.as_str()),
            ("Bonjour !", trio.id.as_str())
        );
        assert_eq!(
            run(&app, outgoing(&client, "   ")).await.unwrap_err().code,
            "invalid_field"
        );
        assert_eq!(
            run(&app, outgoing(&stranger, "Hi")).await.unwrap_err().kind,
            Kind::NotFound
        );
    }
}
