//! Lost races are retried a few times, then answered 503 `busy`.
//!
//! A write loses a race when a condition it relies on changed since it read (mark
//! read), or when DynamoDB cancels one of two transactions that touch the same item at
//! the same moment (`TransactionConflict`, which the adapter reports as
//! [`StoreError::Unavailable`](crate::ports::StoreError::Unavailable)).

use crate::http::ApiError;
use std::time::Duration;

/// Attempts of one write before giving up.
pub const ATTEMPTS: usize = 8;

/// Waits before attempt `attempt + 1`: a random 5 to 20 ms per attempt made, so that
/// writers racing for one item spread out. No wait after the last attempt.
pub async fn pause(attempt: usize) {
    if attempt >= ATTEMPTS {
        return;
    }
    let millis = rand::random_range(5..=20) * attempt as u64;
    tokio::time::sleep(Duration::from_millis(millis)).await;
}

/// The answer once every attempt lost its race.
pub fn busy() -> ApiError {
    let mut error = ApiError::new(503, "busy", "the conversation is busy: please retry");
    error.retry_after = Some(1);
    error
}
