//! The search entries of a provider profile (docs/DISCOVERY.md, "Search index").
//!
//! A listed provider (a verified provider: its profile item has `gsi1pk`) gets one entry
//! per (area, token): areas `ALL`, `C{commune}` (its city), `R{region}` (each region it
//! serves) and `FR` (when it serves all of France); tokens are the words of its `kind`
//! ([`tokens`]) and `*` (any kind). An entry (`SEARCH#{area}#{token}` / `{provider_id}`)
//! holds what a result card shows, and what the ranking needs to skip a provider already
//! shown in a better stage (`city_code`, `region_codes`, `all_france`).
//!
//! The index is derived data. [`sync`] diffs the entries of a profile's old and new
//! images: it deletes the entries that are gone and puts the new or changed ones, in
//! transactions of at most 100 writes (a profile change touching no searched attribute
//! writes nothing). Replaying a change is harmless: the result depends on the images only.

use crate::app::App;
use crate::error::Error;
use crate::places::{self, normalize};
use crate::ports::table::{Cursor, Index, Item, Key, PK, Query, SK, TxOp};
use crate::profiles::model::{self, Profile, ProviderProfile};
use crate::{items, keys};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::HashMap;

/// At most this many words of a kind (or of a query) are indexed (searched).
pub const MAX_TOKENS: usize = 8;
/// The token of every listed provider: a search with no kind.
pub const ANY: &str = "*";
/// The area of every listed provider: a search with no place.
pub const ALL: &str = "ALL";
/// The area of providers who serve all of France.
pub const FRANCE: &str = "FR";

/// Words that say nothing of a kind ("traiteur pour des mariages").
const STOP_WORDS: &[&str] = &[
    "au", "aux", "avec", "dans", "de", "des", "du", "en", "et", "la", "le", "les", "ou", "par",
    "pour", "sur", "un", "une", "and", "for", "of", "the", "with",
];

/// The searchable words of a text, in order, without repeats: [`normalize`]d words of 2
/// letters or more that are not stop words, with a plural `s`/`x` stripped from words of
/// 4 letters or more ("DJ Électro" → `dj`, `electro`; "Photographes" → `photographe`).
pub fn words(text: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for word in normalize(text).split(' ') {
        if word.chars().count() < 2 || STOP_WORDS.contains(&word) {
            continue;
        }
        let word = match word.strip_suffix(['s', 'x']) {
            Some(stem) if word.chars().count() >= 4 => stem,
            _ => word,
        };
        if !words.iter().any(|w| w == word) {
            words.push(word.to_owned());
        }
    }
    words
}

/// The tokens a kind is indexed under: its first [`MAX_TOKENS`] words.
pub fn tokens(kind: &str) -> Vec<String> {
    let mut tokens = words(kind);
    tokens.truncate(MAX_TOKENS);
    tokens
}

/// The areas a provider is found in: `ALL`, its city, the regions it serves, `FR`.
pub fn areas(profile: &ProviderProfile) -> Vec<String> {
    let mut areas = vec![ALL.to_owned()];
    areas.extend(profile.city_code.iter().map(|c| format!("C{c}")));
    areas.extend(profile.region_codes.iter().map(|r| format!("R{r}")));
    if profile.all_france {
        areas.push(FRANCE.to_owned());
    }
    areas
}

/// What a search entry holds of its provider: what a result card shows, and what the
/// search filters on (kind, city and regions).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Card {
    pub id: String,
    pub stage_name: String,
    pub kind: String,
    pub city: String,
    pub city_code: Option<String>,
    pub all_france: bool,
    pub region_codes: Vec<String>,
    pub price_text: String,
}

/// The search entries of a profile item: none unless it is a listed provider's.
pub fn entries(item: &Item) -> Result<Vec<Item>, Error> {
    if !model::is_listed(item) {
        return Ok(Vec::new());
    }
    let pk = item.get(PK).and_then(Value::as_str).unwrap_or_default();
    let Some(id) = pk.strip_prefix("USER#") else {
        return Err(Error::internal("a PROFILE item outside a USER# partition"));
    };
    let Profile::Provider(mut profile) = model::from_item(item.clone())?.0 else {
        return Ok(Vec::new());
    };
    with_codes(&mut profile);
    let card = Card {
        id: id.to_owned(),
        stage_name: profile.stage_name.clone(),
        kind: profile.kind.clone(),
        city: profile.city.clone(),
        city_code: profile.city_code.clone(),
        all_france: profile.all_france,
        region_codes: profile.region_codes.clone(),
        price_text: profile.price_text.clone(),
    };
    let mut tokens = tokens(&profile.kind);
    tokens.push(ANY.to_owned());
    let mut entries = Vec::new();
    for area in areas(&profile) {
        for token in &tokens {
            entries.push(items::with_key(
                &keys::search_entry(&area, token, id),
                &card,
            ));
        }
    }
    Ok(entries)
}

/// Fills the place codes of a profile saved before they existed (they are derived from
/// `city` and `regions` on save since).
fn with_codes(profile: &mut ProviderProfile) {
    if profile.city_code.is_none() && !profile.city.is_empty() {
        profile.city_code = places::resolve(&profile.city)
            .first()
            .map(|c| c.code.to_owned());
    }
    if profile.region_codes.is_empty() {
        profile.region_codes = profile
            .regions
            .iter()
            .filter_map(|r| places::region_by_name(r))
            .map(|r| r.code.to_owned())
            .collect();
    }
}

fn key_of(entry: &Item) -> Key {
    let get = |name| entry.get(name).and_then(Value::as_str).unwrap_or_default();
    Key::new(get(PK), get(SK))
}

/// The writes that turn the entries of `old` (a profile item before a change; `None`
/// when it was created) into those of `new` (`None` when it was deleted).
pub fn writes(old: Option<&Item>, new: Option<&Item>) -> Result<Vec<TxOp>, Error> {
    let before = old.map(entries).transpose()?.unwrap_or_default();
    let after = new.map(entries).transpose()?.unwrap_or_default();
    let after_keys: HashMap<Key, ()> = after.iter().map(|e| (key_of(e), ())).collect();
    let before: HashMap<Key, Item> = before.into_iter().map(|e| (key_of(&e), e)).collect();
    let mut ops: Vec<TxOp> = before
        .keys()
        .filter(|key| !after_keys.contains_key(*key))
        .map(|key| TxOp::Delete {
            key: key.clone(),
            condition: None,
        })
        .collect();
    ops.extend(
        after
            .into_iter()
            .filter(|entry| before.get(&key_of(entry)) != Some(entry))
            .map(|item| TxOp::Put {
                item,
                condition: None,
            }),
    );
    Ok(ops)
}

/// Brings the search entries of a profile in step with a change of its item.
///
/// Table calls: 1 TransactWriteItems per 100 entries added, changed or removed (none
/// when no searched attribute changed).
pub async fn sync(app: &App, old: Option<&Item>, new: Option<&Item>) -> Result<(), Error> {
    let ops = writes(old, new)?;
    for chunk in ops.chunks(100) {
        app.table.transact(chunk.to_vec()).await?;
    }
    Ok(())
}

/// Whether the index holds no entry at all.
pub async fn is_empty(app: &App) -> Result<bool, Error> {
    let page = app
        .table
        .query(Query::partition(keys::search_partition(ALL, ANY)).limit(1))
        .await?;
    Ok(page.items.is_empty())
}

/// Writes the entries of every listed provider, a page of 100 profiles at a time (for
/// profiles indexed before the index existed, or after a lost change); returns how many
/// providers were indexed. Table calls: 1 Query on gsi1 per 100 providers, and the
/// TransactWriteItems of [`sync`] for each.
pub async fn rebuild(app: &App) -> Result<usize, Error> {
    let (mut cursor, mut count): (Option<Cursor>, usize) = (None, 0);
    loop {
        let page = app
            .table
            .query(
                Query::partition(keys::PROVIDERS)
                    .on(Index::Gsi1)
                    .limit(100)
                    .after(cursor),
            )
            .await?;
        for item in &page.items {
            sync(app, None, Some(item)).await?;
            count += 1;
        }
        match page.next {
            Some(next) => cursor = Some(next),
            None => return Ok(count),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_normalised_singular_and_distinct() {
        assert_eq!(words("DJ Électro, house"), ["dj", "electro", "house"]);
        assert_eq!(words("Traiteur végétarien"), ["traiteur", "vegetarien"]);
        assert_eq!(
            words("Photographes de mariages, photographe"),
            ["photographe", "mariage"]
        );
        assert_eq!(words("jeux et bus"), ["jeu", "bus"]);
        assert!(words("de la, à").is_empty());
        assert_eq!(tokens("a1 b2 c3 d4 e5 f6 g7 h8 i9 j10").len(), MAX_TOKENS);
    }
}
