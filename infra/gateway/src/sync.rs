//! The scheduled jobs of the local gateway (`estrade::jobs`, which the Lambda schedules run
//! in AWS), on timers and on demand (local extras, for tests and demos):
//! - every 15 minutes, the calendar sync (`POST /_calendar-sync`: every imported calendar is
//!   read again) and the projects sweep (hourly in AWS; `POST /_projects-sweep`: projects whose
//!   day is past become done, clients of galleries expiring within a week are reminded);
//! - every minute, the message digests that are due (every five minutes in AWS;
//!   `POST /_message-digests`).

use crate::Gateway;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use estrade::error::Error;
use estrade::jobs;
use serde_json::Value;
use std::sync::Arc;
use std::time::Duration;

pub fn router() -> Router<Arc<Gateway>> {
    Router::new()
        .route("/_calendar-sync", axum::routing::post(calendar_sync))
        .route("/_projects-sweep", axum::routing::post(projects_sweep))
        .route("/_message-digests", axum::routing::post(message_digests))
}

async fn calendar_sync(State(gateway): State<Arc<Gateway>>) -> Response {
    answer(jobs::calendar_sync(&gateway.app).await, "calendar sync")
}

async fn projects_sweep(State(gateway): State<Arc<Gateway>>) -> Response {
    answer(jobs::projects_sweep(&gateway.app).await, "projects sweep")
}

async fn message_digests(State(gateway): State<Arc<Gateway>>) -> Response {
    answer(jobs::message_digests(&gateway.app).await, "message digests")
}

/// What a job did, as JSON, or 500 with its error (logged).
fn answer(done: Result<Value, Error>, what: &str) -> Response {
    match done {
        Ok(done) => axum::Json(done).into_response(),
        Err(error) => {
            tracing::error!(%error, "{what} failed");
            (StatusCode::INTERNAL_SERVER_ERROR, error.to_string()).into_response()
        }
    }
}

/// Runs the calendar sync and the projects sweep every 15 minutes, until the process ends.
pub async fn every_quarter_hour(gateway: Arc<Gateway>) {
    let mut timer = timer(Duration::from_secs(15 * 60)).await;
    loop {
        timer.tick().await;
        logged(jobs::calendar_sync(&gateway.app).await, "calendar sync");
        logged(jobs::projects_sweep(&gateway.app).await, "projects sweep");
    }
}

/// Sends the due message digests every minute, until the process ends.
pub async fn every_minute(gateway: Arc<Gateway>) {
    let mut timer = timer(Duration::from_secs(60)).await;
    loop {
        timer.tick().await;
        logged(jobs::message_digests(&gateway.app).await, "message digests");
    }
}

/// A timer whose next tick is one `period` from now.
async fn timer(period: Duration) -> tokio::time::Interval {
    let mut timer = tokio::time::interval(period);
    timer.tick().await;
    timer
}

fn logged(done: Result<Value, Error>, what: &str) {
    if let Err(error) = done {
        tracing::warn!(%error, "{what} failed");
    }
}
