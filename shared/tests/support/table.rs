//! Table stores that wrap the platform's for a test: one counts the conditional failures
//! the store behind it returns (a condition that did not hold, a cancelled transaction),
//! which calls that really raced for one item make and the same calls made one after the
//! other do not; one gives transactions a round trip's latency.

use async_trait::async_trait;
use estrade::ports::StoreError;
use estrade::ports::table::{Condition, Item, Key, Page, Query, TableStore, TxOp, Update};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

#[derive(Default)]
pub struct ConditionalFailures {
    conditions: AtomicUsize,
    transactions: AtomicUsize,
}

impl ConditionalFailures {
    /// Single-item writes refused by their condition (`StoreError::ConditionFailed`).
    pub fn conditions(&self) -> usize {
        self.conditions.load(Ordering::SeqCst)
    }

    /// Transactions cancelled (`StoreError::TransactionCancelled`).
    pub fn transactions(&self) -> usize {
        self.transactions.load(Ordering::SeqCst)
    }

    fn seen<T>(&self, result: &Result<T, StoreError>) {
        match result {
            Err(StoreError::ConditionFailed) => {
                self.conditions.fetch_add(1, Ordering::SeqCst);
            }
            Err(StoreError::TransactionCancelled { .. }) => {
                self.transactions.fetch_add(1, Ordering::SeqCst);
            }
            _ => {}
        }
    }
}

pub struct CountingTable {
    pub inner: Arc<dyn TableStore>,
    pub failures: Arc<ConditionalFailures>,
}

#[async_trait]
impl TableStore for CountingTable {
    async fn get(&self, key: &Key) -> Result<Option<Item>, StoreError> {
        self.inner.get(key).await
    }

    async fn put(&self, item: Item, condition: Option<Condition>) -> Result<(), StoreError> {
        let result = self.inner.put(item, condition).await;
        self.failures.seen(&result);
        result
    }

    async fn update(
        &self,
        key: &Key,
        update: Update,
        condition: Option<Condition>,
    ) -> Result<Item, StoreError> {
        let result = self.inner.update(key, update, condition).await;
        self.failures.seen(&result);
        result
    }

    async fn delete(&self, key: &Key, condition: Option<Condition>) -> Result<(), StoreError> {
        let result = self.inner.delete(key, condition).await;
        self.failures.seen(&result);
        result
    }

    async fn query(&self, query: Query) -> Result<Page, StoreError> {
        self.inner.query(query).await
    }

    async fn transact(&self, ops: Vec<TxOp>) -> Result<(), StoreError> {
        let result = self.inner.transact(ops).await;
        self.failures.seen(&result);
        result
    }
}

/// Transactions wait `latency` before they reach the store behind, as a DynamoDB call
/// travels: calls that run at once overlap between what they read and what they write,
/// rather than each one finishing before the next reads (the embedded store answers in
/// microseconds).
pub struct SlowTransactions {
    pub inner: Arc<dyn TableStore>,
    pub latency: Duration,
}

#[async_trait]
impl TableStore for SlowTransactions {
    async fn get(&self, key: &Key) -> Result<Option<Item>, StoreError> {
        self.inner.get(key).await
    }

    async fn put(&self, item: Item, condition: Option<Condition>) -> Result<(), StoreError> {
        self.inner.put(item, condition).await
    }

    async fn update(
        &self,
        key: &Key,
        update: Update,
        condition: Option<Condition>,
    ) -> Result<Item, StoreError> {
        self.inner.update(key, update, condition).await
    }

    async fn delete(&self, key: &Key, condition: Option<Condition>) -> Result<(), StoreError> {
        self.inner.delete(key, condition).await
    }

    async fn query(&self, query: Query) -> Result<Page, StoreError> {
        self.inner.query(query).await
    }

    async fn transact(&self, ops: Vec<TxOp>) -> Result<(), StoreError> {
        tokio::time::sleep(self.latency).await;
        self.inner.transact(ops).await
    }
}
