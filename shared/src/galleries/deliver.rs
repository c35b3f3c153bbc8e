//! The provider delivers a gallery (function `gallery-deliver`):
//! `POST /api/galleries/{id}/deliver` → `{gallery}`. The client sees it from then on,
//! for 90 days (the provider extends it). Delivering moves the project to delivered when
//! its day is past (done or in production); an earlier or later project keeps its status.
//! 409 `gallery_delivered`, `gallery_empty` (no ready file).
//!
//! One transaction: the gallery → delivered (on condition that it is a draft with a ready
//! file), its expiry entry (the reminder a week before), and the project's change (on
//! its status and version). The notifier tells the client (the project's notice and
//! email). Table calls: 2 GetItem + 1 TransactWriteItems.

use super::model::{self, Gallery, KEEP_DAYS, Status};
use crate::app::App;
use crate::auth::tokens::AccessClaims;
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use crate::items;
use crate::keys;
use crate::ports::{Condition, StoreError, TxOp, Update};
use crate::projects::model::{self as projects, Actor};
use crate::projects::status::Status as ProjectStatus;
use serde_json::json;

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let caller = req.auth(app)?;
    let gallery = run(app, &caller, req.param("id")).await?;
    Ok(Reply::ok(json!({"gallery": gallery.view(app.clock.now())})))
}

pub async fn run(app: &App, caller: &AccessClaims, id: &str) -> Result<Gallery, Error> {
    let mut gallery = model::reach_as_provider(app, id, caller).await?.gallery;
    if gallery.status == Status::Delivered {
        return Err(super::remove::delivered());
    }
    if gallery.ready_count == 0 {
        return Err(empty());
    }
    let project = projects::get(app, &gallery.project_id)
        .await?
        .ok_or_else(projects::not_found)?;
    let now = app.clock.now();
    let expires_at = now + KEEP_DAYS * 86_400;
    let mut ops = vec![
        TxOp::Update {
            key: gallery.key(),
            update: Update::default()
                .set("status", json!(Status::Delivered))
                .set("delivered_at", now)
                .set("expires_at", expires_at)
                .set("updated_at", now),
            condition: Some(Condition::And(vec![
                Condition::Equals("status".into(), json!(Status::Draft)),
                Condition::GreaterThan("ready_count".into(), 0),
            ])),
        },
        TxOp::Put {
            item: items::with_key(&keys::gallery_expiring(expires_at, id), json!({})),
            condition: None,
        },
    ];
    if matches!(
        project.status,
        ProjectStatus::Done | ProjectStatus::InProduction
    ) {
        let to = ProjectStatus::Delivered;
        ops.extend(
            project
                .change_ops(to, Actor::Provider, Some(gallery.name.clone()), now)
                .1,
        );
    }
    match app.table.transact(ops).await {
        Ok(()) => {
            gallery.status = Status::Delivered;
            gallery.delivered_at = Some(now);
            gallery.expires_at = Some(expires_at);
            Ok(gallery)
        }
        Err(StoreError::TransactionCancelled { failed }) if failed.first() == Some(&true) => {
            Err(Error::conflict(
                "gallery_changed",
                "this gallery changed meanwhile: reload it",
            ))
        }
        Err(StoreError::TransactionCancelled { .. }) => Err(crate::projects::change::stale()),
        Err(e) => Err(e.into()),
    }
}

fn empty() -> Error {
    Error::conflict(
        "gallery_empty",
        "deliver a gallery once one of its files is ready",
    )
}
