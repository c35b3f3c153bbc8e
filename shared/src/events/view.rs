//! What each reader is shown of events and requests: typed views that list their
//! fields, so a field added to a record stays private until a view names it.

use super::model::{Event, EventStatus, Request, State, Summary};
use serde::Serialize;
use std::collections::BTreeMap;

/// An event as its client sees it (everything but the version), or as an invited
/// provider sees it (no bookings, and no street address before it accepted).
#[derive(Debug, Serialize)]
pub struct EventView<'a> {
    pub id: &'a str,
    pub client_id: &'a str,
    pub name: &'a str,
    pub date: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_time: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_time: Option<&'a str>,
    pub description: &'a str,
    pub city: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city_code: Option<&'a str>,
    /// The client's, and a provider's who accepted or is booked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub guests: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub budget_cents: Option<u64>,
    pub needs: &'a [String],
    pub status: EventStatus,
    /// The client's only: need → the provider booked for it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bookings: Option<&'a BTreeMap<String, String>>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl Event {
    /// The client's view.
    pub fn view(&self) -> EventView<'_> {
        self.shown(true, true)
    }

    /// An invited provider's view: no street address unless it accepted or is booked,
    /// and nothing about the other providers.
    pub fn view_for_provider(&self, with_address: bool) -> EventView<'_> {
        self.shown(with_address, false)
    }

    fn shown(&self, with_address: bool, with_bookings: bool) -> EventView<'_> {
        let d = &self.details;
        EventView {
            id: &self.id,
            client_id: &self.client_id,
            name: &d.name,
            date: &d.date,
            start_time: d.start_time.as_deref(),
            end_time: d.end_time.as_deref(),
            description: &d.description,
            city: &d.city,
            city_code: d.city_code.as_deref(),
            address: with_address.then_some(d.address.as_str()),
            guests: d.guests,
            budget_cents: d.budget_cents,
            needs: &d.needs,
            status: self.status,
            bookings: with_bookings.then_some(&self.bookings),
            created_at: self.created_at,
            updated_at: self.updated_at,
        }
    }
}

/// A request as its client and its provider both see it, with its state as it reads
/// at the time of the view.
#[derive(Debug, Serialize)]
pub struct RequestView<'a> {
    pub event_id: &'a str,
    pub provider_id: &'a str,
    pub client_id: &'a str,
    pub need: &'a str,
    pub message: &'a str,
    pub state: State,
    pub created_at: i64,
    pub expires_at: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answered_at: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub price_cents: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub included: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub booked_at: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub project_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closed_at: Option<i64>,
    pub event: &'a Summary,
    pub client_name: &'a str,
    pub provider_name: &'a str,
}

impl Request {
    /// The view of the request at `now`.
    pub fn view(&self, now: i64) -> RequestView<'_> {
        RequestView {
            event_id: &self.event_id,
            provider_id: &self.provider_id,
            client_id: &self.client_id,
            need: &self.need,
            message: &self.message,
            state: self.shown_state(now),
            created_at: self.created_at,
            expires_at: self.expires_at,
            answered_at: self.answered_at,
            reason: self.reason.as_deref(),
            price_cents: self.price_cents,
            included: self.included.as_deref(),
            valid_until: self.valid_until.as_deref(),
            booked_at: self.booked_at,
            project_id: self.project_id.as_deref(),
            closed_at: self.closed_at,
            event: &self.event,
            client_name: &self.client_name,
            provider_name: &self.provider_name,
        }
    }
}
