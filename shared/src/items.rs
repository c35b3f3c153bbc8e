//! Conversions between domain records and table items.

use crate::error::Error;
use crate::ports::table::{Item, Key, PK, SK};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// The record's fields plus the item's keys.
pub fn with_key(key: &Key, record: impl Serialize) -> Item {
    let mut item = match serde_json::to_value(record).expect("records serialize") {
        Value::Object(map) => map,
        other => panic!("a record must serialize to an object, not {other}"),
    };
    item.insert(PK.into(), key.pk.clone().into());
    item.insert(SK.into(), key.sk.clone().into());
    item
}

/// Reads a record back; extra attributes (keys, index keys, ttl) are ignored.
pub fn record<T: DeserializeOwned>(item: Item) -> Result<T, Error> {
    serde_json::from_value(Value::Object(item)).map_err(Error::internal)
}
