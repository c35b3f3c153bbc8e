//! Read-only messaging routes (function `messages-read`): the inbox, one row, a
//! conversation's messages, the unread total. A user reads only their own rows, and
//! only the messages of conversations they take part in.

use super::model::{self, Membership, Message};
use crate::app::App;
use crate::http::{ApiError, Reply, Req};
use crate::keys;
use crate::ports::{Cursor, Index, Query, SortKey};
use serde_json::{Value, json};

/// Rows per page of the inbox.
pub const INBOX_PAGE: usize = 20;
/// Messages per page of a conversation.
pub const MESSAGES_PAGE: usize = 50;

fn cursor(req: &Req) -> Option<Cursor> {
    req.query("cursor").map(|c| Cursor(c.to_owned()))
}

/// The caller's inbox (`?archived=true`: the archived folder), newest activity first.
pub async fn list(app: &App, req: Req) -> Result<Reply, ApiError> {
    let claims = req.auth(app)?;
    let archived = match req.query("archived") {
        None | Some("false") => false,
        Some("true") => true,
        Some(_) => return Err(ApiError::invalid_field("archived", "true or false")),
    };
    let page = app
        .table
        .query(
            Query::partition(keys::inbox(&claims.sub, archived))
                .on(Index::Gsi1)
                .backward()
                .limit(INBOX_PAGE)
                .after(cursor(&req)),
        )
        .await?;
    let rows = page
        .items
        .into_iter()
        .map(|item| Ok(Membership::from_item(item)?.row()))
        .collect::<Result<Vec<_>, ApiError>>()?;
    Ok(Reply::ok(json!({
        "conversations": rows,
        "next_cursor": page.next.map(|c| c.0),
    })))
}

/// The caller's row of one conversation.
pub async fn one(app: &App, req: Req) -> Result<Reply, ApiError> {
    let claims = req.auth(app)?;
    let conversation_id = req.param("id");
    model::other_participant(conversation_id, &claims.sub)?;
    let item = app
        .table
        .get(&keys::membership(&claims.sub, conversation_id))
        .await?
        .ok_or_else(model::not_found)?;
    Ok(Reply::ok(
        json!({"conversation": Membership::from_item(item)?.row()}),
    ))
}

/// A page of messages, oldest to newest: the first page holds the newest ones, and
/// `next_cursor` leads to older ones.
pub async fn messages(app: &App, req: Req) -> Result<Reply, ApiError> {
    let claims = req.auth(app)?;
    let conversation_id = req.param("id");
    model::other_participant(conversation_id, &claims.sub)?;
    let cursor = cursor(&req);
    let first_page = cursor.is_none();
    let page = app
        .table
        .query(
            Query::partition(keys::conversation_partition(conversation_id))
                .sort(SortKey::BeginsWith(keys::MESSAGES.into()))
                .backward()
                .limit(MESSAGES_PAGE)
                .after(cursor),
        )
        .await?;
    // No message yet: does the conversation exist at all?
    if first_page
        && page.items.is_empty()
        && app
            .table
            .get(&keys::conversation(conversation_id))
            .await?
            .is_none()
    {
        return Err(model::not_found());
    }
    let mut messages = page
        .items
        .into_iter()
        .map(|item| Ok(Message::from_item(item)?.view()))
        .collect::<Result<Vec<_>, ApiError>>()?;
    messages.reverse();
    Ok(Reply::ok(json!({
        "messages": messages,
        "next_cursor": page.next.map(|c| c.0),
    })))
}

/// The caller's unread total (the badge).
pub async fn unread(app: &App, req: Req) -> Result<Reply, ApiError> {
    let claims = req.auth(app)?;
    let total = unread_total(app, &claims.sub).await?;
    Ok(Reply::ok(json!({ "unread_total": total })))
}

/// Messages unread by `user_id` over all of their conversations.
pub async fn unread_total(app: &App, user_id: &str) -> Result<i64, ApiError> {
    Ok(app
        .table
        .get(&keys::unread_total(user_id))
        .await?
        .and_then(|item| item.get("count").and_then(Value::as_i64))
        .unwrap_or_default())
}
