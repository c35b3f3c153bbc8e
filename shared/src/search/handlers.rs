//! `GET /api/search` and `GET /api/places` (function `search`): public, no login.
//!
//! Table calls: search, the Query calls of [`super::query`] (places are resolved in
//! memory); places, none.

use super::query::{self, Search};
use crate::app::App;
use crate::http::{ApiError, Reply, Req};
use crate::places::{self, Commune};
use serde_json::{Value, json};

/// Longest `q` or `place` accepted.
pub const MAX_TEXT: usize = 100;
/// Communes offered by the autocomplete.
pub const PLACES_LIMIT: usize = 10;

fn text<'a>(req: &'a Req, name: &str) -> Result<&'a str, ApiError> {
    let value = req.query(name).unwrap_or_default().trim();
    if value.chars().count() > MAX_TEXT {
        return Err(ApiError::invalid_field(
            name,
            format!("at most {MAX_TEXT} characters"),
        ));
    }
    Ok(value)
}

/// A commune as the API shows it.
pub fn place_view(commune: &Commune) -> Value {
    json!({
        "code": commune.code,
        "name": commune.name,
        "department_code": commune.department_code,
        "region_code": commune.region_code,
        "region": places::region(commune.region_code).map(|r| r.name),
        "population": commune.population,
    })
}

/// `GET /api/search?q=&place=&cursor=`: `q` is free text (kind words, any case or
/// accents; none: every kind), `place` a commune code or a typed city name (none:
/// anywhere) → `{results: [card], next_cursor, place}`. An unknown place is 400
/// `unknown_place`; a bad cursor 400 `invalid_cursor`.
pub async fn search(app: &App, req: Req) -> Result<Reply, ApiError> {
    let q = text(&req, "q")?;
    let place = match text(&req, "place")? {
        "" => None,
        typed => Some(places::find(typed).ok_or_else(|| {
            ApiError::bad_request("unknown_place", format!("no French commune named {typed}"))
        })?),
    };
    let search = Search::new(q, place);
    let page = if !q.is_empty() && search.words.is_empty() {
        // Only stop words or single letters: nothing to look for.
        query::Results {
            results: Vec::new(),
            next_cursor: None,
        }
    } else {
        query::run(app, &search, req.query("cursor").filter(|c| !c.is_empty())).await?
    };
    Ok(Reply::ok(json!({
        "results": page.results,
        "next_cursor": page.next_cursor,
        "place": place.map(place_view),
    })))
}

/// `GET /api/places?q=` → `{places: [commune]}`: the 10 most populous communes whose
/// name starts with `q` (any case or accents).
pub async fn places(_app: &App, req: Req) -> Result<Reply, ApiError> {
    let q = text(&req, "q")?;
    let found: Vec<Value> = places::autocomplete(q, PLACES_LIMIT)
        .into_iter()
        .map(place_view)
        .collect();
    Ok(Reply::ok(json!({ "places": found })))
}
