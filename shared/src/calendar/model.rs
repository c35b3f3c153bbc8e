//! Calendar bookings as the table holds them, and the items that hold a provider's time.
//!
//! - A booking: `USER#{client}` / `BOOKING#{date}#{id}`, in its provider's calendar on
//!   gsi1 (`CALENDAR#{provider}` / `{date}#{id}`). Its id names its client and day, so
//!   the id gives the key.
//! - The provider's day, `PROVIDER#{p}` / `DATE#{date}`: taken whole (`kind` absent or
//!   `whole`: a whole-day booking, or an event request's booking) or marked as holding
//!   sessions (`kind = sessions`, with `gen` raised by each new session).
//! - A slot, `PROVIDER#{p}` / `DATE#{date}#{minute}`: a quarter of an hour held by one
//!   session (its buffer after it included).
//!
//! A hold (a booking waiting for the provider) writes its day or slots with `hold_until`
//! (and the same `ttl`, so the store forgets them): every condition and every read treats
//! an item whose `hold_until` is past as free, by the app's clock.

use crate::error::Error;
use crate::items;
use crate::keys;
use crate::ports::table::{Condition, GSI1PK, GSI1SK, Item, Key, TTL, TxOp, Update};
use crate::profiles::model::BookingKind;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    /// Waiting for the provider, until `hold_until`.
    Held,
    Confirmed,
    Declined,
    Cancelled,
    /// Never stored: a hold past `hold_until`.
    Expired,
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            State::Held => "held",
            State::Confirmed => "confirmed",
            State::Declined => "declined",
            State::Cancelled => "cancelled",
            State::Expired => "expired",
        }
    }
}

/// Who did something to a booking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    Client,
    Provider,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Booking {
    pub id: String,
    pub client_id: String,
    pub provider_id: String,
    pub client_name: String,
    pub provider_name: String,
    /// The service's name, price and kind when it was booked.
    pub service: String,
    pub price_cents: u64,
    pub kind: BookingKind,
    /// The day, `YYYY-MM-DD`, in France.
    pub date: String,
    /// A session's start and end, wall-clock `HH:MM` (none for a whole day).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    /// The instants it starts and ends (epoch seconds): a whole day runs from midnight to
    /// midnight.
    pub starts_at: i64,
    pub ends_at: i64,
    /// The slots a session holds (minutes elapsed since midnight), its buffer included.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub slots: Vec<i64>,
    pub message: String,
    pub state: State,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hold_until: Option<i64>,
    pub created_at: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answered_at: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancelled_at: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancelled_by: Option<Side>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Raised by every change (an iCal `SEQUENCE`).
    pub sequence: i64,
    /// The project its confirmation opened (`crate::projects`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project_id: Option<String>,
}

impl Booking {
    pub fn key(&self) -> Key {
        keys::booking(&self.client_id, &self.date, &self.id)
    }

    pub fn item(&self) -> Item {
        let mut item = items::with_key(&self.key(), self);
        item.insert(
            GSI1PK.into(),
            keys::provider_bookings(&self.provider_id).into(),
        );
        item.insert(
            GSI1SK.into(),
            keys::booking_position(&self.date, &self.id).into(),
        );
        item
    }

    pub fn from_item(item: Item) -> Result<Self, Error> {
        items::record(item)
    }

    /// The state as it reads at `now`: a hold past `hold_until` is expired.
    pub fn shown_state(&self, now: i64) -> State {
        match (self.state, self.hold_until) {
            (State::Held, Some(until)) if now >= until => State::Expired,
            (state, _) => state,
        }
    }

    /// Whether it holds the provider's time at `now`.
    pub fn is_live(&self, now: i64) -> bool {
        matches!(self.shown_state(now), State::Held | State::Confirmed)
    }

    /// The items that hold its time: the day, or its slots.
    pub fn time_keys(&self) -> Vec<Key> {
        match self.kind {
            BookingKind::WholeDay => vec![keys::booked_date(&self.provider_id, &self.date)],
            BookingKind::Session { .. } => self
                .slots
                .iter()
                .map(|m| keys::calendar_slot(&self.provider_id, &self.date, *m))
                .collect(),
        }
    }

    /// The condition that an item of its time is still its own (and, for a hold, not past
    /// at `now`).
    pub fn owns(&self, now: i64) -> Condition {
        let mine = Condition::Equals("booking_id".into(), json!(self.id));
        match self.state {
            State::Held => {
                Condition::And(vec![mine, Condition::GreaterThan(HOLD_UNTIL.into(), now)])
            }
            _ => mine,
        }
    }
}

/// The attribute of a held item: free once past.
pub const HOLD_UNTIL: &str = "hold_until";

/// Whether a day or slot item is free at `now`: absent, or a hold that is past.
pub fn is_free(item: Option<&Item>, now: i64) -> bool {
    item.is_none_or(|item| {
        item.get(HOLD_UNTIL)
            .and_then(Value::as_i64)
            .is_some_and(|until| until <= now)
    })
}

/// The condition that an item is free at `now`.
pub fn free(now: i64) -> Condition {
    day_free(now, None)
}

/// The condition that a provider's day can be taken whole at `now`: it is free, or it
/// marks sessions none of which is live any more (`stale_gen`: the marker's `gen` when
/// [`super::day_items::stale_sessions`] found it so; a new session raises it).
pub fn day_free(now: i64, stale_gen: Option<i64>) -> Condition {
    let mut any = vec![
        Condition::NotExists,
        Condition::LessThan(HOLD_UNTIL.into(), now + 1),
    ];
    if let Some(marker) = stale_gen {
        any.push(Condition::And(vec![
            Condition::Equals("kind".into(), json!("sessions")),
            Condition::Equals("gen".into(), json!(marker)),
        ]));
    }
    Condition::Or(any)
}

/// Whether a day item marks sessions (rather than a day taken whole).
pub fn holds_sessions(item: &Item) -> bool {
    item.get("kind").and_then(Value::as_str) == Some("sessions")
}

/// An item of a booking's time: its key and who holds it, until when for a hold.
fn time_item(key: &Key, booking: &Booking, kind: Option<&str>) -> Item {
    let mut item = items::with_key(
        key,
        json!({"booking_id": booking.id, "provider_id": booking.provider_id, "date": booking.date}),
    );
    if let Some(kind) = kind {
        item.insert("kind".into(), kind.into());
    }
    if let (State::Held, Some(until)) = (booking.state, booking.hold_until) {
        item.insert(HOLD_UNTIL.into(), until.into());
        item.insert(TTL.into(), until.into());
    }
    item
}

/// The writes that hold a new booking's time at `now`:
/// - a whole day: the day item, on condition that it is free, or that it marks sessions
///   none of which is live any more (`stale_gen`: the `gen` read then);
/// - a session: the day marked as holding sessions (on condition that it is free or
///   already so marked), then each slot, on condition that it is free.
pub fn hold_ops(booking: &Booking, now: i64, stale_gen: Option<i64>) -> Vec<TxOp> {
    match booking.kind {
        BookingKind::WholeDay => vec![TxOp::Put {
            item: time_item(
                &keys::booked_date(&booking.provider_id, &booking.date),
                booking,
                Some("whole"),
            ),
            condition: Some(day_free(now, stale_gen)),
        }],
        BookingKind::Session { .. } => {
            let mut ops = vec![mark_sessions(&booking.provider_id, &booking.date, now)];
            ops.extend(booking.time_keys().iter().map(|key| TxOp::Put {
                item: time_item(key, booking, None),
                condition: Some(free(now)),
            }));
            ops
        }
    }
}

/// The write that marks a provider's day as holding sessions (raising its `gen`), on
/// condition that it is free or already so marked: never over a day taken whole.
pub fn mark_sessions(provider_id: &str, date: &str, now: i64) -> TxOp {
    TxOp::Update {
        key: keys::booked_date(provider_id, date),
        update: Update::default()
            .set("kind", "sessions")
            .set("provider_id", provider_id)
            .set("date", date)
            .add("gen", 1)
            .remove(TTL)
            .remove(HOLD_UNTIL)
            .remove("booking_id"),
        condition: Some(Condition::Or(vec![
            free(now),
            Condition::Equals("kind".into(), json!("sessions")),
        ])),
    }
}

/// The writes that make a held booking's time its own for good (the hold is confirmed).
pub fn keep_ops(booking: &Booking, now: i64) -> Vec<TxOp> {
    booking
        .time_keys()
        .into_iter()
        .map(|key| TxOp::Update {
            key,
            update: Update::default().remove(HOLD_UNTIL).remove(TTL),
            condition: Some(booking.owns(now)),
        })
        .collect()
}

/// The writes that free a live booking's time (declined or cancelled). A session's day
/// stays marked: a whole-day booking finds the marker stale and takes the day over.
pub fn free_ops(booking: &Booking, now: i64) -> Vec<TxOp> {
    booking
        .time_keys()
        .into_iter()
        .map(|key| TxOp::Delete {
            key,
            condition: Some(booking.owns(now)),
        })
        .collect()
}

/// A booking as its client and its provider both see it, with its state as it reads at
/// the time of the view.
#[derive(Debug, Serialize)]
pub struct BookingView<'a> {
    pub id: &'a str,
    pub client_id: &'a str,
    pub provider_id: &'a str,
    pub client_name: &'a str,
    pub provider_name: &'a str,
    pub service: &'a str,
    pub price_cents: u64,
    pub kind: BookingKind,
    pub date: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<&'a str>,
    pub starts_at: i64,
    pub ends_at: i64,
    pub message: &'a str,
    pub state: State,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hold_until: Option<i64>,
    pub created_at: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answered_at: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cancelled_at: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cancelled_by: Option<Side>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub project_id: Option<&'a str>,
}

impl Booking {
    pub fn view(&self, now: i64) -> BookingView<'_> {
        BookingView {
            id: &self.id,
            client_id: &self.client_id,
            provider_id: &self.provider_id,
            client_name: &self.client_name,
            provider_name: &self.provider_name,
            service: &self.service,
            price_cents: self.price_cents,
            kind: self.kind,
            date: &self.date,
            start: self.start.as_deref(),
            end: self.end.as_deref(),
            starts_at: self.starts_at,
            ends_at: self.ends_at,
            message: &self.message,
            state: self.shown_state(now),
            hold_until: self.hold_until,
            created_at: self.created_at,
            answered_at: self.answered_at,
            cancelled_at: self.cancelled_at,
            cancelled_by: self.cancelled_by,
            reason: self.reason.as_deref(),
            project_id: self.project_id.as_deref(),
        }
    }
}

/// The booking `id`, read by its client or its provider; to anyone else it does not
/// exist. One GetItem (the id names the client and the day).
pub async fn load(app: &crate::app::App, id: &str, caller: &str) -> Result<Booking, Error> {
    let not_found = || Error::not_found("no such booking");
    let mut parts = id.split('.');
    let (Some(client), Some(date), Some(_), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(not_found());
    };
    if !crate::messaging::model::is_id(client) || crate::dates::date("id", date).is_err() {
        return Err(not_found());
    }
    let item = app
        .table
        .get(&keys::booking(client, date, id))
        .await?
        .ok_or_else(not_found)?;
    let booking = Booking::from_item(item)?;
    if booking.client_id != caller && booking.provider_id != caller {
        return Err(not_found());
    }
    Ok(booking)
}
