//! Listed providers, newest first, a page at a time (`GET /api/providers?cursor=`,
//! function `profiles-read`). One Query of the listing index.

use super::model::{self, Profile};
use crate::app::App;
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use crate::keys;
use crate::ports::{Cursor, Index, Query};
use serde_json::{Value, json};

pub const PAGE_SIZE: usize = 20;

/// A page of providers: (id, profile, updated_at) each, and the cursor of the next page.
#[derive(Debug)]
pub struct Listed {
    pub providers: Vec<(String, Profile, i64)>,
    pub next: Option<Cursor>,
}

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let cursor = req.query("cursor").map(|c| Cursor(c.to_owned()));
    let listed = run(app, cursor).await?;
    let providers: Vec<_> = listed
        .providers
        .iter()
        .map(|(id, profile, updated_at)| profile.view(id, *updated_at))
        .collect();
    Ok(Reply::ok(json!({
        "providers": providers,
        "next_cursor": listed.next.map(|c| c.0),
    })))
}

pub async fn run(app: &App, cursor: Option<Cursor>) -> Result<Listed, Error> {
    let page = app
        .table
        .query(
            Query::partition(keys::PROVIDERS)
                .on(Index::Gsi1)
                .backward()
                .limit(PAGE_SIZE)
                .after(cursor),
        )
        .await?;
    let providers = page
        .items
        .into_iter()
        .map(|item| {
            let id = item.get("pk").and_then(Value::as_str).unwrap_or_default();
            let id = id.strip_prefix("USER#").unwrap_or(id).to_owned();
            let (profile, updated_at) = model::from_item(item)?;
            Ok((id, profile, updated_at))
        })
        .collect::<Result<_, Error>>()?;
    Ok(Listed {
        providers,
        next: page.next,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Role;
    use crate::testing::{self, member};

    #[tokio::test]
    async fn lists_verified_providers_newest_first() {
        let app = testing::app();
        let (trio, _) = member(&app, "trio@example.fr", Role::Provider).await;
        app.advance(2);
        let (dj, _) = member(&app, "dj@example.fr", Role::Provider).await;
        member(&app, "camille@example.fr", Role::Client).await;
        let listed = run(&app, None).await.unwrap();
        let ids: Vec<_> = listed
            .providers
            .iter()
            .map(|(id, _, _)| id.as_str())
            .collect();
        assert_eq!(ids, [dj.id.as_str(), trio.id.as_str()]);
        assert!(listed.next.is_none());
        let bad = run(&app, Some(Cursor("garbage".into()))).await.unwrap_err();
        assert_eq!(bad.code, "invalid_cursor");
    }
}
