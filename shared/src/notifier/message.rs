//! A new message item: live pushes to both participants, and an email to the
//! recipient when their account asks for message emails — grouped: one email for the
//! first message of a quiet period, then a digest ([`super::digest`]).
//!
//! Table calls: 1 GetItem (the recipient's unread total) and 2 Query (each
//! participant's connections, plus 1 DeleteItem per gone one), and 1 UpdateItem (the
//! recipient's row: is this the first message of a quiet period?). The first message
//! then costs 1 GetItem (the recipient's account), 1 GetItem (the sender's profile), and
//! 1 more (the sender's account) only when the profile has no name; a later one, 1
//! TransactWriteItems (its digest scheduled, failing cheaply when it already is).

use super::Notice;
use super::{digest, mail, unread_count, unsubscribe};
use crate::accounts::{Account, model};
use crate::app::App;
use crate::error::Error;
use crate::keys;
use crate::live;
use crate::messaging::model::Message;
use crate::ports::table::{Condition, Update};
use crate::ports::{Item, StoreError};
use crate::profiles::model::{Profile, from_item};

/// Pushes the new message to both participants, then emails the recipient if asked.
pub(super) async fn created(app: &App, item: &Item) -> Result<(), Error> {
    let message = Message::from_item(item.clone())?;
    let unread = app
        .table
        .get(&keys::unread_total(&message.recipient_id))
        .await?;
    let to_recipient = Notice::Message {
        message: message.view(),
        unread_total: Some(unread_count(unread.as_ref())),
    };
    live::notify_user(app, &message.recipient_id, &to_recipient).await?;
    let to_sender = Notice::Message {
        message: message.view(),
        unread_total: None,
    };
    live::notify_user(app, &message.sender_id, &to_sender).await?;
    email(app, &message).await
}

/// Emails the recipient the first message of a quiet period, or schedules a digest of
/// those that follow ([`super::digest`]).
async fn email(app: &App, message: &Message) -> Result<(), Error> {
    let row = keys::membership(&message.recipient_id, &message.conversation_id);
    // A digest waits already (a chatty conversation): nothing to write.
    let waiting = app.table.get(&row).await?;
    if waiting.is_some_and(|row| row.contains_key(digest::DUE)) {
        return Ok(());
    }
    // The first message since the last email went out more than the quiet period ago (or
    // since the recipient read the conversation), with no digest waiting: it goes at once.
    let first = Condition::And(vec![
        Condition::Lacks(digest::DUE.into()),
        Condition::Or(vec![
            Condition::Lacks(digest::MAILED_AT.into()),
            Condition::LessThan(digest::MAILED_AT.into(), message.at_ms - digest::QUIET_MS),
        ]),
    ]);
    let mailed = Update::default()
        .set(digest::MAILED_AT, message.at_ms)
        .set(digest::MAILED_THROUGH, message.at_ms);
    match app.table.update(&row, mailed, Some(first)).await {
        Ok(_) => {}
        Err(StoreError::ConditionFailed) => return digest::schedule(app, message).await,
        Err(e) => return Err(e.into()),
    }
    let Some(recipient) = model::get(app, &message.recipient_id).await? else {
        return Ok(());
    };
    if !(recipient.notify_by_email && recipient.email_verified) {
        return Ok(());
    }
    let sender = display_name(app, &message.sender_id).await?;
    let texts = [message.text.as_str()];
    let conversation = &message.conversation_id;
    send(app, &recipient, &sender, conversation, (&texts, 1)).await
}

/// Emails `recipient` that `sender` wrote `count` messages in a conversation, the newest
/// of which are `texts` (oldest first).
pub(super) async fn send(
    app: &App,
    recipient: &Account,
    sender: &str,
    conversation_id: &str,
    texts: (&[&str], usize),
) -> Result<(), Error> {
    let links = mail::Links {
        conversation: app.link(&format!("/messages/{conversation_id}")),
        unsubscribe: unsubscribe::link(app, recipient),
    };
    let email = mail::new_messages(recipient, sender, texts, &links);
    Ok(app.mailer.send(email).await?)
}

/// The name a user shows others: a provider's stage name or a client's name (from
/// the profile), else the account's name.
pub(super) async fn display_name(app: &App, user_id: &str) -> Result<String, Error> {
    if let Some(item) = app.table.get(&keys::profile(user_id)).await? {
        let name = match from_item(item)?.0 {
            Profile::Provider(provider) => provider.stage_name,
            Profile::Client(client) => client.name,
        };
        if !name.trim().is_empty() {
            return Ok(name);
        }
    }
    Ok(model::get(app, user_id)
        .await?
        .map(|account| account.name)
        .unwrap_or_default())
}
