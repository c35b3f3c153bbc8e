//! A search of the index (docs/DISCOVERY.md, "Search index"): listed providers whose
//! kind holds every word of the query, near a place, a page at a time.
//!
//! The query's longest word picks the partitions read (`*` without words); the other
//! words filter the entries read. Near a commune `c` of region `r`, the stages are, in
//! ranking order: `C{c}` (its city is `c`), `R{r}` (it serves the region) and `FR` (it
//! serves all of France); with no place, the one stage `ALL`. A provider found in a
//! stage is skipped in the later ones: its entry says why it was found earlier
//! (`city_code`, `region_codes`), so no memory of earlier pages is needed. Within a
//! stage, providers come in id order.
//!
//! The cursor is the stage and the last provider id read in it (opaque, base64url).
//! Table calls: Query calls on the table only, at most [`MAX_QUERIES`] a page (a page
//! may come back short, with a cursor, when it hit that bound): 1 to 3 for a one-word
//! search; each reads only entries of that word in that area.

use super::index::{ALL, ANY, Card, FRANCE, MAX_TOKENS, words};
use crate::app::App;
use crate::error::Error;
use crate::places::Commune;
use crate::ports::table::{Item, Query, SK, SortKey};
use crate::{items, keys};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Serialize;
use serde_json::Value;

/// Results per page.
pub const PAGE_SIZE: usize = 20;
/// Query calls per page at most.
pub const MAX_QUERIES: usize = 6;
/// Entries read per call when some may be filtered out.
const FILTERED_READ: usize = 100;

/// Why a provider is in the results, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Match {
    /// Its city is the place.
    City,
    /// It serves the place's region.
    Region,
    /// It serves all of France.
    France,
    /// No place was given.
    Any,
}

impl Match {
    pub fn as_str(self) -> &'static str {
        match self {
            Match::City => "city",
            Match::Region => "region",
            Match::France => "france",
            Match::Any => "any",
        }
    }
}

struct Stage {
    area: String,
    found: Match,
}

/// What to search: the words of a kind (none: every kind), near a commune (none: anywhere).
pub struct Search<'a> {
    pub words: Vec<String>,
    pub place: Option<&'a Commune>,
}

impl<'a> Search<'a> {
    /// The search for the free text `q` near `place`.
    pub fn new(q: &str, place: Option<&'a Commune>) -> Self {
        let mut words = words(q);
        words.truncate(MAX_TOKENS);
        Search { words, place }
    }

    fn stages(&self) -> Vec<Stage> {
        match self.place {
            Some(c) => vec![
                Stage {
                    area: format!("C{}", c.code),
                    found: Match::City,
                },
                Stage {
                    area: format!("R{}", c.region_code),
                    found: Match::Region,
                },
                Stage {
                    area: FRANCE.to_owned(),
                    found: Match::France,
                },
            ],
            None => vec![Stage {
                area: ALL.to_owned(),
                found: Match::Any,
            }],
        }
    }

    /// The token whose partitions are read: the longest word (the likeliest to be rare).
    fn token(&self) -> &str {
        self.words
            .iter()
            .max_by_key(|w| w.len())
            .map_or(ANY, String::as_str)
    }

    /// Whether an entry read in `stage` is a result there: its kind holds every word,
    /// and no earlier stage showed it.
    fn keeps(&self, stage: Match, entry: &Item) -> bool {
        let str_of = |name| entry.get(name).and_then(Value::as_str).unwrap_or_default();
        if let Some(place) = self.place {
            let in_city = str_of("city_code") == place.code;
            let in_region = entry
                .get("region_codes")
                .and_then(Value::as_array)
                .is_some_and(|codes| codes.iter().any(|c| c == place.region_code));
            let shown_before = match stage {
                Match::Region => in_city,
                Match::France => in_city || in_region,
                _ => false,
            };
            if shown_before {
                return false;
            }
        }
        if self.words.len() < 2 {
            return true;
        }
        let kind = words(str_of("kind"));
        self.words.iter().all(|w| kind.contains(w))
    }
}

/// One page of results and the cursor of the next.
#[derive(Debug)]
pub struct Results {
    pub results: Vec<Found>,
    pub next_cursor: Option<String>,
}

/// A result: the provider's card, and why it was found.
#[derive(Debug, Serialize)]
pub struct Found {
    #[serde(flatten)]
    pub card: Card,
    #[serde(rename = "match")]
    pub found: Match,
}

fn invalid_cursor() -> Error {
    Error::invalid("invalid_cursor", "the cursor is not valid for this search")
}

fn encode_cursor(stage: usize, after: Option<&str>) -> String {
    URL_SAFE_NO_PAD.encode(format!("{stage}:{}", after.unwrap_or_default()))
}

fn decode_cursor(cursor: &str, stages: usize) -> Result<(usize, Option<String>), Error> {
    if cursor.len() > 200 {
        return Err(invalid_cursor());
    }
    let bytes = URL_SAFE_NO_PAD
        .decode(cursor)
        .map_err(|_| invalid_cursor())?;
    let text = String::from_utf8(bytes).map_err(|_| invalid_cursor())?;
    let (stage, after) = text.split_once(':').ok_or_else(invalid_cursor)?;
    let stage: usize = stage.parse().map_err(|_| invalid_cursor())?;
    let id_like = after
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if stage >= stages || after.len() > 64 || !id_like {
        return Err(invalid_cursor());
    }
    Ok((stage, (!after.is_empty()).then(|| after.to_owned())))
}

/// One page of the search, from `cursor` (a `next_cursor` of the same search).
pub async fn run(app: &App, search: &Search<'_>, cursor: Option<&str>) -> Result<Results, Error> {
    let stages = search.stages();
    let (mut stage, mut after) = match cursor {
        Some(c) => decode_cursor(c, stages.len())?,
        None => (0, None),
    };
    let token = search.token();
    let mut results = Vec::new();
    let mut calls = 0;
    loop {
        let Some(current) = stages.get(stage) else {
            return Ok(Results {
                results,
                next_cursor: None,
            });
        };
        if results.len() == PAGE_SIZE || calls == MAX_QUERIES {
            let next_cursor = Some(encode_cursor(stage, after.as_deref()));
            return Ok(Results {
                results,
                next_cursor,
            });
        }
        // Without filtering, one more entry than needed tells whether the stage goes on.
        let filtered = search.words.len() > 1 || stage > 0;
        let limit = if filtered {
            FILTERED_READ
        } else {
            PAGE_SIZE - results.len() + 1
        };
        let sort = after.clone().map_or(SortKey::Any, SortKey::GreaterThan);
        let page = app
            .table
            .query(
                Query::partition(keys::search_partition(&current.area, token))
                    .sort(sort)
                    .limit(limit),
            )
            .await?;
        calls += 1;
        let exhausted = page.next.is_none();
        for entry in page.items {
            if results.len() == PAGE_SIZE {
                // Entries are left in this stage: the next page starts after the last one read.
                return Ok(Results {
                    results,
                    next_cursor: Some(encode_cursor(stage, after.as_deref())),
                });
            }
            after = entry.get(SK).and_then(Value::as_str).map(str::to_owned);
            if search.keeps(current.found, &entry) {
                results.push(Found {
                    card: items::record(entry)?,
                    found: current.found,
                });
            }
        }
        if exhausted {
            stage += 1;
            after = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_garbage_is_refused() {
        let c = encode_cursor(1, Some("abc123"));
        assert_eq!(
            decode_cursor(&c, 3).unwrap(),
            (1, Some("abc123".to_owned()))
        );
        assert_eq!(
            decode_cursor(&encode_cursor(2, None), 3).unwrap(),
            (2, None)
        );
        assert!(decode_cursor(&c, 1).is_err(), "stage out of range");
        assert!(decode_cursor("garbage!", 3).is_err());
        assert!(decode_cursor(&URL_SAFE_NO_PAD.encode("0:a#b"), 3).is_err());
    }
}
