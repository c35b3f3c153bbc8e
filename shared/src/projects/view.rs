//! What a side sees of a project.

use super::model::{Actor, Origin, Project, Step};
use super::status::Status;
use serde::Serialize;

/// A project, as either side sees it, with the changes the caller may make by hand.
#[derive(Debug, Serialize)]
pub struct ProjectView<'a> {
    pub id: &'a str,
    pub client_id: &'a str,
    pub provider_id: &'a str,
    pub client_name: &'a str,
    pub provider_name: &'a str,
    pub title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_name: Option<&'a str>,
    pub date: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub price_cents: Option<u64>,
    pub origin: &'a Origin,
    pub conversation_id: &'a str,
    pub status: Status,
    pub version: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub awaiting_signature: Option<Actor>,
    pub created_at: i64,
    pub updated_at: i64,
    /// The caller's side.
    pub side: Actor,
    /// The statuses the caller may move it to.
    pub next: Vec<Status>,
}

impl Project {
    pub fn view(&self, side: Actor) -> ProjectView<'_> {
        ProjectView {
            id: &self.id,
            client_id: &self.client_id,
            provider_id: &self.provider_id,
            client_name: &self.client_name,
            provider_name: &self.provider_name,
            title: &self.title,
            event_name: self.event_name.as_deref(),
            date: &self.date,
            start: self.start.as_deref(),
            end: self.end.as_deref(),
            place: self.place.as_deref(),
            price_cents: self.price_cents,
            origin: &self.origin,
            conversation_id: &self.conversation_id,
            status: self.status,
            version: self.version,
            awaiting_signature: self.awaiting_signature,
            created_at: self.created_at,
            updated_at: self.updated_at,
            side,
            next: self.status.next_for(side),
        }
    }
}

/// One step of the history, as both sides see it.
#[derive(Debug, Serialize)]
pub struct StepView<'a> {
    pub version: i64,
    pub at: i64,
    pub actor: Actor,
    pub from: Option<Status>,
    pub to: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<&'a str>,
}

impl Step {
    pub fn view(&self) -> StepView<'_> {
        StepView {
            version: self.version,
            at: self.at,
            actor: self.actor,
            from: self.from,
            to: self.to,
            note: self.note.as_deref(),
        }
    }
}
