//! A new message item: live pushes to both participants, and an email to the
//! recipient when their account asks for message emails.
//!
//! Table calls: 1 GetItem (the recipient's unread total) and 2 Query (each
//! participant's connections, plus 1 DeleteItem per gone one); with the email, 1
//! GetItem (the recipient's account), 1 GetItem (the sender's profile), and 1 more
//! (the sender's account) only when the profile has no name.

use super::Notice;
use super::{mail, unread_count, unsubscribe};
use crate::accounts::model;
use crate::app::App;
use crate::error::Error;
use crate::keys;
use crate::live;
use crate::messaging::model::Message;
use crate::ports::Item;
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

/// Emails the recipient, if their account is verified and has `notify_by_email` on.
async fn email(app: &App, message: &Message) -> Result<(), Error> {
    let Some(recipient) = model::get(app, &message.recipient_id).await? else {
        return Ok(());
    };
    if !(recipient.notify_by_email && recipient.email_verified) {
        return Ok(());
    }
    let sender = display_name(app, &message.sender_id).await?;
    let links = mail::Links {
        conversation: app.link(&format!("/messages/{}", message.conversation_id)),
        unsubscribe: unsubscribe::link(app, &recipient),
    };
    let email = mail::new_message(&recipient, &sender, &message.text, &links);
    Ok(app.mailer.send(email).await?)
}

/// The name a user shows others: a provider's stage name or a client's name (from
/// the profile), else the account's name.
async fn display_name(app: &App, user_id: &str) -> Result<String, Error> {
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
