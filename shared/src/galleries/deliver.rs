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
    let caller = req.auth(app).await?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::galleries::{expiry, extend, show};
    use crate::projects::sweep;
    use crate::testing::{self, gallery, photo};

    #[tokio::test]
    async fn delivering_moves_a_done_project_and_the_gallery_expires_after_a_reminder() {
        let app = testing::app();
        let (provider, client, gallery) = gallery(&app).await;
        assert_eq!(
            run(&app, &provider, &gallery.id).await.unwrap_err().code,
            "gallery_empty"
        );
        photo(&app, &provider, &gallery.id, "a.jpg").await;
        app.advance(30 * 86_400);
        sweep::run(&app).await.unwrap();
        let delivered = run(&app, &provider, &gallery.id).await.unwrap();
        assert_eq!(delivered.status, Status::Delivered);
        assert_eq!(
            run(&app, &provider, &gallery.id).await.unwrap_err().code,
            "gallery_delivered"
        );
        let project = projects::get(&app, &gallery.project_id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(project.status, ProjectStatus::Delivered);
        assert!(show::run(&app, &client, &gallery.id, None).await.is_ok());
        // A week before it expires, the client is reminded once.
        app.advance((KEEP_DAYS - 8) * 86_400);
        assert_eq!(expiry::run(&app).await.unwrap(), 0);
        app.advance(2 * 86_400);
        assert_eq!(expiry::run(&app).await.unwrap(), 1);
        assert_eq!(expiry::run(&app).await.unwrap(), 0);
        let mail = app.sent.to("camille@example.fr").pop().unwrap();
        assert!(
            mail.subject
                .starts_with("Votre galerie «\u{a0}Photos finales\u{a0}» expire le"),
            "{}",
            mail.subject
        );
        // Then it is gone for the client (410), not for the provider, who extends it.
        app.advance(7 * 86_400);
        let gone = show::run(&app, &client, &gallery.id, None)
            .await
            .err()
            .unwrap();
        assert_eq!(
            (gone.kind, gone.code),
            (crate::error::Kind::Gone, "gallery_expired")
        );
        assert!(show::run(&app, &provider, &gallery.id, None).await.is_ok());
        let longer = extend::run(&app, &provider, &gallery.id, extend::Extend { days: 30 })
            .await
            .unwrap();
        assert!(longer.expires_at.unwrap() > app.clock.now() + 29 * 86_400);
        assert!(show::run(&app, &client, &gallery.id, None).await.is_ok());
        app.advance(24 * 86_400);
        assert_eq!(
            expiry::run(&app).await.unwrap(),
            1,
            "reminded again before the new date"
        );
    }
}
