//! The caller's events (`GET /api/events?when=&cursor=`, function `events-read`):
//! `upcoming` from today on, soonest first; `past` before today, latest first; without
//! `when`, all of them by date.
//!
//! Table calls: 1 Query on gsi1.

use super::model::Event;
use crate::app::App;
use crate::dates;
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use crate::keys;
use crate::ports::{Cursor, Index, Query, SortKey};
use serde_json::json;

/// Events per page of a client's list.
pub const EVENTS_PAGE: usize = 20;

/// Which of a client's events to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    All,
    Upcoming,
    Past,
}

impl When {
    pub fn parse(value: Option<&str>) -> Result<Self, Error> {
        match value {
            None | Some("") => Ok(When::All),
            Some("upcoming") => Ok(When::Upcoming),
            Some("past") => Ok(When::Past),
            Some(_) => Err(Error::invalid_field("when", "upcoming or past")),
        }
    }
}

/// A page of events, and the cursor of the next one.
#[derive(Debug)]
pub struct Events {
    pub events: Vec<Event>,
    pub next: Option<Cursor>,
}

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let caller = req.auth(app).await?;
    let when = When::parse(req.query("when"))?;
    let cursor = req.query("cursor").map(|c| Cursor(c.to_owned()));
    let listed = run(app, &caller.sub, when, cursor).await?;
    let events: Vec<_> = listed.events.iter().map(Event::view).collect();
    Ok(Reply::ok(json!({
        "events": events,
        "next_cursor": listed.next.map(|c| c.0),
    })))
}

pub async fn run(
    app: &App,
    client_id: &str,
    when: When,
    cursor: Option<Cursor>,
) -> Result<Events, Error> {
    let query = Query::partition(keys::client_events(client_id))
        .on(Index::Gsi1)
        .limit(EVENTS_PAGE)
        .after(cursor);
    // Positions are `{date}#{id}`: today's events sort after the bare date.
    let today = dates::today(app.clock.now()).to_string();
    let query = match when {
        When::All => query,
        When::Upcoming => query.sort(SortKey::GreaterThan(today)),
        When::Past => query.sort(SortKey::LessThan(today)).backward(),
    };
    let page = app.table.query(query).await?;
    let events = page
        .items
        .into_iter()
        .map(Event::from_item)
        .collect::<Result<_, Error>>()?;
    Ok(Events {
        events,
        next: page.next,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Role;
    use crate::testing::{self, member};

    use crate::events::create;

    #[tokio::test]
    async fn upcoming_soonest_first_and_past_latest_first() {
        let app = testing::app();
        let (_, client) = member(&app, "camille@example.fr", Role::Client).await;
        for (name, days) in [("B", 20), ("A", 10)] {
            create::run(&app, &client, testing::details(&app, name, days))
                .await
                .unwrap();
        }
        let upcoming = run(&app, &client.sub, When::Upcoming, None).await.unwrap();
        let names: Vec<_> = upcoming
            .events
            .iter()
            .map(|e| e.details.name.as_str())
            .collect();
        assert_eq!(names, ["A", "B"]);
        assert!(
            run(&app, &client.sub, When::Past, None)
                .await
                .unwrap()
                .events
                .is_empty()
        );
        assert_eq!(When::parse(Some("soon")).unwrap_err().code, "invalid_field");
    }
}
