//! The provider extends a delivered gallery (function `gallery-deliver`):
//! `POST /api/galleries/{id}/extend` with `{days}` (1 to 365) → `{gallery}`: it expires
//! `days` after its current expiry (or after now, once expired), and its client is
//! reminded again a week before.
//!
//! One transaction: the gallery's expiry (on condition that it is the one read), the old
//! reminder entry out and the new one in. Table calls: 1 GetItem + 1 TransactWriteItems.

use super::model::{self, Gallery, Status};
use crate::app::App;
use crate::auth::tokens::AccessClaims;
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use crate::items;
use crate::keys;
use crate::ports::{Condition, StoreError, TxOp, Update};
use serde::Deserialize;
use serde_json::json;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Extend {
    pub days: i64,
}

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let caller = req.auth(app).await?;
    let gallery = run(app, &caller, req.param("id"), req.json()?).await?;
    Ok(Reply::ok(json!({"gallery": gallery.view(app.clock.now())})))
}

pub async fn run(
    app: &App,
    caller: &AccessClaims,
    id: &str,
    input: Extend,
) -> Result<Gallery, Error> {
    if !(1..=365).contains(&input.days) {
        return Err(Error::invalid_field("days", "1 to 365"));
    }
    let mut gallery = model::reach_as_provider(app, id, caller).await?.gallery;
    let (Status::Delivered, Some(before)) = (gallery.status, gallery.expires_at) else {
        return Err(Error::conflict(
            "gallery_not_delivered",
            "deliver the gallery first",
        ));
    };
    let now = app.clock.now();
    let after = before.max(now) + input.days * 86_400;
    let ops = vec![
        TxOp::Update {
            key: gallery.key(),
            update: Update::default()
                .set("expires_at", after)
                .set("updated_at", now),
            condition: Some(Condition::Equals("expires_at".into(), json!(before))),
        },
        TxOp::Delete {
            key: keys::gallery_expiring(before, id),
            condition: None,
        },
        TxOp::Put {
            item: items::with_key(&keys::gallery_expiring(after, id), json!({})),
            condition: None,
        },
    ];
    match app.table.transact(ops).await {
        Ok(()) => {
            gallery.expires_at = Some(after);
            Ok(gallery)
        }
        Err(StoreError::TransactionCancelled { .. }) => Err(Error::conflict(
            "gallery_changed",
            "this gallery changed meanwhile: reload it",
        )),
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{self, gallery};

    #[tokio::test]
    async fn only_a_delivered_gallery_is_extended_and_by_a_sensible_length() {
        let app = testing::app();
        let (provider, _, gallery) = gallery(&app).await;
        let draft = run(&app, &provider, &gallery.id, Extend { days: 10 })
            .await
            .unwrap_err();
        assert_eq!(draft.code, "gallery_not_delivered");
        let zero = run(&app, &provider, &gallery.id, Extend { days: 0 })
            .await
            .unwrap_err();
        assert_eq!(zero.code, "invalid_field");
    }
}
