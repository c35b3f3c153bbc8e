//! The caller's row of one conversation (`GET /api/conversations/{id}`, function
//! `messages-read`). One GetItem.

use super::model::{self, Membership};
use crate::app::App;
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use crate::keys;
use serde_json::json;

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let caller = req.auth(app).await?;
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
    use crate::error::Kind;
    use crate::testing::{self, pair, say};

    #[tokio::test]
    async fn a_participant_reads_their_row() {
        let app = testing::app();
        let (client, provider, conversation) = pair(&app).await;
        say(&app, &provider, &conversation, "Avec plaisir").await;
        assert_eq!(
            run(&app, &client.sub, &conversation).await.unwrap().unread,
            1
        );
        assert_eq!(
            run(&app, "stranger", &conversation).await.unwrap_err().kind,
            Kind::NotFound
        );
    }
}
