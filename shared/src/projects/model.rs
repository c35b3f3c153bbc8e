//! Projects as the table holds them (README, "The single table: access patterns").
//!
//! A project's partition, `PROJECT#{id}`, holds its record (`META`, in its provider's
//! projects on gsi1), the steps of its history (`STEP#{version}`, append-only), the
//! provider's private notes (`NOTES`) and its contract's items (`crate::contracts`). Its
//! client's row, `USER#{client}` / `PROJECT#{date}#{id}`, is a copy of the record that
//! every change writes in the same transaction; `PROJECTS_DUE` / `{date}#{id}` waits for
//! its day to pass ([`super::sweep`]).

use super::status::Status;
use crate::app::App;
use crate::error::Error;
use crate::items;
use crate::keys;
use crate::ports::table::{Condition, GSI1PK, GSI1SK, Item, Key, Query, SK, SortKey, TxOp, Update};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// Who made a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Actor {
    Client,
    Provider,
    /// The platform itself: the contract's steps, the day passing.
    Platform,
}

/// What the project was opened from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Origin {
    /// A calendar booking the provider confirmed (or an instant one).
    Booking { booking_id: String },
    /// An event's request the client booked.
    Request { event_id: String, need: String },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Project {
    pub id: String,
    pub client_id: String,
    pub provider_id: String,
    pub client_name: String,
    pub provider_name: String,
    /// The service booked, or the event's need.
    pub title: String,
    /// The event's name, for a project opened from an event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_name: Option<String>,
    /// `YYYY-MM-DD`, in France.
    pub date: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    /// Where: the event's city (and address), or the client's city for a booking.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// The agreed price: the service's, or the quote's (none: accepted without a quote).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_cents: Option<u64>,
    pub origin: Origin,
    /// The conversation of the pair (it exists once either side wrote).
    pub conversation_id: String,
    pub status: Status,
    /// Raised by every change: the number of steps of its history.
    pub version: i64,
    /// Who made the last change.
    pub last_actor: Actor,
    /// The side whose signature the sent contract waits for (`crate::contracts`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub awaiting_signature: Option<Actor>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// One step of a project's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Step {
    pub version: i64,
    pub at: i64,
    pub actor: Actor,
    /// None for the opening step.
    pub from: Option<Status>,
    pub to: Status,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Project {
    pub fn key(&self) -> Key {
        keys::project(&self.id)
    }

    pub fn client_row_key(&self) -> Key {
        keys::client_project(&self.client_id, &self.date, &self.id)
    }

    pub fn item(&self) -> Item {
        let mut item = items::with_key(&self.key(), self);
        item.insert(
            GSI1PK.into(),
            keys::provider_projects(&self.provider_id).into(),
        );
        item.insert(
            GSI1SK.into(),
            keys::project_position(&self.date, &self.id).into(),
        );
        item
    }

    pub fn from_item(item: Item) -> Result<Self, Error> {
        items::record(item)
    }

    /// The side `user_id` is on, if any.
    pub fn side_of(&self, user_id: &str) -> Option<Actor> {
        if user_id == self.client_id {
            Some(Actor::Client)
        } else if user_id == self.provider_id {
            Some(Actor::Provider)
        } else {
            None
        }
    }

    /// The writes that open it (on condition that it is new), the first step of its
    /// history made by `actor`.
    pub fn open_ops(&self, actor: Actor) -> Vec<TxOp> {
        let step = Step {
            version: self.version,
            at: self.created_at,
            actor,
            from: None,
            to: self.status,
            note: None,
        };
        vec![
            TxOp::Put {
                item: self.item(),
                condition: Some(Condition::NotExists),
            },
            TxOp::Put {
                item: items::with_key(&self.client_row_key(), self),
                condition: None,
            },
            TxOp::Put {
                item: items::with_key(&keys::project_step(&self.id, step.version), &step),
                condition: Some(Condition::NotExists),
            },
            TxOp::Put {
                item: items::with_key(&keys::project_due(&self.date, &self.id), json!({})),
                condition: None,
            },
        ]
    }

    /// The writes of one change to `to` by `actor` (the rules of [`super::status`] already
    /// checked): the record and the client's row, on condition that the record is still
    /// at the status and version read; the step, appended. Returns the project after.
    pub fn change_ops(
        &self,
        to: Status,
        actor: Actor,
        note: Option<String>,
        now: i64,
    ) -> (Project, Vec<TxOp>) {
        self.change_ops_with(to, actor, note, now, Update::default())
    }

    /// [`Project::change_ops`], with more attributes of the record written (`extra`).
    pub fn change_ops_with(
        &self,
        to: Status,
        actor: Actor,
        note: Option<String>,
        now: i64,
        extra: Update,
    ) -> (Project, Vec<TxOp>) {
        let mut after = self.clone();
        after.status = to;
        after.version += 1;
        after.last_actor = actor;
        after.updated_at = now;
        let step = Step {
            version: after.version,
            at: now,
            actor,
            from: Some(self.status),
            to,
            note,
        };
        let update = extra
            .set("status", json!(to))
            .set("version", after.version)
            .set("last_actor", json!(actor))
            .set("updated_at", now);
        let mut ops = vec![
            TxOp::Update {
                key: self.key(),
                update: update.clone(),
                condition: Some(self.unchanged()),
            },
            TxOp::Update {
                key: self.client_row_key(),
                update,
                condition: None,
            },
            TxOp::Put {
                item: items::with_key(&keys::project_step(&self.id, step.version), &step),
                condition: Some(Condition::NotExists),
            },
        ];
        if matches!(to, Status::Done | Status::Cancelled) {
            ops.push(TxOp::Delete {
                key: keys::project_due(&self.date, &self.id),
                condition: None,
            });
        }
        (after, ops)
    }

    /// The condition that the record is still as read: same status, same version.
    pub fn unchanged(&self) -> Condition {
        Condition::And(vec![
            Condition::Equals("status".into(), json!(self.status)),
            Condition::Equals("version".into(), json!(self.version)),
        ])
    }
}

/// A project's partition, read whole by one of its sides.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub project: Project,
    /// The caller's side.
    pub side: Actor,
    pub steps: Vec<Step>,
    pub notes: Option<String>,
    /// Every other item of the partition (the contract's), by sort key.
    pub others: Vec<Item>,
}

impl Loaded {
    /// The item of the partition with sort key `sk`.
    pub fn item(&self, sk: &str) -> Option<&Item> {
        self.others
            .iter()
            .find(|i| i.get(SK).and_then(Value::as_str) == Some(sk))
    }

    /// The items whose sort key starts with `prefix`, in order.
    pub fn items(&self, prefix: &str) -> impl Iterator<Item = &Item> {
        self.others.iter().filter(move |i| {
            i.get(SK)
                .and_then(Value::as_str)
                .is_some_and(|sk| sk.starts_with(prefix))
        })
    }
}

/// Reads the project `id` whole, for `user_id`: 404 for anyone but its two sides.
///
/// Table calls: 1 Query (more for a partition over 1 MB).
pub async fn load(app: &App, id: &str, user_id: &str) -> Result<Loaded, Error> {
    let query = Query::partition(keys::project_partition(id)).limit(1000);
    let all = app.table.query_all(query, usize::MAX).await?;
    let mut project = None;
    let (mut steps, mut notes, mut others) = (Vec::new(), None, Vec::new());
    for item in all {
        let sk = item.get(SK).and_then(Value::as_str).unwrap_or_default();
        if sk == "META" {
            project = Some(Project::from_item(item)?);
        } else if sk.starts_with("STEP#") {
            steps.push(items::record(item)?);
        } else if sk == "NOTES" {
            notes = item.get("notes").and_then(Value::as_str).map(str::to_owned);
        } else {
            others.push(item);
        }
    }
    let project = project.ok_or_else(not_found)?;
    let side = project.side_of(user_id).ok_or_else(not_found)?;
    Ok(Loaded {
        project,
        side,
        steps,
        notes,
        others,
    })
}

/// The record of the project `id` (1 GetItem), whoever asks: for the platform's own steps.
pub async fn get(app: &App, id: &str) -> Result<Option<Project>, Error> {
    app.table
        .get(&keys::project(id))
        .await?
        .map(Project::from_item)
        .transpose()
}

/// Most projects a list reads (a provider's whole history, for years of weekly bookings).
pub const MAX_LISTED: usize = 2000;

/// A client's projects (its rows), by date.
///
/// Table calls: 1 Query a page of 1 MB (at most [`MAX_LISTED`] projects).
pub async fn of_client(app: &App, client_id: &str) -> Result<Vec<Project>, Error> {
    let query = Query::partition(format!("USER#{client_id}"))
        .sort(SortKey::BeginsWith(keys::PROJECTS.into()));
    all(app, query).await
}

/// A provider's projects, by date (gsi1).
///
/// Table calls: 1 Query on gsi1 a page of 1 MB (at most [`MAX_LISTED`] projects).
pub async fn of_provider(app: &App, provider_id: &str) -> Result<Vec<Project>, Error> {
    let query =
        Query::partition(keys::provider_projects(provider_id)).on(crate::ports::Index::Gsi1);
    all(app, query).await
}

/// Every page of `query`, up to [`MAX_LISTED`] projects.
async fn all(app: &App, query: Query) -> Result<Vec<Project>, Error> {
    let items = app.table.query_all(query.limit(1000), MAX_LISTED).await?;
    items.into_iter().map(Project::from_item).collect()
}

pub fn not_found() -> Error {
    Error::not_found("no such project")
}
