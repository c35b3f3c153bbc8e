//! `GET /api/search?q=&place=&cursor=` (function `search`, public, no login): `q` is
//! free text (kind words, any case or accents; none: every kind), `place` a commune code
//! or a typed city name (none: anywhere) → `{results: [card], next_cursor, place}`. An
//! unknown place is 400 `unknown_place`; a bad cursor 400 `invalid_cursor`.
//!
//! Table calls: the Query calls of [`super::query`] (places are resolved in memory).

use super::place::{self, PlaceView};
use super::query::{self, Results, Search};
use crate::app::App;
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use crate::places::{self, Commune};
use serde_json::json;

/// A search: the typed words, the place (as given), and where the last page stopped.
#[derive(Debug, Default)]
pub struct Asked<'a> {
    pub q: &'a str,
    pub place: &'a str,
    pub cursor: Option<&'a str>,
}

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let asked = Asked {
        q: place::text("q", req.query("q"))?,
        place: place::text("place", req.query("place"))?,
        cursor: req.query("cursor").filter(|c| !c.is_empty()),
    };
    let (page, place) = run(app, asked).await?;
    Ok(Reply::ok(json!({
        "results": page.results,
        "next_cursor": page.next_cursor,
        "place": place.map(PlaceView::from),
    })))
}

/// A page of results, and the commune the place resolved to.
pub async fn run<'a>(
    app: &App,
    asked: Asked<'a>,
) -> Result<(Results, Option<&'static Commune>), Error> {
    let place = match asked.place {
        "" => None,
        typed => Some(places::find(typed).ok_or_else(|| {
            Error::invalid("unknown_place", format!("no French commune named {typed}"))
        })?),
    };
    let search = Search::new(asked.q, place);
    let page = if !asked.q.is_empty() && search.words.is_empty() {
        // Only stop words or single letters: nothing to look for.
        Results {
            results: Vec::new(),
            next_cursor: None,
        }
    } else {
        query::run(app, &search, asked.cursor).await?
    };
    Ok((page, place))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Role;
    use crate::testing::{self, member};

    use crate::profiles::model::{Profile, ProviderProfile};
    use crate::profiles::update::{self, Edit};
    use crate::search::index;
    use crate::search::query::Match;

    #[tokio::test]
    async fn finds_a_provider_by_kind_near_its_city() {
        let app = testing::app();
        let (trio, _) = member(&app, "trio@example.fr", Role::Provider).await;
        let edit = Edit {
            user_id: trio.id.clone(),
            profile: Profile::Provider(ProviderProfile {
                stage_name: "Trio Sirocco".into(),
                kind: "Jazz manouche".into(),
                city: "Saint-Étienne".into(),
                ..Default::default()
            }),
            notify_by_email: None,
        };
        update::run(&app, edit).await.unwrap();
        index::rebuild(&app).await.unwrap();
        let asked = Asked {
            q: "JAZZ",
            place: "42218",
            cursor: None,
        };
        let (page, place) = run(&app, asked).await.unwrap();
        assert_eq!(place.unwrap().name, "Saint-Étienne");
        assert_eq!(page.results.len(), 1);
        assert_eq!(
            (page.results[0].card.id.as_str(), page.results[0].found),
            (trio.id.as_str(), Match::City)
        );
        let far = Asked {
            q: "rock",
            place: "",
            cursor: None,
        };
        assert!(run(&app, far).await.unwrap().0.results.is_empty());
        let nowhere = Asked {
            q: "",
            place: "Atlantis",
            cursor: None,
        };
        assert_eq!(run(&app, nowhere).await.unwrap_err().code, "unknown_place");
    }
}
