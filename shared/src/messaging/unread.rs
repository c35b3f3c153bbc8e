//! The caller's unread total, behind the badge (`GET /api/me/unread`, function
//! `messages-read`). One GetItem.

use crate::app::App;
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use crate::keys;
use serde_json::{Value, json};

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let caller = req.auth(app)?;
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
    use crate::auth::Role;
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
