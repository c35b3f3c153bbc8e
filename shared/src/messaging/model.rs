//! Conversation records as the table holds them, their validation, and what the API
//! shows of them.

use crate::error::Error;
use crate::ports::table::{GSI1PK, GSI1SK, Item};
use crate::{items, keys, validate};
use serde::{Deserialize, Serialize};

/// Longest message, in characters after trimming.
pub const MAX_TEXT: usize = 4000;
/// Summaries (conversation, inbox rows) keep this many first characters of the last message.
pub const PREVIEW_CHARS: usize = 200;
/// Longest `about.title`, in characters.
pub const MAX_TITLE: usize = 200;

/// An id as the platform makes them (`auth::secrets::new_id`): 1 to 64 ASCII letters,
/// digits, `-` or `_`. Never a dot, so that a conversation id splits unambiguously.
pub fn is_id(value: &str) -> bool {
    (1..=64).contains(&value.len())
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// A field that must hold an id (400 `invalid_field` otherwise).
pub fn id(field: &str, value: &str) -> Result<String, Error> {
    if is_id(value) {
        Ok(value.to_owned())
    } else {
        Err(Error::invalid_field(field, "not a valid id"))
    }
}

/// The other participant of `conversation_id` when `user_id` is one of the two it
/// names; for anyone else (and for a malformed id) the conversation does not exist.
pub fn other_participant(conversation_id: &str, user_id: &str) -> Result<String, Error> {
    let (client_id, provider_id) = conversation_id.split_once('.').ok_or_else(not_found)?;
    if !is_id(client_id) || !is_id(provider_id) {
        return Err(not_found());
    }
    if user_id == client_id {
        Ok(provider_id.to_owned())
    } else if user_id == provider_id {
        Ok(client_id.to_owned())
    } else {
        Err(not_found())
    }
}

pub fn not_found() -> Error {
    Error::not_found("no such conversation")
}

/// The first [`PREVIEW_CHARS`] characters of a message.
pub fn preview(text: &str) -> String {
    text.chars().take(PREVIEW_CHARS).collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AboutKind {
    Provider,
    Request,
    Event,
}

/// What a conversation is about: the provider's page, a request or an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct About {
    pub kind: AboutKind,
    pub id: String,
    pub title: String,
}

impl About {
    /// Checks the id and trims the title (one line, at most [`MAX_TITLE`] characters).
    pub fn validated(self) -> Result<Self, Error> {
        Ok(About {
            kind: self.kind,
            id: id("about.id", &self.id)?,
            title: validate::line("about.title", &self.title, 0, MAX_TITLE)?,
        })
    }
}

/// The conversation item (`CONV#{cid}` / `META`): who talks, since when, about what,
/// and the summary of its last message (`last_at_ms` is the creation time until then).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Conversation {
    pub client_id: String,
    pub provider_id: String,
    /// Epoch seconds.
    pub created_at: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub about: Option<About>,
    pub last_at_ms: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_sender: Option<String>,
}

/// A participant's row of a conversation (`USER#{uid}` / `CONV#{cid}`): the inbox entry,
/// in the gsi1 partition of its folder (active or archived), by last activity.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Membership {
    pub conversation_id: String,
    pub other_id: String,
    pub other_name: String,
    pub unread: i64,
    pub archived: bool,
    pub last_at_ms: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_sender: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub about: Option<About>,
}

impl Membership {
    /// The item of `user_id`'s row, placed in its inbox folder.
    pub fn item(&self, user_id: &str) -> Item {
        let mut item = items::with_key(&keys::membership(user_id, &self.conversation_id), self);
        item.insert(GSI1PK.into(), keys::inbox(user_id, self.archived).into());
        item.insert(
            GSI1SK.into(),
            keys::inbox_position(self.last_at_ms, &self.conversation_id).into(),
        );
        item
    }

    pub fn from_item(item: Item) -> Result<Self, Error> {
        items::record(item)
    }

    /// The API's `Row`.
    pub fn row(&self) -> Row<'_> {
        Row {
            id: &self.conversation_id,
            other: Other {
                id: &self.other_id,
                name: &self.other_name,
            },
            unread: self.unread,
            archived: self.archived,
            last_at_ms: self.last_at_ms,
            last_text: self.last_text.as_deref(),
            last_sender_id: self.last_sender.as_deref(),
            about: self.about.as_ref(),
        }
    }
}

/// What a participant sees of a conversation in their inbox.
#[derive(Debug, Serialize)]
pub struct Row<'a> {
    pub id: &'a str,
    pub other: Other<'a>,
    pub unread: i64,
    pub archived: bool,
    pub last_at_ms: i64,
    pub last_text: Option<&'a str>,
    pub last_sender_id: Option<&'a str>,
    pub about: Option<&'a About>,
}

/// The other participant of a conversation.
#[derive(Debug, Serialize)]
pub struct Other<'a> {
    pub id: &'a str,
    pub name: &'a str,
}

/// A message item (`CONV#{cid}` / `MSG#{at_ms:013}#{id}`). Its text is plain text,
/// stored and returned verbatim: clients render it as text, never as HTML.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Message {
    pub id: String,
    pub conversation_id: String,
    pub sender_id: String,
    pub recipient_id: String,
    pub text: String,
    pub at_ms: i64,
}

impl Message {
    pub fn item(&self) -> Item {
        items::with_key(
            &keys::message(&self.conversation_id, self.at_ms, &self.id),
            self,
        )
    }

    pub fn from_item(item: Item) -> Result<Self, Error> {
        items::record(item)
    }

    /// The API's `Message` (the recipient is implied by the conversation).
    pub fn view(&self) -> MessageView<'_> {
        MessageView {
            id: &self.id,
            conversation_id: &self.conversation_id,
            sender_id: &self.sender_id,
            text: &self.text,
            at_ms: self.at_ms,
        }
    }
}

/// What both participants see of a message.
#[derive(Debug, Serialize)]
pub struct MessageView<'a> {
    pub id: &'a str,
    pub conversation_id: &'a str,
    pub sender_id: &'a str,
    pub text: &'a str,
    pub at_ms: i64,
}
