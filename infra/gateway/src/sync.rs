//! The calendar sync of the local gateway: what the `calendar-sync` function does in AWS
//! every 15 minutes, on a timer here too, and on demand at `POST /_calendar-sync` (a local
//! extra, for tests and demos): it reads every imported calendar again.

use crate::Gateway;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;
use std::time::Duration;

/// How often the timer syncs.
const EVERY: Duration = Duration::from_secs(15 * 60);

pub fn router() -> Router<Arc<Gateway>> {
    Router::new().route("/_calendar-sync", axum::routing::post(now))
}

async fn now(State(gateway): State<Arc<Gateway>>) -> Response {
    match estrade::calendar::imports::sync_all(&gateway.app).await {
        Ok(synced) => axum::Json(serde_json::json!({ "synced": synced })).into_response(),
        Err(error) => {
            tracing::error!(%error, "calendar sync failed");
            (StatusCode::INTERNAL_SERVER_ERROR, error.to_string()).into_response()
        }
    }
}

/// Syncs every [`EVERY`], until the process ends.
pub async fn every_quarter_hour(gateway: Arc<Gateway>) {
    let mut timer = tokio::time::interval(EVERY);
    timer.tick().await;
    loop {
        timer.tick().await;
        if let Err(error) = estrade::calendar::imports::sync_all(&gateway.app).await {
            tracing::warn!(%error, "calendar sync failed");
        }
    }
}
