//! Writes on one event are conditioned on the version they read (see
//! [`Event::unchanged`](super::model::Event::unchanged)); a write that loses to a
//! concurrent one reads again and decides again, a few times, then answers 503 `busy`.
//! So does a transaction DynamoDB cancels for touching an item another one is writing
//! (`TransactionConflict`, reported as [`StoreError::Unavailable`]).

use crate::http::ApiError;
use crate::ports::StoreError;
use std::time::Duration;

/// Attempts of one use case before giving up.
pub const ATTEMPTS: usize = 6;

/// What to do after a transaction failed.
pub enum Outcome {
    /// Read again and retry.
    Retry,
    /// Answer this.
    Fail(ApiError),
}

/// The outcome of a failed transaction whose cancellation `explain` does not account
/// for: a lost race (retry) or a store error.
pub fn after(error: StoreError, attempt: usize) -> Outcome {
    match error {
        StoreError::TransactionCancelled { .. } => Outcome::Retry,
        StoreError::Unavailable(cause) => {
            tracing::warn!(%cause, attempt, "event write retried");
            Outcome::Retry
        }
        other => Outcome::Fail(other.into()),
    }
}

/// Waits a random 5 to 20 ms per attempt made (writers racing for one event spread
/// out); no wait after the last attempt.
pub async fn pause(attempt: usize) {
    if attempt >= ATTEMPTS {
        return;
    }
    let millis = rand::random_range(5..=20) * attempt as u64;
    tokio::time::sleep(Duration::from_millis(millis)).await;
}

/// The answer once every attempt lost its race.
pub fn busy() -> ApiError {
    let mut error = ApiError::new(503, "busy", "the event is busy: please retry");
    error.retry_after = Some(1);
    error
}
