//! Event and request records as the table holds them, their validation, the expiry
//! rules (what each reader is shown: [`super::view`]).
//!
//! A request's stored `state` changes only by conditional writes; `expired` is never
//! stored: a `pending` request past `expires_at`, or a `quoted` one past the end of
//! its `valid_until` day, *reads* as expired ([`Request::shown_state`]), and every
//! transition out of those states is conditioned on the same instants
//! ([`Request::still`]), so a request that reads expired cannot be answered or booked.

use crate::app::App;
use crate::dates;
use crate::error::Error;
use crate::messaging::model::is_id;
use crate::ports::Query;
use crate::ports::table::{Condition, GSI1PK, GSI1SK, Item, SK};
use crate::profiles::model::MAX_PRICE_CENTS;
use crate::{items, keys, places, validate};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// A request may be answered for this long after it was made.
pub const ANSWER_WINDOW_SECS: i64 = 7 * 24 * 3600;
/// Kinds of service one event may list.
pub const MAX_NEEDS: usize = 20;
/// Requests one event may hold: cancelling one closes them all in a single
/// transaction (at most 100 writes: the event, its requests, its booked dates).
pub const MAX_REQUESTS: usize = 50;
pub const MAX_GUESTS: u32 = 100_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EventStatus {
    Active,
    Cancelled,
}

/// What the client writes about an event (create, and edit as a whole).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Details {
    pub name: String,
    /// `YYYY-MM-DD`, a day in France.
    pub date: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_time: Option<String>,
    pub description: String,
    /// The city as typed (or chosen).
    pub city: String,
    /// The commune's INSEE code (`estrade::places`). Optional in the record: always set
    /// by this version, which checks the city.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city_code: Option<String>,
    /// Private: only the client and the providers who accepted (or are booked) see it.
    pub address: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guests: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget_cents: Option<u64>,
    /// Kinds of service wanted ("musique", "photo"…), distinct.
    pub needs: Vec<String>,
}

/// The body of `POST /api/events` and `PUT /api/events/{id}`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DetailsInput {
    pub name: String,
    pub date: String,
    #[serde(default)]
    pub start_time: Option<String>,
    #[serde(default)]
    pub end_time: Option<String>,
    #[serde(default)]
    pub description: String,
    pub city: String,
    #[serde(default)]
    pub city_code: Option<String>,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub guests: Option<u32>,
    #[serde(default)]
    pub budget_cents: Option<u64>,
    pub needs: Vec<String>,
}

impl DetailsInput {
    /// Trims every text and checks formats and limits (not whether the date is past:
    /// that depends on the use case).
    pub fn validated(self) -> Result<Details, Error> {
        dates::date("date", &self.date)?;
        let time = |field, value: Option<String>| {
            value.map(|v| dates::time(field, &v).map(|_| v)).transpose()
        };
        if self.guests.is_some_and(|g| g == 0 || g > MAX_GUESTS) {
            return Err(Error::invalid_field("guests", format!("1 to {MAX_GUESTS}")));
        }
        if self.budget_cents.is_some_and(|b| b > MAX_PRICE_CENTS) {
            return Err(Error::invalid_field("budget_cents", "too high"));
        }
        if self.needs.is_empty() {
            return Err(Error::invalid_field(
                "needs",
                "at least one kind of service",
            ));
        }
        validate::count("needs", &self.needs, MAX_NEEDS)?;
        let mut needs: Vec<String> = Vec::new();
        for need in &self.needs {
            let need = validate::line("needs", need, 1, 100)?;
            if needs.iter().any(|n| same_need(n, &need)) {
                return Err(Error::invalid_field(
                    "needs",
                    format!("\"{need}\" is listed twice"),
                ));
            }
            needs.push(need);
        }
        let city = validate::line("city", &self.city, 1, 100)?;
        let city_code = commune_of(&city, self.city_code.as_deref())?;
        Ok(Details {
            name: validate::line("name", &self.name, 1, 120)?,
            date: self.date,
            start_time: time("start_time", self.start_time)?,
            end_time: time("end_time", self.end_time)?,
            description: validate::text("description", &self.description, 0, 5000)?,
            city,
            city_code,
            address: validate::text("address", &self.address, 0, 500)?,
            guests: self.guests,
            budget_cents: self.budget_cents,
            needs,
        })
    }
}

/// The INSEE code of the commune `city` names (`estrade::places`): the one given (it must
/// be a commune of that name), else the most populous commune of that name.
fn commune_of(city: &str, code: Option<&str>) -> Result<Option<String>, Error> {
    let named = places::resolve(city);
    match code.map(str::trim).filter(|c| !c.is_empty()) {
        Some(code) if named.iter().any(|c| c.code == code) => Ok(Some(code.to_owned())),
        Some(_) => Err(Error::invalid_field(
            "city_code",
            "not the code of a commune of that name",
        )),
        None => named
            .first()
            .map(|c| Some(c.code.to_owned()))
            .ok_or_else(|| Error::invalid_field("city", "no French commune of that name")),
    }
}

/// Needs compare without regard to case.
pub fn same_need(a: &str, b: &str) -> bool {
    a.to_lowercase() == b.to_lowercase()
}

/// The event item (`EVENT#{id}` / `META`), in its client's list by date.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Event {
    pub id: String,
    pub client_id: String,
    #[serde(flatten)]
    pub details: Details,
    pub status: EventStatus,
    /// Need → the provider booked for it.
    #[serde(default)]
    pub bookings: BTreeMap<String, String>,
    /// Bumped by every write whose outcome depends on the event (edit, invite, book,
    /// cancel): each is conditioned on the version it read, so they never interleave.
    pub version: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

impl Event {
    pub fn item(&self) -> Item {
        let mut item = items::with_key(&keys::event(&self.id), self);
        item.insert(GSI1PK.into(), keys::client_events(&self.client_id).into());
        item.insert(
            GSI1SK.into(),
            keys::event_position(&self.details.date, &self.id).into(),
        );
        item
    }

    pub fn from_item(item: Item) -> Result<Self, Error> {
        items::record(item)
    }

    /// The condition of every write that depends on this reading of the event: still
    /// active, and unchanged since.
    pub fn unchanged(&self) -> Condition {
        Condition::And(vec![
            Condition::Equals("status".into(), json!(EventStatus::Active)),
            Condition::Equals("version".into(), self.version.into()),
        ])
    }

    /// What the requests show of the event (kept in step by `update`).
    pub fn summary(&self) -> Summary {
        let details = &self.details;
        Summary {
            name: details.name.clone(),
            date: details.date.clone(),
            start_time: details.start_time.clone(),
            end_time: details.end_time.clone(),
            city: details.city.clone(),
            city_code: details.city_code.clone(),
            guests: details.guests,
            budget_cents: details.budget_cents,
        }
    }

    pub fn is_past(&self, now: i64) -> bool {
        dates::is_past(&self.details.date, now)
    }

    /// 409 unless the event is active and its day is not over.
    pub fn check_open(&self, now: i64) -> Result<(), Error> {
        if self.status == EventStatus::Cancelled {
            return Err(cancelled());
        }
        if self.is_past(now) {
            return Err(Error::conflict("event_past", "this event's day is over"));
        }
        Ok(())
    }
}

pub fn cancelled() -> Error {
    Error::conflict("event_cancelled", "this event is cancelled")
}

/// What a provider's inbox shows of the event: name, date and times, place, guests and
/// budget (not the description, nor the address).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub name: String,
    pub date: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_time: Option<String>,
    pub city: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guests: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget_cents: Option<u64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    Pending,
    Declined,
    Accepted,
    Quoted,
    Booked,
    Closed,
    /// Never stored: how a pending request past `expires_at`, or a quoted one past its
    /// validity, reads.
    Expired,
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            State::Pending => "pending",
            State::Declined => "declined",
            State::Accepted => "accepted",
            State::Quoted => "quoted",
            State::Booked => "booked",
            State::Closed => "closed",
            State::Expired => "expired",
        }
    }

    /// Waiting for the provider (pending) or for the client (accepted, quoted).
    pub fn is_open(self) -> bool {
        matches!(self, State::Pending | State::Accepted | State::Quoted)
    }
}

/// A request item (`EVENT#{event_id}` / `REQ#{provider_id}`), in its provider's inbox.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Request {
    pub event_id: String,
    pub provider_id: String,
    pub client_id: String,
    /// One of the event's needs.
    pub need: String,
    pub message: String,
    pub state: State,
    pub created_at: i64,
    /// The provider answers before this instant (created + 7 days).
    pub expires_at: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answered_at: Option<i64>,
    /// Why the provider declined.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_cents: Option<u64>,
    /// What the quoted price includes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub included: Option<String>,
    /// The last day the quote holds (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<String>,
    /// The end of that day in France (epoch seconds): the quote's expiry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote_expires_at: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booked_at: Option<i64>,
    /// The project its booking opened (`crate::projects`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_at: Option<i64>,
    pub event: Summary,
    pub client_name: String,
    pub provider_name: String,
}

impl Request {
    pub fn item(&self) -> Item {
        let mut item = items::with_key(&keys::request(&self.event_id, &self.provider_id), self);
        item.insert(
            GSI1PK.into(),
            keys::provider_requests(&self.provider_id).into(),
        );
        item.insert(
            GSI1SK.into(),
            keys::request_position(self.created_at, &self.event_id).into(),
        );
        item
    }

    pub fn from_item(item: Item) -> Result<Self, Error> {
        items::record(item)
    }

    /// The state as it reads at `now`: `expired` for a pending request past
    /// `expires_at` and a quoted one past its validity.
    pub fn shown_state(&self, now: i64) -> State {
        match self.state {
            State::Pending if now >= self.expires_at => State::Expired,
            State::Quoted if self.quote_expires_at.is_some_and(|end| now >= end) => State::Expired,
            state => state,
        }
    }

    /// The condition that the request is still as read, and (for a pending or quoted
    /// one) not expired at `now`.
    pub fn still(&self, now: i64) -> Condition {
        let mut all = vec![Condition::Equals(
            "state".into(),
            self.state.as_str().into(),
        )];
        match self.state {
            State::Pending => all.push(Condition::GreaterThan("expires_at".into(), now)),
            State::Quoted => all.push(Condition::GreaterThan("quote_expires_at".into(), now)),
            _ => {}
        }
        Condition::And(all)
    }
}

pub fn request_not_found() -> Error {
    Error::not_found("no such request")
}

pub fn request_closed() -> Error {
    Error::conflict(
        "request_closed",
        "this request is no longer open: it was answered, closed, or it has expired",
    )
}

pub fn event_not_found() -> Error {
    Error::not_found("no such event")
}

/// An event and its requests, read together (one query of the event's partition).
#[derive(Debug)]
pub struct Loaded {
    pub event: Event,
    pub requests: Vec<Request>,
}

impl Loaded {
    pub fn request_of(&self, provider_id: &str) -> Option<&Request> {
        self.requests.iter().find(|r| r.provider_id == provider_id)
    }
}

/// The event `event_id` with its requests; `None` when there is no such event.
pub async fn load(app: &App, event_id: &str) -> Result<Option<Loaded>, Error> {
    if !is_id(event_id) {
        return Ok(None);
    }
    let page = app
        .table
        .query(Query::partition(keys::event_partition(event_id)).limit(MAX_REQUESTS + 50))
        .await?;
    let mut event = None;
    let mut requests = Vec::new();
    for item in page.items {
        let sk = item.get(SK).and_then(Value::as_str).unwrap_or_default();
        if sk == keys::event(event_id).sk {
            event = Some(Event::from_item(item)?);
        } else if sk.starts_with(keys::REQUESTS) {
            requests.push(Request::from_item(item)?);
        }
    }
    requests.sort_by_key(|r| r.created_at);
    Ok(event.map(|event| Loaded { event, requests }))
}

/// The event of `client_id`, with its requests; to anyone else it does not exist.
pub async fn owned(app: &App, event_id: &str, client_id: &str) -> Result<Loaded, Error> {
    load(app, event_id)
        .await?
        .filter(|loaded| loaded.event.client_id == client_id)
        .ok_or_else(event_not_found)
}
