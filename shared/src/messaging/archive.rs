//! Archive or unarchive a conversation (function `archive-conversation`).
//!
//! Per participant: one conditional update of the caller's row moves it between the
//! active and archived folders of their inbox (the flag and the index key change
//! together). A new message moves it back to the recipient's active inbox (`send`).

use super::model::{self, Membership};
use crate::app::App;
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use crate::keys;
use crate::ports::StoreError;
use crate::ports::table::{Condition, GSI1PK, Update};
use serde::Deserialize;
use serde_json::json;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Archive {
    archived: bool,
}

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let caller = req.auth(app).await?;
    let conversation_id = req.param("id");
    // A stranger gets 404 before the body is read.
    model::other_participant(conversation_id, &caller.sub)?;
    let Archive { archived } = req.json()?;
    let row = run(app, &caller.sub, conversation_id, archived).await?;
    Ok(Reply::ok(json!({"conversation": row.row()})))
}

/// Moves `user_id`'s row of the conversation to the archived (or active) folder.
pub async fn run(
    app: &App,
    user_id: &str,
    conversation_id: &str,
    archived: bool,
) -> Result<Membership, Error> {
    model::other_participant(conversation_id, user_id)?;
    let update = Update::default()
        .set("archived", archived)
        .set(GSI1PK, keys::inbox(user_id, archived));
    let row = app
        .table
        .update(
            &keys::membership(user_id, conversation_id),
            update,
            Some(Condition::Exists),
        )
        .await
        .map_err(|e| match e {
            StoreError::ConditionFailed => model::not_found(),
            other => other.into(),
        })?;
    Membership::from_item(row)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Kind;
    use crate::messaging::inbox;
    use crate::testing::{self, pair, say};

    #[tokio::test]
    async fn moves_the_row_between_folders_and_a_message_brings_it_back() {
        let app = testing::app();
        let (client, provider, conversation) = pair(&app).await;
        assert!(
            run(&app, &provider.sub, &conversation, true)
                .await
                .unwrap()
                .archived
        );
        assert_eq!(
            inbox::run(&app, &provider.sub, true, None)
                .await
                .unwrap()
                .rows
                .len(),
            1
        );
        say(&app, &client, &conversation, "Toujours là ?").await;
        assert_eq!(
            inbox::run(&app, &provider.sub, false, None)
                .await
                .unwrap()
                .rows
                .len(),
            1
        );
        assert_eq!(
            run(&app, "stranger", &conversation, true)
                .await
                .unwrap_err()
                .kind,
            Kind::NotFound
        );
    }
}
