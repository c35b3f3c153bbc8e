//! A provider's inbox of requests (`GET /api/requests?state=&cursor=`, function
//! `events-read`), newest first, with their state as it reads now.
//!
//! A state is partly a matter of time (expiry), so it cannot be a key: the inbox reads
//! pages of 20 requests and keeps those in the asked state, up to 5 queries a page
//! (`next_cursor` goes on from where it stopped).
//!
//! Table calls: 1 to 5 Query on gsi1.

use super::model::{Request, State};
use crate::app::App;
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use crate::keys;
use crate::ports::{Cursor, Index, Query};
use serde_json::json;

/// Requests read per query of a provider's inbox.
pub const INBOX_PAGE: usize = 20;
/// Queries one page of a filtered inbox may take to fill up.
pub const INBOX_QUERIES: usize = 5;

/// Which requests of the inbox a `?state=` asks for.
#[derive(Clone, Copy)]
pub enum Filter {
    All,
    /// Waiting for the provider's answer.
    Pending,
    /// Answered: accepted, quoted, declined or booked.
    Answered,
    /// Pending past `expires_at`, or quoted past the quote's validity.
    Expired,
    /// Closed: the event was cancelled, or another provider was booked.
    Closed,
}

impl Filter {
    pub fn parse(value: Option<&str>) -> Result<Self, Error> {
        Ok(match value {
            None | Some("") => Filter::All,
            Some("pending") => Filter::Pending,
            Some("answered") => Filter::Answered,
            Some("expired") => Filter::Expired,
            Some("closed") => Filter::Closed,
            Some(_) => {
                return Err(Error::invalid_field(
                    "state",
                    "pending, answered, expired or closed",
                ));
            }
        })
    }

    fn keeps(self, state: State) -> bool {
        match self {
            Filter::All => true,
            Filter::Pending => state == State::Pending,
            Filter::Answered => matches!(
                state,
                State::Accepted | State::Quoted | State::Declined | State::Booked
            ),
            Filter::Expired => state == State::Expired,
            Filter::Closed => state == State::Closed,
        }
    }
}

/// A page of the inbox, and the cursor it stopped at.
#[derive(Debug)]
pub struct Inbox {
    pub requests: Vec<Request>,
    pub next: Option<Cursor>,
}

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let caller = req.auth(app).await?;
    let filter = Filter::parse(req.query("state"))?;
    let cursor = req.query("cursor").map(|c| Cursor(c.to_owned()));
    let inbox = run(app, &caller.sub, filter, cursor).await?;
    let now = app.clock.now();
    let requests: Vec<_> = inbox.requests.iter().map(|r| r.view(now)).collect();
    Ok(Reply::ok(json!({
        "requests": requests,
        "next_cursor": inbox.next.map(|c| c.0),
    })))
}

pub async fn run(
    app: &App,
    provider_id: &str,
    filter: Filter,
    cursor: Option<Cursor>,
) -> Result<Inbox, Error> {
    let now = app.clock.now();
    let mut requests = Vec::new();
    let mut next = cursor;
    for _ in 0..INBOX_QUERIES {
        let page = app
            .table
            .query(
                Query::partition(keys::provider_requests(provider_id))
                    .on(Index::Gsi1)
                    .backward()
                    .limit(INBOX_PAGE)
                    .after(next),
            )
            .await?;
        for item in page.items {
            let request = Request::from_item(item)?;
            if filter.keeps(request.shown_state(now)) {
                requests.push(request);
            }
        }
        next = page.next;
        if next.is_none() || requests.len() >= INBOX_PAGE {
            break;
        }
    }
    Ok(Inbox { requests, next })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Role;
    use crate::testing::{self, accepted, invited, member};

    #[tokio::test]
    async fn the_inbox_filters_by_state_as_it_reads_now() {
        let app = testing::app();
        let (_, client) = member(&app, "camille@example.fr", Role::Client).await;
        let (_, provider) = member(&app, "trio@example.fr", Role::Provider).await;
        let event_id = invited(&app, &client, &provider).await;
        let pending = run(&app, &provider.sub, Filter::Pending, None)
            .await
            .unwrap();
        assert_eq!(pending.requests.len(), 1);
        accepted(&app, &provider, &event_id).await;
        assert!(
            run(&app, &provider.sub, Filter::Pending, None)
                .await
                .unwrap()
                .requests
                .is_empty()
        );
        assert_eq!(
            run(&app, &provider.sub, Filter::Answered, None)
                .await
                .unwrap()
                .requests
                .len(),
            1
        );
        assert!(Filter::parse(Some("nope")).is_err());
    }
}
