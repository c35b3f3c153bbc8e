//! The caller's row of one conversation (`GET /api/conversations/{id}`, function
//! `messages-read`). One GetItem.

use super::model::{self, Membership};
use crate::app::App;
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use crate::keys;
use serde_json::json;

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let caller = req.auth(app)?;
    let row = run(app, &caller.sub, req.param("id")).await?;
    Ok(Reply::ok(json!({"conversation": row.row()})))
}

pub async fn run(app: &App, user_id: &str, conversation_id: &str) -> Result<Membership, Error> {
    model::other_participant(conversation_id, user_id)?;
    let item = app
        .table
        .get(&keys::membership(user_id, conversation_id))
        .await?
        .ok_or_else(model::not_found)?;
    Membership::from_item(item)
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
    async fn a_participant_reads_their_row() {
        let app = testing::app();
        let (client, provider, conversation) = pair(&app).await;
        say(&app, &provider, &conversation, "Avec plaisir").await;
        assert_eq!(
            unread_of(&run(&app, &client.sub, &conversation).await.unwrap()),
            1
        );
        assert_eq!(
            run(&app, "stranger", &conversation).await.unwrap_err().kind,
            Kind::NotFound
        );
    }
}
