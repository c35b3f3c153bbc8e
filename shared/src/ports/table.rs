//! The table-store port: DynamoDB semantics over one table.
//!
//! Items are JSON objects (`serde_json::Map`). Every item has a string partition key
//! `pk` and a string sort key `sk`; items that appear in a global secondary index carry
//! `gsi1pk`/`gsi1sk` (index [`Index::Gsi1`]). An item with a numeric `ttl` attribute
//! (epoch seconds) in the past is expired: every operation treats it as absent, as
//! DynamoDB would once its TTL sweeper has run.
//!
//! Conditions are evaluated atomically with the write they guard; transactions apply
//! all their operations or none.

use async_trait::async_trait;
use serde_json::{Map, Value};

/// One item: attribute name to value (strings, numbers, booleans, lists, maps, null).
pub type Item = Map<String, Value>;

pub const PK: &str = "pk";
pub const SK: &str = "sk";
pub const GSI1PK: &str = "gsi1pk";
pub const GSI1SK: &str = "gsi1sk";
pub const TTL: &str = "ttl";

/// Primary key of an item.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Key {
    pub pk: String,
    pub sk: String,
}

impl Key {
    pub fn new(pk: impl Into<String>, sk: impl Into<String>) -> Self {
        Key {
            pk: pk.into(),
            sk: sk.into(),
        }
    }
}

/// Which key schema a query reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Index {
    Table,
    /// Global secondary index on `gsi1pk` / `gsi1sk` (projection: all attributes).
    Gsi1,
}

/// A condition on the current state of one item (absent or expired counts as absent).
#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    /// The item exists.
    Exists,
    /// The item does not exist (or has expired).
    NotExists,
    /// The item exists and the attribute equals the value.
    Equals(String, Value),
    /// The item exists and has no such attribute.
    Lacks(String),
    /// The item exists and the numeric attribute is lower than the number.
    LessThan(String, i64),
    /// The item exists and the numeric attribute is greater than the number.
    GreaterThan(String, i64),
    /// All conditions hold.
    And(Vec<Condition>),
    /// At least one condition holds (none given: false).
    Or(Vec<Condition>),
}

/// An update applied atomically to one item; creates the item when absent
/// (as DynamoDB's UpdateItem does, unless a condition says otherwise).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Update {
    /// Attributes to set.
    pub set: Vec<(String, Value)>,
    /// Numeric attributes to add to (a missing attribute counts as 0).
    pub add: Vec<(String, i64)>,
    /// Attributes to remove.
    pub remove: Vec<String>,
}

impl Update {
    pub fn set(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.set.push((name.into(), value.into()));
        self
    }
    pub fn add(mut self, name: impl Into<String>, by: i64) -> Self {
        self.add.push((name.into(), by));
        self
    }
    pub fn remove(mut self, name: impl Into<String>) -> Self {
        self.remove.push(name.into());
        self
    }
}

/// Sort-key part of a query.
#[derive(Debug, Clone, PartialEq)]
pub enum SortKey {
    Any,
    Equals(String),
    BeginsWith(String),
    /// Inclusive on both ends.
    Between(String, String),
    GreaterThan(String),
    LessThan(String),
}

/// An opaque pagination cursor (base64url of the last evaluated key).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor(pub String);

#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    pub index: Index,
    /// Value of the partition key of the chosen index.
    pub pk: String,
    pub sort: SortKey,
    /// Ascending sort-key order when true.
    pub forward: bool,
    /// At most this many items in the page (1..=1000).
    pub limit: usize,
    pub cursor: Option<Cursor>,
}

impl Query {
    /// All items of a partition of the table, ascending, first page of 100.
    pub fn partition(pk: impl Into<String>) -> Self {
        Query {
            index: Index::Table,
            pk: pk.into(),
            sort: SortKey::Any,
            forward: true,
            limit: 100,
            cursor: None,
        }
    }
    pub fn on(mut self, index: Index) -> Self {
        self.index = index;
        self
    }
    pub fn sort(mut self, sort: SortKey) -> Self {
        self.sort = sort;
        self
    }
    pub fn backward(mut self) -> Self {
        self.forward = false;
        self
    }
    pub fn limit(mut self, limit: usize) -> Self {
        self.limit = limit;
        self
    }
    pub fn after(mut self, cursor: Option<Cursor>) -> Self {
        self.cursor = cursor;
        self
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub items: Vec<Item>,
    /// Present when more items may follow.
    pub next: Option<Cursor>,
}

/// One operation of a transaction.
#[derive(Debug, Clone, PartialEq)]
pub enum TxOp {
    Put {
        item: Item,
        condition: Option<Condition>,
    },
    Update {
        key: Key,
        update: Update,
        condition: Option<Condition>,
    },
    Delete {
        key: Key,
        condition: Option<Condition>,
    },
    Check {
        key: Key,
        condition: Condition,
    },
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The condition of a single-item write did not hold; nothing was written.
    #[error("condition failed")]
    ConditionFailed,
    /// A transaction was cancelled; `failed[i]` is true for each operation whose
    /// condition did not hold. Nothing was written.
    #[error("transaction cancelled")]
    TransactionCancelled { failed: Vec<bool> },
    /// The cursor was not produced by this store for this query.
    #[error("invalid cursor")]
    InvalidCursor,
    /// The request itself is invalid (missing key, bad item, too many operations...).
    #[error("invalid request: {0}")]
    Invalid(String),
    /// The backend failed (network, disk...).
    #[error("store unavailable: {0}")]
    Unavailable(String),
}

#[async_trait]
pub trait TableStore: Send + Sync {
    /// Strongly consistent read of one item.
    async fn get(&self, key: &Key) -> Result<Option<Item>, StoreError>;
    /// Writes a whole item (it must hold `pk` and `sk`), replacing any previous one.
    async fn put(&self, item: Item, condition: Option<Condition>) -> Result<(), StoreError>;
    /// Applies an update and returns the item as it is afterwards.
    async fn update(
        &self,
        key: &Key,
        update: Update,
        condition: Option<Condition>,
    ) -> Result<Item, StoreError>;
    /// Deletes an item; deleting an absent item is not an error (unless a condition says so).
    async fn delete(&self, key: &Key, condition: Option<Condition>) -> Result<(), StoreError>;
    /// Reads one page of a partition, in sort-key order.
    async fn query(&self, query: Query) -> Result<Page, StoreError>;
    /// Applies up to 100 operations on distinct items atomically.
    async fn transact(&self, ops: Vec<TxOp>) -> Result<(), StoreError>;

    /// Every item `query` reads, page after page (each of its `limit`), up to `cap` items.
    async fn query_all(&self, query: Query, cap: usize) -> Result<Vec<Item>, StoreError> {
        let mut items = Vec::new();
        let mut cursor = query.cursor.clone();
        loop {
            let page = self.query(query.clone().after(cursor)).await?;
            items.extend(page.items);
            cursor = page.next;
            if cursor.is_none() || items.len() >= cap {
                items.truncate(cap);
                return Ok(items);
            }
        }
    }
}
