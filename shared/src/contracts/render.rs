//! Once both sides signed, the platform renders the contract's PDF, off the request path:
//! the change feed calls [`on_change`] (the `contract-pdf` function on AWS, subscribed to
//! the table's stream with a filter on contracts; the local gateway's change follower).
//!
//! The PDF is stored in the blob store (`contracts/{project}/{sha256}.pdf`); then one
//! transaction records it (`PDF`, on condition that none was recorded: a change delivered
//! twice renders twice but records once, and the spare file is deleted), indexes its
//! SHA-256 for the public verification (`PDFHASH#…`), and appends `pdf_rendered` with its
//! hash to the audit trail. The notifier tells both sides that it is ready.
//!
//! Table calls: 1 GetItem + 1 Query + 1 TransactWriteItems.

use super::audit::{self, Action, Head, New};
use super::model::{Contract, Pdf, Status, pdf, sha256};
use super::pdf;
use crate::app::App;
use crate::error::Error;
use crate::items;
use crate::keys;
use crate::ports::table::{Condition, Item, SK};
use crate::ports::{Change, StoreError, TxOp};
use crate::projects::model::{self as projects, Actor};
use serde_json::{Value, json};

/// Renders the PDF when `change` is a contract becoming signed.
pub async fn on_change(app: &App, change: &Change) -> Result<(), Error> {
    let Some(new) = &change.new else {
        return Ok(());
    };
    if !became_signed(change.old.as_ref(), new) {
        return Ok(());
    }
    let project_id = new
        .get("project_id")
        .and_then(Value::as_str)
        .ok_or_else(|| Error::internal("a contract without project_id"))?;
    render(app, project_id).await.map(drop)
}

fn became_signed(old: Option<&Item>, new: &Item) -> bool {
    let status = |i: &Item| i.get("status").and_then(Value::as_str).map(str::to_owned);
    new.get(SK).and_then(Value::as_str) == Some("CONTRACT")
        && status(new).as_deref() == Some("signed")
        && old.and_then(status).as_deref() != Some("signed")
}

/// Renders and records the PDF of the project's signed contract (once); returns it.
pub async fn render(app: &App, project_id: &str) -> Result<Pdf, Error> {
    let project = projects::get(app, project_id)
        .await?
        .ok_or_else(projects::not_found)?;
    let loaded = projects::load(app, project_id, &project.provider_id).await?;
    if let Some(done) = pdf(&loaded) {
        return Ok(done);
    }
    let contract = Contract::of(&loaded)?
        .filter(|c| c.status == Status::Signed)
        .ok_or_else(|| Error::internal("no signed contract to render"))?;
    let trail = audit::entries(&loaded);
    let bytes = pdf::render(
        &loaded.project,
        &contract,
        &trail,
        &app.config.public_base_url,
    )?;
    let hash = sha256(&bytes);
    let now = app.clock.now();
    let record = Pdf {
        blob_key: format!("contracts/{project_id}/{hash}.pdf"),
        sha256: hash.clone(),
        size: bytes.len() as u64,
        rendered_at: now,
    };
    app.blobs
        .put(&record.blob_key, bytes, "application/pdf")
        .await?;
    let signed_at = contract.signed_at.unwrap_or(now);
    let mut ops = vec![
        TxOp::Put {
            item: items::with_key(&keys::contract_pdf(project_id), &record),
            condition: Some(Condition::NotExists),
        },
        TxOp::Put {
            item: items::with_key(
                &keys::signed_pdf(&hash),
                json!({"project_id": project_id, "signed_at": signed_at}),
            ),
            condition: Some(Condition::NotExists),
        },
    ];
    let new = New {
        action: Action::PdfRendered,
        actor: Actor::Platform,
        evidence: None,
        detail: Some(hash),
    };
    ops.extend(audit::append_ops(project_id, &Head::loaded(&loaded), new, now).1);
    match app.table.transact(ops).await {
        Ok(()) => Ok(record),
        Err(StoreError::TransactionCancelled { .. }) => {
            // Rendered meanwhile by another delivery of the change: keep that one (and
            // delete this file, unless it is the very same).
            let loaded = projects::load(app, project_id, &project.provider_id).await?;
            let kept = pdf(&loaded).ok_or_else(|| Error::busy("the PDF is being rendered"))?;
            if kept.blob_key != record.blob_key {
                app.blobs.delete(&record.blob_key).await?;
            }
            Ok(kept)
        }
        Err(e) => Err(e.into()),
    }
}
