//! What both table adapters share, so that they behave alike: the clock of the `ttl`
//! attribute, and the cursor codec. Both stores hand out cursors of the same shape:
//! base64url (no padding) of a JSON object holding the key attributes of the page's
//! last item, the table key plus the index key.

use crate::ports::table::{Cursor, GSI1PK, GSI1SK, Index, Item, PK, Query, SK, StoreError};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Map, Value};
use std::time::{SystemTime, UNIX_EPOCH};

/// Current time in epoch seconds, the unit of the `ttl` attribute.
pub(crate) fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// Names of the key attributes that position a page on an index.
pub(crate) fn cursor_names(index: Index) -> &'static [&'static str] {
    match index {
        Index::Table => &[PK, SK],
        Index::Gsi1 => &[GSI1PK, GSI1SK, PK, SK],
    }
}

/// The cursor that starts the page after `last`.
pub(crate) fn encode_cursor(index: Index, last: &Item) -> Cursor {
    let keys: Map<String, Value> = cursor_names(index)
        .iter()
        .filter_map(|&name| Some((name.to_string(), last.get(name)?.clone())))
        .collect();
    Cursor(URL_SAFE_NO_PAD.encode(Value::Object(keys).to_string()))
}

/// Checks the page size and decodes the query's cursor into the values of
/// [`cursor_names`], in that order. A cursor that does not fit the query (another
/// index or partition, missing or extra attributes, not ours at all) is refused.
pub(crate) fn page_start(query: &Query) -> Result<Option<Vec<String>>, StoreError> {
    if !(1..=1000).contains(&query.limit) {
        return Err(StoreError::Invalid(
            "the page size must be between 1 and 1000".into(),
        ));
    }
    let Some(Cursor(cursor)) = &query.cursor else {
        return Ok(None);
    };
    let bytes = URL_SAFE_NO_PAD
        .decode(cursor)
        .map_err(|_| StoreError::InvalidCursor)?;
    let keys: Map<String, Value> =
        serde_json::from_slice(&bytes).map_err(|_| StoreError::InvalidCursor)?;
    let names = cursor_names(query.index);
    if keys.len() != names.len() || keys.get(names[0]) != Some(&Value::from(query.pk.as_str())) {
        return Err(StoreError::InvalidCursor);
    }
    names
        .iter()
        .map(|&name| match keys.get(name) {
            Some(Value::String(s)) => Ok(s.clone()),
            _ => Err(StoreError::InvalidCursor),
        })
        .collect::<Result<_, _>>()
        .map(Some)
}
