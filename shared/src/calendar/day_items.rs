//! Reading a provider's days: what is taken in a range of days, and whether a day's
//! sessions marker is stale (none of its sessions holds time any more).

use super::model::{HOLD_UNTIL, holds_sessions, is_free};
use crate::app::App;
use crate::error::Error;
use crate::keys;
use crate::ports::table::{Item, Query, SK, SortKey};
use serde_json::Value;
use std::collections::BTreeMap;

/// What holds a provider's day at some instant.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Taken {
    /// The day is taken whole (a whole-day booking or hold, an event's booking, a busy day
    /// of an imported calendar).
    pub whole: bool,
    /// Taken whole by an imported calendar.
    pub imported: bool,
    /// The slots (minutes elapsed since midnight) that sessions hold.
    pub slots: Vec<i64>,
}

/// Days from `from` to `to` (`YYYY-MM-DD`, included) that something holds at `now`: one
/// Query (a month holds at most 31 day items and their slots, well under a page).
pub async fn taken(
    app: &App,
    provider_id: &str,
    from: &str,
    to: &str,
    now: i64,
) -> Result<BTreeMap<String, Taken>, Error> {
    let (start, end) = keys::calendar_range(from, to);
    let page = app
        .table
        .query(
            Query::partition(keys::provider_calendar(provider_id))
                .sort(SortKey::Between(start, end))
                .limit(1000),
        )
        .await?;
    let mut days: BTreeMap<String, Taken> = BTreeMap::new();
    for item in page.items.iter().filter(|i| !is_free(Some(i), now)) {
        let sk = item.get(SK).and_then(Value::as_str).unwrap_or_default();
        let Some(rest) = sk.strip_prefix("DATE#") else {
            continue;
        };
        match rest.split_once('#') {
            None if !holds_sessions(item) => {
                let day = days.entry(rest.to_owned()).or_default();
                day.whole = true;
                day.imported = item.get("kind").and_then(Value::as_str) == Some("import");
            }
            None => {}
            Some((date, minute)) => {
                if let Ok(minute) = minute.parse() {
                    days.entry(date.to_owned()).or_default().slots.push(minute);
                }
            }
        }
    }
    Ok(days)
}

/// The `gen` of the day's sessions marker when none of its slots holds time at `now`
/// (the sessions were cancelled, declined or their holds ran out): a whole-day booking may
/// then take the day, on condition that no session came since. `None` otherwise.
pub async fn stale_sessions(
    app: &App,
    provider_id: &str,
    date: &str,
    now: i64,
) -> Result<Option<i64>, Error> {
    let Some(day) = app.table.get(&keys::booked_date(provider_id, date)).await? else {
        return Ok(None);
    };
    if !holds_sessions(&day) {
        return Ok(None);
    }
    let taken = taken(app, provider_id, date, date, now).await?;
    if taken.get(date).is_some_and(|t| !t.slots.is_empty()) {
        return Ok(None);
    }
    Ok(day.get("gen").and_then(Value::as_i64))
}

/// Whether an item is a hold (it has a `hold_until`).
pub fn is_hold(item: &Item) -> bool {
    item.contains_key(HOLD_UNTIL)
}
