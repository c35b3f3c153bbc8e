//! A page of a conversation's messages (`GET /api/conversations/{id}/messages?cursor=`,
//! function `messages-read`), oldest to newest: the first page holds the newest ones,
//! and `next_cursor` leads to older ones. Only its two participants read it.
//!
//! Table calls: 1 Query (+ 1 GetItem when a first page is empty: does the conversation
//! exist at all?).

use super::model::{self, Message};
use crate::app::App;
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use crate::keys;
use crate::ports::{Cursor, Query, SortKey};
use serde_json::json;

/// Messages per page of a conversation.
pub const MESSAGES_PAGE: usize = 50;

/// A page of messages, oldest first, and the cursor of the older page.
#[derive(Debug)]
pub struct History {
    pub messages: Vec<Message>,
    pub next: Option<Cursor>,
}

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let caller = req.auth(app).await?;
    let cursor = req.query("cursor").map(|c| Cursor(c.to_owned()));
    let history = run(app, &caller.sub, req.param("id"), cursor).await?;
    let messages: Vec<_> = history.messages.iter().map(Message::view).collect();
    Ok(Reply::ok(json!({
        "messages": messages,
        "next_cursor": history.next.map(|c| c.0),
    })))
}

pub async fn run(
    app: &App,
    user_id: &str,
    conversation_id: &str,
    cursor: Option<Cursor>,
) -> Result<History, Error> {
    model::other_participant(conversation_id, user_id)?;
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
        .map(Message::from_item)
        .collect::<Result<Vec<_>, Error>>()?;
    messages.reverse();
    Ok(History {
        messages,
        next: page.next,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Kind;
    use crate::testing::{self, pair, say};

    #[tokio::test]
    async fn pages_go_from_newest_to_older_each_oldest_first() {
        let app = testing::app();
        let (client, provider, conversation) = pair(&app).await;
        for i in 0..MESSAGES_PAGE + 1 {
            say(&app, &client, &conversation, &format!("m{i}")).await;
        }
        let first = run(&app, &provider.sub, &conversation, None).await.unwrap();
        assert_eq!(first.messages.len(), MESSAGES_PAGE);
        let older = run(&app, &provider.sub, &conversation, first.next)
            .await
            .unwrap();
        assert_eq!(older.messages.len(), 1);
        assert!(older.next.is_none());
        // Oldest first within a page, and the older page before the first.
        let times: Vec<_> = older
            .messages
            .iter()
            .chain(&first.messages)
            .map(|m| m.at_ms)
            .collect();
        assert!(times.is_sorted(), "{times:?}");
        let mut texts: Vec<_> = older
            .messages
            .iter()
            .chain(&first.messages)
            .map(|m| m.text.clone())
            .collect();
        texts.sort();
        let mut sent: Vec<_> = (0..=MESSAGES_PAGE).map(|i| format!("m{i}")).collect();
        sent.sort();
        assert_eq!(texts, sent);
        let none = format!("{}.{}", client.sub, "nobody");
        assert_eq!(
            run(&app, &client.sub, &none, None).await.unwrap_err().kind,
            Kind::NotFound
        );
    }
}
