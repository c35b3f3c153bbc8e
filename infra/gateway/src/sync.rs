//! The scheduled jobs of the local gateway, on a timer every 15 minutes and on demand (local
//! extras, for tests and demos): the calendar sync (the `calendar-sync` function in AWS,
//! `POST /_calendar-sync`: it reads every imported calendar again) and the projects sweep
//! (the hourly `projects-sweep` function, `POST /_projects-sweep`: projects whose day is
//! past become done, clients of galleries expiring within a week are reminded); and every
//! minute the message digests that are due (`message-digests` in AWS, every five minutes;
//! `POST /_message-digests`).

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
    Router::new()
        .route("/_calendar-sync", axum::routing::post(now))
        .route("/_projects-sweep", axum::routing::post(sweep))
        .route("/_message-digests", axum::routing::post(digests))
}

/// Sends the message digests that are due now (`message-digests`, every five minutes in AWS).
async fn digests(State(gateway): State<Arc<Gateway>>) -> Response {
    match estrade::notifier::digest::sweep(&gateway.app).await {
        Ok(sent) => axum::Json(serde_json::json!({ "sent": sent })).into_response(),
        Err(error) => {
            tracing::error!(%error, "message digests failed");
            (StatusCode::INTERNAL_SERVER_ERROR, error.to_string()).into_response()
        }
    }
}

/// Sends the due message digests every minute, until the process ends.
pub async fn every_minute(gateway: Arc<Gateway>) {
    let mut timer = tokio::time::interval(Duration::from_secs(60));
    loop {
        timer.tick().await;
        if let Err(error) = estrade::notifier::digest::sweep(&gateway.app).await {
            tracing::warn!(%error, "message digests failed");
        }
    }
}

async fn sweep(State(gateway): State<Arc<Gateway>>) -> Response {
    let swept = async {
        let done = estrade::projects::sweep::run(&gateway.app).await?;
        let reminded = estrade::galleries::expiry::run(&gateway.app).await?;
        Ok::<_, estrade::error::Error>((done, reminded))
    };
    match swept.await {
        Ok((done, reminded)) => {
            axum::Json(serde_json::json!({ "done": done, "reminded": reminded })).into_response()
        }
        Err(error) => {
            tracing::error!(%error, "projects sweep failed");
            (StatusCode::INTERNAL_SERVER_ERROR, error.to_string()).into_response()
        }
    }
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

/// Runs both jobs every [`EVERY`], until the process ends.
pub async fn every_quarter_hour(gateway: Arc<Gateway>) {
    let mut timer = tokio::time::interval(EVERY);
    timer.tick().await;
    loop {
        timer.tick().await;
        if let Err(error) = estrade::calendar::imports::sync_all(&gateway.app).await {
            tracing::warn!(%error, "calendar sync failed");
        }
        if let Err(error) = estrade::projects::sweep::run(&gateway.app).await {
            tracing::warn!(%error, "projects sweep failed");
        }
        if let Err(error) = estrade::galleries::expiry::run(&gateway.app).await {
            tracing::warn!(%error, "gallery reminders failed");
        }
    }
}
