//! `GET /api/places?q=` (function `search`, public, no login) → `{places: [commune]}`:
//! the 10 most populous communes whose name starts with `q` (any case or accents).
//!
//! Table calls: none (the communes are compiled in).

use crate::app::App;
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use crate::places::{self, Commune};
use serde::Serialize;
use serde_json::json;

/// Longest `q` or `place` accepted.
pub const MAX_TEXT: usize = 100;
/// Communes offered by the autocomplete.
pub const PLACES_LIMIT: usize = 10;

/// A free-text query parameter `name` (trimmed; absent: empty), at most [`MAX_TEXT`]
/// characters.
pub fn text<'a>(name: &str, value: Option<&'a str>) -> Result<&'a str, Error> {
    let value = value.unwrap_or_default().trim();
    if value.chars().count() > MAX_TEXT {
        return Err(Error::invalid_field(
            name,
            format!("at most {MAX_TEXT} characters"),
        ));
    }
    Ok(value)
}

/// A commune as the API shows it.
#[derive(Debug, Serialize)]
pub struct PlaceView {
    pub code: &'static str,
    pub name: &'static str,
    pub department_code: &'static str,
    pub region_code: &'static str,
    pub region: Option<&'static str>,
    pub population: u32,
}

impl From<&'static Commune> for PlaceView {
    fn from(commune: &'static Commune) -> Self {
        PlaceView {
            code: commune.code,
            name: commune.name,
            department_code: commune.department_code,
            region_code: commune.region_code,
            region: places::region(commune.region_code).map(|r| r.name),
            population: commune.population,
        }
    }
}

pub async fn handle(_app: &App, req: Req) -> Result<Reply, ApiError> {
    let found: Vec<_> = run(text("q", req.query("q"))?)
        .into_iter()
        .map(PlaceView::from)
        .collect();
    Ok(Reply::ok(json!({ "places": found })))
}

/// The communes whose name starts with `q`, most populous first.
pub fn run(q: &str) -> Vec<&'static Commune> {
    places::autocomplete(q, PLACES_LIMIT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn autocompletes_communes_most_populous_first() {
        let found = run("saint-et");
        assert_eq!(found[0].name, "Saint-Étienne");
        assert!(found.len() <= PLACES_LIMIT);
        assert!(run("zzzz").is_empty());
        let view = PlaceView::from(found[0]);
        assert_eq!(
            (view.code, view.region),
            ("42218", Some("Auvergne-Rhône-Alpes"))
        );
    }
}
