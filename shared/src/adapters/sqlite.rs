//! Embedded table store: the [`TableStore`] port on one SQLite database, with
//! DynamoDB's semantics (the contract suite in `shared/tests/contracts/table_contract.rs`
//! runs the same assertions here and against the DynamoDB adapter).
//!
//! Mapping:
//! - one row per item: `items(pk, sk, gsi1pk, gsi1sk, ttl, data)`, where `data` is
//!   the whole item as JSON and the other columns copy the key and TTL attributes
//!   so that SQL can select, sort and filter on them. `gsi1pk`/`gsi1sk` are set
//!   only when the item carries both (a sparse index, like a GSI); `ttl` holds the
//!   numeric `ttl` attribute (NULL when absent or not a number).
//! - every write, single or transactional, is one `BEGIN IMMEDIATE` transaction
//!   that reads the current items, evaluates the conditions in Rust and writes:
//!   the writer lock makes condition and write atomic, and a transaction applies
//!   all of its operations or none.
//! - expired rows (`ttl < now`) are invisible to reads and conditions; a write
//!   over one replaces or deletes it, and [`SqliteTable::purge_expired`] drops
//!   the rest (run at open; long-lived processes may call it periodically).
//! - strings compare by their UTF-8 bytes (SQLite's BINARY collation), as
//!   DynamoDB sorts them.
//! - change log (the local DynamoDB stream): each write that changes an item
//!   appends `(old, new)` to `changes` inside its own SQL transaction, so a change
//!   is logged if and only if it is applied. `seq` is AUTOINCREMENT: it never goes
//!   back, even once every entry is pruned. The old image is the live item (an
//!   expired one counts as absent); purging expired items is not logged. A watch
//!   channel ([`SqliteTable::watch_changes`]) is signalled after each commit of
//!   this process; writes of other processes are seen on the consumer's next poll.

use std::collections::HashSet;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use rusqlite::types::Value as Sql;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params, params_from_iter};
use serde_json::{Map, Value};
use tokio::sync::watch;

use super::shared::{encode_cursor, now, page_start};

use crate::ports::changes::Change;
use crate::ports::table::{
    Condition, GSI1PK, GSI1SK, Index, Item, Key, PK, Page, Query, SK, SortKey, StoreError, TTL,
    TableStore, TxOp, Update,
};

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS items (
    pk TEXT NOT NULL,
    sk TEXT NOT NULL,
    gsi1pk TEXT,
    gsi1sk TEXT,
    ttl INTEGER,
    data TEXT NOT NULL,
    PRIMARY KEY (pk, sk)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS items_gsi1 ON items (gsi1pk, gsi1sk, pk, sk) WHERE gsi1pk IS NOT NULL;
CREATE INDEX IF NOT EXISTS items_ttl ON items (ttl) WHERE ttl IS NOT NULL;
CREATE TABLE IF NOT EXISTS changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    old TEXT,
    new TEXT
);
";

/// DynamoDB's limit on the operations of one transaction.
const MAX_TX_OPS: usize = 100;

/// The table store on a SQLite database (a durable file, or memory for tests).
#[derive(Clone)]
pub struct SqliteTable {
    conn: Arc<Mutex<Connection>>,
    /// Signalled after each committed write.
    committed: Arc<watch::Sender<()>>,
}

impl SqliteTable {
    /// Opens (or creates) the database file, in WAL mode, and drops expired items.
    pub fn open(path: impl AsRef<Path>) -> Result<Self, StoreError> {
        let conn = Connection::open(path).map_err(db)?;
        conn.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get::<_, String>(0))
            .map_err(db)?;
        // Another process (a seeding tool) may hold the writer lock for a moment.
        conn.busy_timeout(Duration::from_secs(5)).map_err(db)?;
        let table = Self::init(conn)?;
        purge(&table.conn.lock().unwrap_or_else(|e| e.into_inner()), now())?;
        Ok(table)
    }

    /// A private in-memory database, gone when the store is dropped.
    pub fn in_memory() -> Result<Self, StoreError> {
        Self::init(Connection::open_in_memory().map_err(db)?)
    }

    fn init(conn: Connection) -> Result<Self, StoreError> {
        conn.execute_batch(SCHEMA).map_err(db)?;
        Ok(SqliteTable {
            conn: Arc::new(Mutex::new(conn)),
            committed: Arc::new(watch::Sender::new(())),
        })
    }

    /// A receiver that is marked changed after each committed write of this
    /// process (`changed().await` wakes a consumer of [`Self::changes_after`]).
    pub fn watch_changes(&self) -> watch::Receiver<()> {
        self.committed.subscribe()
    }

    /// Up to `limit` logged changes with a sequence number above `seq`, oldest first.
    pub async fn changes_after(
        &self,
        seq: i64,
        limit: usize,
    ) -> Result<Vec<(i64, Change)>, StoreError> {
        self.run(move |conn| {
            let mut statement = conn
                .prepare("SELECT seq, old, new FROM changes WHERE seq > ?1 ORDER BY seq LIMIT ?2")
                .map_err(db)?;
            let rows = statement.query_map(params![seq, limit as i64], |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, Option<String>>(1)?,
                    row.get::<_, Option<String>>(2)?,
                ))
            });
            rows.map_err(db)?
                .map(|row| {
                    let (seq, old, new) = row.map_err(db)?;
                    let image = |data: Option<String>| data.as_deref().map(parse).transpose();
                    Ok((
                        seq,
                        Change {
                            old: image(old)?,
                            new: image(new)?,
                        },
                    ))
                })
                .collect()
        })
        .await
    }

    /// Forgets the logged changes up to and including `seq` (once consumed).
    pub async fn prune_changes_through(&self, seq: i64) -> Result<usize, StoreError> {
        self.run(move |conn| {
            conn.execute("DELETE FROM changes WHERE seq <= ?1", [seq])
                .map_err(db)
        })
        .await
    }

    /// Deletes the expired items; returns how many.
    pub async fn purge_expired(&self) -> Result<usize, StoreError> {
        self.run(|conn| purge(conn, now())).await
    }

    /// Runs blocking database work off the async runtime.
    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Connection) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        let conn = self.conn.clone();
        tokio::task::spawn_blocking(move || {
            // A panic inside a transaction rolled it back: the connection is usable.
            let mut conn = conn.lock().unwrap_or_else(|e| e.into_inner());
            work(&mut conn)
        })
        .await
        .map_err(|e| StoreError::Unavailable(e.to_string()))?
    }

    /// Applies the operations in one transaction, then wakes the change watchers.
    async fn commit(&self, ops: Vec<TxOp>) -> Result<Vec<Option<Item>>, StoreError> {
        let after = self.run(move |conn| apply(conn, ops, now())).await?;
        self.committed.send_replace(());
        Ok(after)
    }

    /// Applies one write as a one-operation transaction; a failed condition is
    /// reported as [`StoreError::ConditionFailed`]. Returns the item afterwards.
    async fn write(&self, op: TxOp) -> Result<Option<Item>, StoreError> {
        match self.commit(vec![op]).await {
            Ok(mut after) => Ok(after.pop().flatten()),
            Err(StoreError::TransactionCancelled { .. }) => Err(StoreError::ConditionFailed),
            Err(e) => Err(e),
        }
    }
}

#[async_trait]
impl TableStore for SqliteTable {
    async fn get(&self, key: &Key) -> Result<Option<Item>, StoreError> {
        let key = key.clone();
        self.run(move |conn| load(conn, &key, now())).await
    }

    async fn put(&self, item: Item, condition: Option<Condition>) -> Result<(), StoreError> {
        self.write(TxOp::Put { item, condition }).await.map(drop)
    }

    async fn update(
        &self,
        key: &Key,
        update: Update,
        condition: Option<Condition>,
    ) -> Result<Item, StoreError> {
        let op = TxOp::Update {
            key: key.clone(),
            update,
            condition,
        };
        let after = self.write(op).await?;
        after.ok_or_else(|| StoreError::Unavailable("update wrote no item".into()))
    }

    async fn delete(&self, key: &Key, condition: Option<Condition>) -> Result<(), StoreError> {
        self.write(TxOp::Delete {
            key: key.clone(),
            condition,
        })
        .await
        .map(drop)
    }

    async fn query(&self, query: Query) -> Result<Page, StoreError> {
        let start = page_start(&query)?;
        self.run(move |conn| select(conn, &query, start, now()))
            .await
    }

    async fn transact(&self, ops: Vec<TxOp>) -> Result<(), StoreError> {
        if ops.is_empty() {
            return Ok(());
        }
        self.commit(ops).await.map(drop)
    }
}

fn db(err: rusqlite::Error) -> StoreError {
    StoreError::Unavailable(err.to_string())
}

fn invalid(message: impl Into<String>) -> StoreError {
    StoreError::Invalid(message.into())
}

fn purge(conn: &Connection, now: i64) -> Result<usize, StoreError> {
    conn.execute("DELETE FROM items WHERE ttl < ?1", [now])
        .map_err(db)
}

/// The live item under `key`, if any.
fn load(conn: &Connection, key: &Key, now: i64) -> Result<Option<Item>, StoreError> {
    let data: Option<String> = conn
        .query_row(
            "SELECT data FROM items WHERE pk = ?1 AND sk = ?2 AND (ttl IS NULL OR ttl >= ?3)",
            params![key.pk, key.sk, now],
            |row| row.get(0),
        )
        .optional()
        .map_err(db)?;
    data.map(|data| parse(&data)).transpose()
}

fn parse(data: &str) -> Result<Item, StoreError> {
    serde_json::from_str(data).map_err(|e| StoreError::Unavailable(format!("corrupt item: {e}")))
}

/// Runs the operations in one IMMEDIATE transaction: all conditions are checked
/// against the state before the transaction (the keys are distinct, so this is the
/// same as checking them in order), then all writes happen, each logged in
/// `changes` when it changes its item. Returns each operation's item afterwards
/// (`None` for deletes and checks).
fn apply(conn: &mut Connection, ops: Vec<TxOp>, now: i64) -> Result<Vec<Option<Item>>, StoreError> {
    if ops.len() > MAX_TX_OPS {
        return Err(invalid(format!(
            "a transaction holds at most {MAX_TX_OPS} operations"
        )));
    }
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(db)?;
    let mut seen = HashSet::new();
    let mut failed = vec![false; ops.len()];
    let mut writes = Vec::with_capacity(ops.len());
    for (i, op) in ops.into_iter().enumerate() {
        let (key, condition) = match &op {
            TxOp::Put { item, condition } => (item_key(item)?, condition.as_ref()),
            TxOp::Update { key, condition, .. } | TxOp::Delete { key, condition } => {
                (key.clone(), condition.as_ref())
            }
            TxOp::Check { key, condition } => (key.clone(), Some(condition)),
        };
        if !seen.insert(key.clone()) {
            return Err(invalid(
                "a transaction cannot hold two operations on one item",
            ));
        }
        let current = load(&tx, &key, now)?;
        failed[i] = condition.is_some_and(|c| !holds(c, current.as_ref()));
        let write = match op {
            TxOp::Put { item, .. } => Write::Put(item),
            TxOp::Update { update, .. } => Write::Put(updated(&key, current.clone(), update)?),
            TxOp::Delete { .. } => Write::Delete(key),
            TxOp::Check { .. } => Write::Nothing,
        };
        writes.push((write, current));
    }
    if failed.contains(&true) {
        return Err(StoreError::TransactionCancelled { failed });
    }
    let results = writes
        .into_iter()
        .map(|(write, old)| {
            let new = match write {
                Write::Put(item) => store(&tx, &item).map(|()| Some(item))?,
                Write::Delete(key) => tx
                    .execute(
                        "DELETE FROM items WHERE pk = ?1 AND sk = ?2",
                        params![key.pk, key.sk],
                    )
                    .map(|_| None)
                    .map_err(db)?,
                Write::Nothing => return Ok(None),
            };
            log_change(&tx, old.as_ref(), new.as_ref())?;
            Ok(new)
        })
        .collect::<Result<_, _>>()?;
    tx.commit().map_err(db)?;
    Ok(results)
}

/// Appends the change of one item to the log, unless the write left it as it was.
fn log_change(conn: &Connection, old: Option<&Item>, new: Option<&Item>) -> Result<(), StoreError> {
    if old == new {
        return Ok(());
    }
    let image = |item: Option<&Item>| {
        item.map(serde_json::to_string)
            .transpose()
            .map_err(|e| invalid(e.to_string()))
    };
    conn.execute(
        "INSERT INTO changes (old, new) VALUES (?1, ?2)",
        params![image(old)?, image(new)?],
    )
    .map_err(db)?;
    Ok(())
}

/// What a transaction does to one item once all of its conditions hold.
enum Write {
    Put(Item),
    Delete(Key),
    Nothing,
}

/// Writes the item (replacing any row under its key, expired or not).
fn store(conn: &Connection, item: &Item) -> Result<(), StoreError> {
    let key = item_key(item)?;
    let gsi1 = |name| item.get(name).map(|v| key_string(name, v)).transpose();
    // DynamoDB indexes an item only when it holds both index key attributes.
    let (gsi1pk, gsi1sk) = match (gsi1(GSI1PK)?, gsi1(GSI1SK)?) {
        (Some(pk), Some(sk)) => (Some(pk), Some(sk)),
        _ => (None, None),
    };
    let ttl = item.get(TTL).and_then(Value::as_f64);
    let data = serde_json::to_string(item).map_err(|e| invalid(e.to_string()))?;
    conn.execute(
        "INSERT OR REPLACE INTO items (pk, sk, gsi1pk, gsi1sk, ttl, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![key.pk, key.sk, gsi1pk, gsi1sk, ttl, data],
    )
    .map_err(db)?;
    Ok(())
}

/// The primary key of an item; as in DynamoDB, key attributes are non-empty strings.
fn item_key(item: &Item) -> Result<Key, StoreError> {
    let attr = |name| {
        let value = item
            .get(name)
            .ok_or_else(|| invalid(format!("missing the key {name}")))?;
        key_string(name, value)
    };
    Ok(Key::new(attr(PK)?, attr(SK)?))
}

fn key_string(name: &str, value: &Value) -> Result<String, StoreError> {
    match value {
        Value::String(s) if !s.is_empty() => Ok(s.clone()),
        _ => Err(invalid(format!(
            "key attribute {name} must be a non-empty string"
        ))),
    }
}

/// Evaluates a condition on the live item (`None`: absent or expired).
fn holds(condition: &Condition, item: Option<&Item>) -> bool {
    match condition {
        Condition::Exists => item.is_some(),
        Condition::NotExists => item.is_none(),
        Condition::Equals(name, value) => item
            .and_then(|i| i.get(name))
            .is_some_and(|v| same(v, value)),
        Condition::Lacks(name) => item.is_some_and(|i| !i.contains_key(name)),
        Condition::LessThan(name, bound) => item
            .and_then(|i| i.get(name))
            .is_some_and(|v| below(v, *bound)),
        Condition::GreaterThan(name, bound) => item
            .and_then(|i| i.get(name))
            .is_some_and(|v| above(v, *bound)),
        Condition::And(all) => all.iter().all(|c| holds(c, item)),
        Condition::Or(any) => any.iter().any(|c| holds(c, item)),
    }
}

/// Whether the value is a number lower than the bound.
fn below(value: &Value, bound: i64) -> bool {
    match value.as_i64() {
        Some(n) => n < bound,
        None => value.as_f64().is_some_and(|n| n < bound as f64),
    }
}

/// Whether the value is a number greater than the bound.
fn above(value: &Value, bound: i64) -> bool {
    match value.as_i64() {
        Some(n) => n > bound,
        None => value.as_f64().is_some_and(|n| n > bound as f64),
    }
}

/// Equality as DynamoDB sees it: numbers by value (`1` equals `1.0`).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(x), Some(y)) => x == y,
            _ => x.as_f64() == y.as_f64(),
        },
        _ => a == b,
    }
}

/// The item after an update, as DynamoDB's UpdateItem computes it: an absent item
/// starts from its key; `add` treats a missing attribute as 0.
fn updated(key: &Key, current: Option<Item>, update: Update) -> Result<Item, StoreError> {
    let Update { set, add, remove } = update;
    let names = set
        .iter()
        .map(|(n, _)| n)
        .chain(add.iter().map(|(n, _)| n))
        .chain(&remove);
    let mut seen = HashSet::new();
    for name in names {
        if name == PK || name == SK {
            return Err(invalid(format!(
                "cannot update attribute {name}: it is part of the key"
            )));
        }
        if !seen.insert(name) {
            return Err(invalid(format!(
                "attribute {name} appears twice in the update"
            )));
        }
    }
    if seen.is_empty() {
        return Err(invalid("an update must set, add or remove an attribute"));
    }
    let mut item = current.unwrap_or_else(|| {
        Map::from_iter([
            (PK.into(), key.pk.clone().into()),
            (SK.into(), key.sk.clone().into()),
        ])
    });
    for (name, value) in set {
        item.insert(name, value);
    }
    for (name, by) in add {
        let sum = match item.get(&name) {
            None => Value::from(by),
            Some(Value::Number(n)) => match n.as_i64() {
                Some(n) => n
                    .checked_add(by)
                    .map(Value::from)
                    .ok_or_else(|| invalid("overflow"))?,
                None => Value::from(n.as_f64().unwrap_or_default() + by as f64),
            },
            Some(_) => {
                return Err(invalid(format!(
                    "cannot add to non-numeric attribute {name}"
                )));
            }
        };
        item.insert(name, sum);
    }
    for name in remove {
        item.remove(&name);
    }
    Ok(item)
}

/// Reads one page: the live items of the partition in (index sort key, table key)
/// order, one row more than the limit to know whether a next page exists.
fn select(
    conn: &Connection,
    query: &Query,
    start: Option<Vec<String>>,
    now: i64,
) -> Result<Page, StoreError> {
    let (pk_col, sk_col) = match query.index {
        Index::Table => (PK, SK),
        Index::Gsi1 => (GSI1PK, GSI1SK),
    };
    let mut sql = format!(
        "SELECT data FROM items WHERE {pk_col} = ? AND {sk_col} IS NOT NULL \
         AND (ttl IS NULL OR ttl >= ?)"
    );
    let mut args = vec![Sql::Text(query.pk.clone()), Sql::Integer(now)];
    let mut bind = |sql: &mut String, clause: &str, values: &[&String]| {
        sql.push_str(clause);
        args.extend(values.iter().map(|v| Sql::Text(v.to_string())));
    };
    match &query.sort {
        SortKey::Any => {}
        SortKey::Equals(v) => bind(&mut sql, &format!(" AND {sk_col} = ?"), &[v]),
        SortKey::BeginsWith(p) => bind(
            &mut sql,
            &format!(" AND {sk_col} >= ? AND substr({sk_col}, 1, length(?)) = ?"),
            &[p, p, p],
        ),
        SortKey::Between(a, b) => {
            bind(&mut sql, &format!(" AND {sk_col} BETWEEN ? AND ?"), &[a, b])
        }
        SortKey::GreaterThan(v) => bind(&mut sql, &format!(" AND {sk_col} > ?"), &[v]),
        SortKey::LessThan(v) => bind(&mut sql, &format!(" AND {sk_col} < ?"), &[v]),
    }
    let (cmp, dir) = if query.forward {
        (">", "ASC")
    } else {
        ("<", "DESC")
    };
    // The cursor holds the last item's key attributes in `cursor_names` order.
    let order = match query.index {
        Index::Table => {
            if let Some(start) = &start {
                bind(&mut sql, &format!(" AND sk {cmp} ?"), &[&start[1]]);
            }
            format!("sk {dir}")
        }
        Index::Gsi1 => {
            if let Some(start) = &start {
                let clause = format!(" AND (gsi1sk, pk, sk) {cmp} (?, ?, ?)");
                bind(&mut sql, &clause, &[&start[1], &start[2], &start[3]]);
            }
            format!("gsi1sk {dir}, pk {dir}, sk {dir}")
        }
    };
    sql.push_str(&format!(" ORDER BY {order} LIMIT {}", query.limit + 1));
    let mut statement = conn.prepare(&sql).map_err(db)?;
    let rows = statement.query_map(params_from_iter(args), |row| row.get::<_, String>(0));
    let mut items = rows.map_err(db)?.map(|data| parse(&data.map_err(db)?));
    let page = items
        .by_ref()
        .take(query.limit)
        .collect::<Result<Vec<_>, _>>()?;
    let more = items.next().transpose()?.is_some();
    let next = match page.last() {
        Some(last) if more => Some(encode_cursor(query.index, last)),
        _ => None,
    };
    Ok(Page { items: page, next })
}
