//! The caller's inbox (`GET /api/conversations?archived=&cursor=`, function
//! `messages-read`): their rows of one folder, newest activity first. One Query.

use super::model::Membership;
use crate::app::App;
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use crate::keys;
use crate::ports::{Cursor, Index, Query};
use serde_json::json;

/// Rows per page of the inbox.
pub const INBOX_PAGE: usize = 20;

/// A page of rows, and the cursor of the next one.
#[derive(Debug)]
pub struct Inbox {
    pub rows: Vec<Membership>,
    pub next: Option<Cursor>,
}

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let caller = req.auth(app).await?;
    let archived = match req.query("archived") {
        None | Some("false") => false,
        Some("true") => true,
        Some(_) => return Err(Error::invalid_field("archived", "true or false").into()),
    };
    let cursor = req.query("cursor").map(|c| Cursor(c.to_owned()));
    let inbox = run(app, &caller.sub, archived, cursor).await?;
    let rows: Vec<_> = inbox.rows.iter().map(Membership::row).collect();
    Ok(Reply::ok(json!({
        "conversations": rows,
        "next_cursor": inbox.next.map(|c| c.0),
    })))
}

/// A page of `user_id`'s active (or archived) folder.
pub async fn run(
    app: &App,
    user_id: &str,
    archived: bool,
    cursor: Option<Cursor>,
) -> Result<Inbox, Error> {
    let page = app
        .table
        .query(
            Query::partition(keys::inbox(user_id, archived))
                .on(Index::Gsi1)
                .backward()
                .limit(INBOX_PAGE)
                .after(cursor),
        )
        .await?;
    let rows = page
        .items
        .into_iter()
        .map(Membership::from_item)
        .collect::<Result<_, Error>>()?;
    Ok(Inbox {
        rows,
        next: page.next,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{self, pair, say};

    #[tokio::test]
    async fn lists_the_callers_folder_with_unread_counts() {
        let app = testing::app();
        let (client, provider, conversation) = pair(&app).await;
        say(&app, &client, &conversation, "Bonjour").await;
        let inbox = run(&app, &provider.sub, false, None).await.unwrap();
        assert_eq!(inbox.rows.len(), 1);
        assert_eq!(inbox.rows[0].unread, 1);
        assert!(
            run(&app, &provider.sub, true, None)
                .await
                .unwrap()
                .rows
                .is_empty()
        );
    }
}
