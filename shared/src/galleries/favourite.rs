//! The client marks or unmarks a favourite (function `gallery-favourite`):
//! `PUT /api/galleries/{id}/files/{file_id}/favourite` with `{favourite}` → `{file}`. The
//! favourites are the client's selection, which the provider sees (the photos to edit).
//!
//! One transaction: the file (on condition that it is ready and not already so) and the
//! gallery's count. Table calls: 2 GetItem + 1 TransactWriteItems.

use super::model::{self, File, FileStatus};
use crate::app::App;
use crate::auth::tokens::AccessClaims;
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use crate::ports::{Condition, StoreError, TxOp, Update};
use crate::projects::model::Actor;
use serde::Deserialize;
use serde_json::json;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mark {
    pub favourite: bool,
}

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let caller = req.auth(app).await?;
    let file = run(
        app,
        &caller,
        req.param("id"),
        req.param("file_id"),
        req.json()?,
    )
    .await?;
    Ok(Reply::ok(json!({"file": file.view(app).await?})))
}

pub async fn run(
    app: &App,
    caller: &AccessClaims,
    gallery_id: &str,
    file_id: &str,
    mark: Mark,
) -> Result<File, Error> {
    let reached = model::reach(app, gallery_id, caller).await?;
    if reached.side != Actor::Client {
        return Err(Error::forbidden("favourites are the client's selection"));
    }
    let mut file = model::file(app, gallery_id, file_id).await?;
    if file.status != FileStatus::Ready {
        return Err(Error::not_found("no such file"));
    }
    if file.favourite == mark.favourite {
        return Ok(file);
    }
    let ops = vec![
        TxOp::Update {
            key: file.key(),
            update: Update::default().set("favourite", mark.favourite),
            condition: Some(Condition::And(vec![
                Condition::Equals("status".into(), json!(FileStatus::Ready)),
                Condition::Equals("favourite".into(), json!(file.favourite)),
            ])),
        },
        TxOp::Update {
            key: reached.gallery.key(),
            update: Update::default().add("favourite_count", if mark.favourite { 1 } else { -1 }),
            condition: Some(Condition::Exists),
        },
    ];
    match app.table.transact(ops).await {
        Ok(()) => {
            file.favourite = mark.favourite;
            Ok(file)
        }
        // Marked meanwhile (another tab): it is as asked.
        Err(StoreError::TransactionCancelled { .. }) => model::file(app, gallery_id, file_id).await,
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::galleries::deliver;
    use crate::testing::{self, gallery, photo};

    #[tokio::test]
    async fn the_client_marks_favourites_that_the_provider_sees_counted() {
        let app = testing::app();
        let (provider, client, gallery) = gallery(&app).await;
        let a = photo(&app, &provider, &gallery.id, "a.jpg").await;
        let early = run(&app, &client, &gallery.id, &a.id, Mark { favourite: true }).await;
        assert_eq!(
            early.unwrap_err().kind,
            crate::error::Kind::NotFound,
            "not delivered yet"
        );
        deliver::run(&app, &provider, &gallery.id).await.unwrap();
        let by_provider = run(
            &app,
            &provider,
            &gallery.id,
            &a.id,
            Mark { favourite: true },
        )
        .await;
        assert_eq!(by_provider.unwrap_err().kind, crate::error::Kind::Forbidden);
        for _ in 0..2 {
            let marked = run(&app, &client, &gallery.id, &a.id, Mark { favourite: true })
                .await
                .unwrap();
            assert!(marked.favourite);
        }
        let counted = model::get(&app, &gallery.id).await.unwrap().unwrap();
        assert_eq!(counted.favourite_count, 1, "marked twice, counted once");
        run(&app, &client, &gallery.id, &a.id, Mark { favourite: false })
            .await
            .unwrap();
        let counted = model::get(&app, &gallery.id).await.unwrap().unwrap();
        assert_eq!(counted.favourite_count, 0);
    }
}
