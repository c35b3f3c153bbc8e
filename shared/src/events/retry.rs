//! Writes on one event are conditioned on the version they read (see
//! [`Event::unchanged`](super::model::Event::unchanged)); a write that loses to a
//! concurrent one reads again and decides again, a few times, then answers 503 `busy`.
//! So does a transaction DynamoDB cancels for touching an item another one is writing
//! (`TransactionConflict`, reported as [`StoreError::Unavailable`]).

use crate::error::Error;
use crate::ports::StoreError;
use crate::retry::Retry;

/// Events' budget of attempts (see [`crate::retry`]).
pub const RETRY: Retry = Retry::new(6, "the event is busy: please retry");

/// What to do after a transaction failed.
pub enum Outcome {
    /// Read again and retry.
    Retry,
    /// Answer this.
    Fail(Error),
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
