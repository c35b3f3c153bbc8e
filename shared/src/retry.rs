//! Lost races are retried a few times, then answered 503 `busy`.
//!
//! A write loses a race when a condition it relies on changed since it read, or when
//! DynamoDB cancels one of two transactions that touch the same item at the same
//! moment (`TransactionConflict`, which the adapter reports as
//! [`StoreError::Unavailable`](crate::ports::StoreError::Unavailable)). Each area
//! (messaging, events) sets its budget of attempts and names what is busy.

use crate::error::Error;
use std::ops::RangeInclusive;
use std::time::Duration;

pub struct Retry {
    attempts: usize,
    busy: &'static str,
}

impl Retry {
    pub const fn new(attempts: usize, busy: &'static str) -> Self {
        Retry { attempts, busy }
    }

    /// The attempt numbers, from 1.
    pub fn attempts(&self) -> RangeInclusive<usize> {
        1..=self.attempts
    }

    /// Waits before attempt `attempt + 1`: a random 5 to 20 ms per attempt made, so
    /// that writers racing for one item spread out. No wait after the last attempt.
    pub async fn pause(&self, attempt: usize) {
        if attempt >= self.attempts {
            return;
        }
        let millis = rand::random_range(5..=20) * attempt as u64;
        tokio::time::sleep(Duration::from_millis(millis)).await;
    }

    /// The answer once every attempt lost its race.
    pub fn busy(&self) -> Error {
        Error::busy(self.busy)
    }
}
