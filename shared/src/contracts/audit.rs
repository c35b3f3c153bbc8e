//! A contract's audit trail: append-only entries (`PROJECT#{id}` / `AUDIT#{n}`), each
//! chained to the previous one by its hash, with a head (`AUDIT`: the length and the last
//! hash) that every append is conditioned on, so two appends at once never take the same
//! place and the chain never forks.
//!
//! An entry's hash is the SHA-256 of the previous hash, a line feed, and the JSON of its
//! fields (`n`, `at`, `action`, `actor`, `ip`, `user_agent`, `detail`, in that order).

use super::model::sha256;
use crate::app::App;
use crate::error::Error;
use crate::items;
use crate::keys;
use crate::ports::table::{Condition, Item, StoreError, TxOp};
use crate::projects::model::{Actor, Loaded};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// The previous hash of the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Sent,
    Viewed,
    CodeSent,
    SignFailed,
    Signed,
    Countersigned,
    PdfRendered,
    Downloaded,
}

/// Where a request came from: recorded with each step a person makes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Evidence {
    pub ip: String,
    pub user_agent: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub n: i64,
    pub at: i64,
    pub action: Action,
    pub actor: Actor,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<String>,
    /// What happened, in a word (a failed attempt's reason, the PDF's hash…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    pub prev: String,
    pub hash: String,
}

/// The chain's head: how many entries, and the last one's hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    pub n: i64,
    pub hash: String,
}

impl Head {
    fn of(item: Option<&Item>) -> Head {
        match item {
            Some(item) => Head {
                n: item.get("n").and_then(Value::as_i64).unwrap_or(0),
                hash: item
                    .get("hash")
                    .and_then(Value::as_str)
                    .unwrap_or(GENESIS)
                    .to_owned(),
            },
            None => Head {
                n: 0,
                hash: GENESIS.to_owned(),
            },
        }
    }

    /// The head of a loaded project's trail.
    pub fn loaded(loaded: &Loaded) -> Head {
        Head::of(loaded.item("AUDIT"))
    }
}

/// One new entry.
pub struct New<'a> {
    pub action: Action,
    pub actor: Actor,
    pub evidence: Option<&'a Evidence>,
    pub detail: Option<String>,
}

/// The hash of an entry's fields after `prev`.
fn digest(prev: &str, e: &Entry) -> String {
    let body = json!({
        "n": e.n, "at": e.at, "action": e.action, "actor": e.actor,
        "ip": e.ip, "user_agent": e.user_agent, "detail": e.detail,
    });
    sha256(format!("{prev}\n{body}").as_bytes())
}

/// The writes that append `new` after `head` at `at`: the entry (on condition that its
/// place is free) and the head (on condition that it is still `head`).
pub fn append_ops(project_id: &str, head: &Head, new: New<'_>, at: i64) -> (Entry, Vec<TxOp>) {
    let mut entry = Entry {
        n: head.n + 1,
        at,
        action: new.action,
        actor: new.actor,
        ip: new.evidence.map(|e| e.ip.clone()),
        user_agent: new.evidence.map(|e| e.user_agent.clone()),
        detail: new.detail,
        prev: head.hash.clone(),
        hash: String::new(),
    };
    entry.hash = digest(&entry.prev, &entry);
    let head_condition = if head.n == 0 {
        Condition::NotExists
    } else {
        Condition::Equals("n".into(), json!(head.n))
    };
    let ops = vec![
        TxOp::Put {
            item: items::with_key(&keys::audit_entry(project_id, entry.n), &entry),
            condition: Some(Condition::NotExists),
        },
        TxOp::Put {
            item: items::with_key(
                &keys::audit_head(project_id),
                json!({"n": entry.n, "hash": entry.hash}),
            ),
            condition: Some(head_condition),
        },
    ];
    (entry, ops)
}

/// Appends one entry on its own (a view, a code sent, a failed attempt, a download),
/// after whatever was appended meanwhile.
///
/// Table calls: 1 GetItem + 1 TransactWriteItems (again after a lost race).
pub async fn append(
    app: &App,
    project_id: &str,
    action: Action,
    actor: Actor,
    evidence: Option<&Evidence>,
    detail: Option<String>,
) -> Result<Entry, Error> {
    for attempt in super::RETRY.attempts() {
        let head = Head::of(app.table.get(&keys::audit_head(project_id)).await?.as_ref());
        let new = New {
            action,
            actor,
            evidence,
            detail: detail.clone(),
        };
        let (entry, ops) = append_ops(project_id, &head, new, app.clock.now());
        match app.table.transact(ops).await {
            Ok(()) => return Ok(entry),
            Err(StoreError::TransactionCancelled { .. } | StoreError::Unavailable(_)) => {
                super::RETRY.pause(attempt).await;
            }
            Err(e) => return Err(e.into()),
        }
    }
    Err(super::RETRY.busy())
}

/// The entries of a loaded project's trail, in order.
pub fn entries(loaded: &Loaded) -> Vec<Entry> {
    loaded
        .items("AUDIT#")
        .filter_map(|i| items::record(i.clone()).ok())
        .collect()
}

/// Whether `entries` form an unbroken chain from the first.
pub fn is_chained(entries: &[Entry]) -> bool {
    let mut prev = GENESIS.to_owned();
    for (i, e) in entries.iter().enumerate() {
        if e.n != i as i64 + 1 || e.prev != prev || digest(&e.prev, e) != e.hash {
            return false;
        }
        prev = e.hash.clone();
    }
    true
}
