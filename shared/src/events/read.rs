//! Read-only event routes (function `events-read`): a client's events, one event, and
//! a provider's inbox of requests.
//!
//! An event is read by its client (with all its requests) and by the providers it
//! invited (with their own request only, and the street address only once they accepted
//! or are booked); to anyone else it does not exist (404).

use super::dates;
use super::model::{self, Request, State};
use crate::app::App;
use crate::http::{ApiError, Reply, Req};
use crate::keys;
use crate::ports::{Cursor, Index, Query, SortKey};
use serde_json::{Value, json};

/// Events per page of a client's list.
pub const EVENTS_PAGE: usize = 20;
/// Requests read per query of a provider's inbox.
pub const INBOX_PAGE: usize = 20;
/// Queries one page of a filtered inbox may take to fill up.
pub const INBOX_QUERIES: usize = 5;

fn cursor(req: &Req) -> Option<Cursor> {
    req.query("cursor").map(|c| Cursor(c.to_owned()))
}

/// The caller's events: `?when=upcoming` from today on, soonest first; `?when=past` before
/// today, latest first; without `when`, all of them by date.
///
/// Table calls: 1 Query on gsi1.
pub async fn list(app: &App, req: Req) -> Result<Reply, ApiError> {
    let claims = req.auth(app)?;
    let query = Query::partition(keys::client_events(&claims.sub))
        .on(Index::Gsi1)
        .limit(EVENTS_PAGE)
        .after(cursor(&req));
    // Positions are `{date}#{id}`: today's events sort after the bare date.
    let today = dates::today(app.clock.now()).to_string();
    let query = match req.query("when") {
        None | Some("") => query,
        Some("upcoming") => query.sort(SortKey::GreaterThan(today)),
        Some("past") => query.sort(SortKey::LessThan(today)).backward(),
        Some(_) => return Err(ApiError::invalid_field("when", "upcoming or past")),
    };
    let page = app.table.query(query).await?;
    let events = page
        .items
        .into_iter()
        .map(|item| Ok(model::Event::from_item(item)?.view()))
        .collect::<Result<Vec<_>, ApiError>>()?;
    Ok(Reply::ok(json!({
        "events": events,
        "next_cursor": page.next.map(|c| c.0),
    })))
}

/// One event: its client gets `{event, requests}`, an invited provider
/// `{event, request}` (its own).
///
/// Table calls: 1 Query (the event's partition).
pub async fn one(app: &App, req: Req) -> Result<Reply, ApiError> {
    let claims = req.auth(app)?;
    let loaded = model::load(app, req.param("id"))
        .await?
        .ok_or_else(model::event_not_found)?;
    let now = app.clock.now();
    if loaded.event.client_id == claims.sub {
        let requests: Vec<_> = loaded.requests.iter().map(|r| r.view(now)).collect();
        return Ok(Reply::ok(
            json!({"event": loaded.event.view(), "requests": requests}),
        ));
    }
    let request = loaded
        .request_of(&claims.sub)
        .ok_or_else(model::event_not_found)?;
    let with_address = matches!(request.state, State::Accepted | State::Booked);
    Ok(Reply::ok(json!({
        "event": loaded.event.view_for_provider(with_address),
        "request": request.view(now),
    })))
}

/// Which requests of the inbox a `?state=` asks for.
#[derive(Clone, Copy)]
enum Filter {
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
    fn parse(value: Option<&str>) -> Result<Self, ApiError> {
        Ok(match value {
            None | Some("") => Filter::All,
            Some("pending") => Filter::Pending,
            Some("answered") => Filter::Answered,
            Some("expired") => Filter::Expired,
            Some("closed") => Filter::Closed,
            Some(_) => {
                return Err(ApiError::invalid_field(
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

/// The caller's requests, newest first, with their state as it reads now
/// (`?state=pending|answered|expired|closed`, `?cursor=`).
///
/// A state is partly a matter of time (expiry), so it cannot be a key: the inbox reads
/// pages of 20 requests and keeps those in the asked state, up to 5 queries a page
/// (`next_cursor` goes on from where it stopped).
///
/// Table calls: 1 to 5 Query on gsi1.
pub async fn inbox(app: &App, req: Req) -> Result<Reply, ApiError> {
    let claims = req.auth(app)?;
    let filter = Filter::parse(req.query("state"))?;
    let now = app.clock.now();
    let mut requests: Vec<Value> = Vec::new();
    let mut next = cursor(&req);
    for _ in 0..INBOX_QUERIES {
        let page = app
            .table
            .query(
                Query::partition(keys::provider_requests(&claims.sub))
                    .on(Index::Gsi1)
                    .backward()
                    .limit(INBOX_PAGE)
                    .after(next),
            )
            .await?;
        for item in page.items {
            let request = Request::from_item(item)?;
            if filter.keeps(request.shown_state(now)) {
                requests.push(request.view(now));
            }
        }
        next = page.next;
        if next.is_none() || requests.len() >= INBOX_PAGE {
            break;
        }
    }
    Ok(Reply::ok(json!({
        "requests": requests,
        "next_cursor": next.map(|c| c.0),
    })))
}
