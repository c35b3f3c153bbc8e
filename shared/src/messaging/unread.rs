//! The caller's unread total, behind the badge (`GET /api/me/unread`, function
//! `messages-read`). One GetItem.

use crate::app::App;
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use crate::keys;
use serde_json::{Value, json};

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let caller = req.auth(app).await?;
    let total = run(app, &caller.sub).await?;
    Ok(Reply::ok(json!({ "unread_total": total })))
}

/// Messages unread by `user_id` over all of their conversations.
pub async fn run(app: &App, user_id: &str) -> Result<i64, Error> {
    Ok(app
        .table
        .get(&keys::unread_total(user_id))
        .await?
        .and_then(|item| item.get("count").and_then(Value::as_i64))
        .unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{self, pair, say};

    #[tokio::test]
    async fn counts_over_all_conversations() {
        let app = testing::app();
        let (client, provider, conversation) = pair(&app).await;
        assert_eq!(run(&app, &provider.sub).await.unwrap(), 0);
        say(&app, &client, &conversation, "un").await;
        say(&app, &client, &conversation, "deux").await;
        assert_eq!(run(&app, &provider.sub).await.unwrap(), 2);
        assert_eq!(run(&app, &client.sub).await.unwrap(), 0);
    }
}
