//! The table-store contract: one suite, run against every adapter.
//!
//! Each contract is an async function over a fresh, empty store; the `contract!`
//! macro turns it into one test per adapter: `sqlite_memory::*`, `sqlite_file::*`
//! (a database file in a temporary folder) and `dynamo::*` (a new table on the
//! moto server of `support::moto`). The races run on SQLite only (see `dynamo`
//! below for why not on moto); the SQLite durability test is at the end.

use crate::support;

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use estrade::adapters::dynamo::{DynamoTable, create_table};
use estrade::adapters::sqlite::SqliteTable;
use estrade::ports::table::{
    Condition, Cursor, Index, Item, Key, Query, SortKey, StoreError, TableStore, TxOp, Update,
};
use serde_json::{Value, json};
use tempfile::TempDir;
use tokio::task::JoinSet;

type Store = Arc<dyn TableStore>;

fn sqlite_memory() -> Store {
    Arc::new(SqliteTable::in_memory().unwrap())
}

fn sqlite_file() -> (Store, TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteTable::open(dir.path().join("estrade.db")).unwrap();
    (Arc::new(store), dir)
}

async fn dynamo() -> Store {
    let client = aws_sdk_dynamodb::Client::new(&support::moto::aws_config().await);
    let table = format!("contract-{}", uuid::Uuid::new_v4());
    create_table(&client, &table).await.unwrap();
    Arc::new(DynamoTable::new(client, table))
}

macro_rules! contract {
    (@sqlite $($name:ident,)*) => {
        mod sqlite_memory {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $name() {
                    super::$name(super::sqlite_memory()).await;
                }
            )*
        }
        mod sqlite_file {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $name() {
                    let (store, _dir) = super::sqlite_file();
                    super::$name(store).await;
                }
            )*
        }
    };
    ($($name:ident),* ; races: $($race:ident),* $(,)?) => {
        contract!(@sqlite $($name,)* $($race,)*);
        mod dynamo {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $name() {
                    super::$name(super::dynamo().await).await;
                }
            )*
            // The races run against moto serving one request at a time (see
            // infra/moto/serve.py): DynamoDB's per-item atomicity, which moto's
            // threaded server lacks.
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $race() {
                    super::$race(super::dynamo().await).await;
                }
            )*
        }
    };
}

contract!(
    round_trip,
    invalid_items,
    conditional_put_not_exists,
    conditions,
    updates,
    expired_items_are_absent,
    query_sort_keys,
    query_pagination,
    query_gsi1,
    invalid_cursor,
    transaction_all_or_nothing,
    transaction_invalid;
    races: race_conditional_put, race_counter,
);

fn item(value: Value) -> Item {
    match value {
        Value::Object(map) => map,
        other => panic!("not an object: {other}"),
    }
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

fn sks(items: &[Item]) -> Vec<&str> {
    items.iter().map(|i| i["sk"].as_str().unwrap()).collect()
}

async fn sort_keys(store: &Store, query: Query) -> Vec<String> {
    let page = store.query(query).await.unwrap();
    sks(&page.items).into_iter().map(String::from).collect()
}

/// Every page of a query, concatenated; checks each page's size.
async fn all_pages(store: &Store, query: Query) -> Vec<Item> {
    let mut items = Vec::new();
    let mut cursor = None;
    for _ in 0..100 {
        let page = store.query(query.clone().after(cursor)).await.unwrap();
        assert!(
            page.items.len() <= query.limit,
            "page larger than the limit"
        );
        items.extend(page.items);
        match page.next {
            Some(next) => cursor = Some(next),
            None => return items,
        }
    }
    panic!("pagination does not end");
}

fn cancelled(result: Result<(), StoreError>) -> Vec<bool> {
    match result {
        Err(StoreError::TransactionCancelled { failed }) => failed,
        other => panic!("expected TransactionCancelled, got {other:?}"),
    }
}

async fn round_trip(store: Store) {
    let key = Key::new("user#1", "profile");
    let full = item(json!({
        "pk": "user#1", "sk": "profile", "name": "Zoé", "age": 31, "score": 2.5,
        "big": 9_007_199_254_740_993_i64, "active": true, "nothing": null, "empty": "",
        "tags": ["a", 1, false, null],
        "address": {"city": "Lyon", "geo": {"lat": 45.76, "lng": -4.83}, "list": [{"x": 1}]},
    }));
    store.put(full.clone(), None).await.unwrap();
    assert_eq!(store.get(&key).await.unwrap(), Some(full));

    // A put replaces the whole item.
    let smaller = item(json!({"pk": "user#1", "sk": "profile", "name": "Zoé B."}));
    store.put(smaller.clone(), None).await.unwrap();
    assert_eq!(store.get(&key).await.unwrap(), Some(smaller));

    assert_eq!(store.get(&Key::new("user#1", "other")).await.unwrap(), None);
    assert_eq!(
        store.get(&Key::new("user#2", "profile")).await.unwrap(),
        None
    );

    store.delete(&key, None).await.unwrap();
    assert_eq!(store.get(&key).await.unwrap(), None);
    // Deleting an absent item is not an error.
    store.delete(&key, None).await.unwrap();
}

async fn invalid_items(store: Store) {
    for bad in [
        json!({"pk": "a"}),
        json!({"sk": "a"}),
        json!({"pk": 1, "sk": "a"}),
        json!({"pk": "", "sk": "a"}),
        json!({"pk": "a", "sk": "b", "gsi1pk": "", "gsi1sk": "x"}),
    ] {
        let result = store.put(item(bad.clone()), None).await;
        assert!(
            matches!(result, Err(StoreError::Invalid(_))),
            "{bad}: {result:?}"
        );
    }
    let page = store.query(Query::partition("a")).await.unwrap();
    assert!(page.items.is_empty());
}

async fn conditional_put_not_exists(store: Store) {
    let key = Key::new("email#zoe@example.fr", "email");
    let first = item(json!({"pk": key.pk, "sk": key.sk, "owner": "u1"}));
    store
        .put(first.clone(), Some(Condition::NotExists))
        .await
        .unwrap();
    let second = item(json!({"pk": key.pk, "sk": key.sk, "owner": "u2"}));
    let result = store.put(second, Some(Condition::NotExists)).await;
    assert!(
        matches!(result, Err(StoreError::ConditionFailed)),
        "{result:?}"
    );
    assert_eq!(store.get(&key).await.unwrap(), Some(first));
}

async fn conditions(store: Store) {
    use Condition::*;
    let key = Key::new("c", "1");
    let touch = || Update::default().add("writes", 1);

    // Exists on an absent item: nothing is created.
    let result = store
        .put(item(json!({"pk": "c", "sk": "1"})), Some(Exists))
        .await;
    assert!(
        matches!(result, Err(StoreError::ConditionFailed)),
        "{result:?}"
    );
    assert_eq!(store.get(&key).await.unwrap(), None);

    store
        .put(
            item(
                json!({"pk": "c", "sk": "1", "status": "open", "n": 5, "price": 2.5, "writes": 0}),
            ),
            None,
        )
        .await
        .unwrap();
    let holds = [
        Exists,
        Equals("status".into(), json!("open")),
        Equals("n".into(), json!(5)),
        Equals("price".into(), json!(2.5)),
        LessThan("n".into(), 6),
        LessThan("price".into(), 3),
        GreaterThan("n".into(), 4),
        GreaterThan("price".into(), 2),
        And(vec![Equals("status".into(), json!("open"))]),
        And(vec![
            Exists,
            Equals("status".into(), json!("open")),
            LessThan("n".into(), 10),
        ]),
        Or(vec![NotExists, Equals("status".into(), json!("open"))]),
        Or(vec![
            Equals("status".into(), json!("closed")),
            GreaterThan("n".into(), 4),
        ]),
        Or(vec![Equals("n".into(), json!(5))]),
        Lacks("missing".into()),
        Or(vec![Lacks("missing".into()), LessThan("n".into(), 0)]),
    ];
    for (i, condition) in holds.into_iter().enumerate() {
        let after = store.update(&key, touch(), Some(condition.clone())).await;
        assert_eq!(after.unwrap()["writes"], json!(i + 1), "{condition:?}");
    }
    let fails = [
        NotExists,
        Equals("status".into(), json!("closed")),
        Equals("status".into(), json!(["open"])),
        Equals("missing".into(), json!("open")),
        LessThan("n".into(), 5),
        LessThan("status".into(), 10),
        LessThan("missing".into(), 10),
        GreaterThan("n".into(), 5),
        GreaterThan("status".into(), 0),
        GreaterThan("missing".into(), 0),
        And(vec![
            Equals("status".into(), json!("open")),
            LessThan("n".into(), 1),
        ]),
        Or(vec![]),
        Or(vec![NotExists, Equals("status".into(), json!("closed"))]),
        Or(vec![
            And(vec![Exists, LessThan("n".into(), 1)]),
            Equals("missing".into(), json!(1)),
        ]),
        Lacks("n".into()),
    ];
    for condition in fails {
        let result = store.update(&key, touch(), Some(condition.clone())).await;
        assert!(
            matches!(result, Err(StoreError::ConditionFailed)),
            "{condition:?}: {result:?}"
        );
    }
    assert_eq!(store.get(&key).await.unwrap().unwrap()["writes"], json!(15));

    // Conditional deletes.
    let result = store
        .delete(&key, Some(Equals("status".into(), json!("closed"))))
        .await;
    assert!(
        matches!(result, Err(StoreError::ConditionFailed)),
        "{result:?}"
    );
    assert!(store.get(&key).await.unwrap().is_some());
    store
        .delete(&key, Some(Equals("status".into(), json!("open"))))
        .await
        .unwrap();
    assert_eq!(store.get(&key).await.unwrap(), None);
    let result = store.delete(&key, Some(Exists)).await;
    assert!(
        matches!(result, Err(StoreError::ConditionFailed)),
        "{result:?}"
    );
}

async fn updates(store: Store) {
    // An update creates the item, with its key attributes.
    let key = Key::new("counter", "c1");
    let after = store.update(
        &key,
        Update::default().set("name", "x").add("count", 2),
        None,
    );
    let expected = item(json!({"pk": "counter", "sk": "c1", "name": "x", "count": 2}));
    assert_eq!(after.await.unwrap(), expected);
    assert_eq!(store.get(&key).await.unwrap(), Some(expected));

    let key = Key::new("u", "1");
    store
        .put(
            item(json!({"pk": "u", "sk": "1", "a": 1, "keep": "yes", "gone": "x", "m": {"x": 1}})),
            None,
        )
        .await
        .unwrap();
    let update = Update::default()
        .set("a", json!({"deep": [1, "two", null]}))
        .set("new", "n")
        .add("missing", 5)
        .remove("gone")
        .remove("not-there");
    let after = store.update(&key, update, None).await.unwrap();
    let expected = item(json!({
        "pk": "u", "sk": "1", "a": {"deep": [1, "two", null]}, "keep": "yes", "new": "n",
        "missing": 5, "m": {"x": 1},
    }));
    assert_eq!(after, expected);
    assert_eq!(store.get(&key).await.unwrap(), Some(expected));
    let after = store
        .update(&key, Update::default().add("missing", -7), None)
        .await
        .unwrap();
    assert_eq!(after["missing"], json!(-2));

    // A failed condition changes nothing, and does not create the item.
    let result = store.update(
        &key,
        Update::default().set("keep", "no"),
        Some(Condition::NotExists),
    );
    assert!(matches!(result.await, Err(StoreError::ConditionFailed)));
    assert_eq!(
        store.get(&key).await.unwrap().unwrap()["keep"],
        json!("yes")
    );
    let absent = Key::new("u", "absent");
    let result = store.update(
        &absent,
        Update::default().set("a", 1),
        Some(Condition::Exists),
    );
    assert!(matches!(result.await, Err(StoreError::ConditionFailed)));
    assert_eq!(store.get(&absent).await.unwrap(), None);

    // Invalid updates: keys, adding to a string, one attribute twice, nothing to do.
    for update in [
        Update::default().set("pk", "other"),
        Update::default().remove("sk"),
        Update::default().add("keep", 1),
        Update::default().set("x", 1).remove("x"),
        Update::default(),
    ] {
        let result = store.update(&key, update.clone(), None).await;
        assert!(
            matches!(result, Err(StoreError::Invalid(_))),
            "{update:?}: {result:?}"
        );
    }
    assert_eq!(
        store.get(&key).await.unwrap().unwrap()["keep"],
        json!("yes")
    );
}

async fn expired_items_are_absent(store: Store) {
    let (past, future) = (now() - 1000, now() + 1000);
    let put = |value: Value| {
        let store = store.clone();
        async move { store.put(item(value), None).await.unwrap() }
    };
    put(json!({"pk": "t", "sk": "expired", "ttl": past, "v": "old", "gsi1pk": "T", "gsi1sk": "1"}))
        .await;
    put(json!({"pk": "t", "sk": "live", "ttl": future, "gsi1pk": "T", "gsi1sk": "2"})).await;
    put(json!({"pk": "t", "sk": "forever", "gsi1pk": "T", "gsi1sk": "3"})).await;

    assert_eq!(store.get(&Key::new("t", "expired")).await.unwrap(), None);
    assert!(store.get(&Key::new("t", "live")).await.unwrap().is_some());
    assert_eq!(
        sort_keys(&store, Query::partition("t")).await,
        ["forever", "live"]
    );
    let gsi = store
        .query(Query::partition("T").on(Index::Gsi1))
        .await
        .unwrap();
    assert_eq!(sks(&gsi.items), ["live", "forever"]);

    // Conditions see an expired item as absent.
    let expired = Key::new("t", "expired");
    let check = TxOp::Check {
        key: expired.clone(),
        condition: Condition::Exists,
    };
    assert_eq!(cancelled(store.transact(vec![check]).await), [true]);
    let result = store.delete(&expired, Some(Condition::Exists)).await;
    assert!(
        matches!(result, Err(StoreError::ConditionFailed)),
        "{result:?}"
    );
    let result = store
        .update(
            &expired,
            Update::default().set("v", "new"),
            Some(Condition::Exists),
        )
        .await;
    assert!(
        matches!(result, Err(StoreError::ConditionFailed)),
        "{result:?}"
    );

    // An update over an expired item starts from a fresh item.
    put(json!({"pk": "t", "sk": "stale", "ttl": past, "v": "old", "count": 41})).await;
    let stale = Key::new("t", "stale");
    let after = store
        .update(&stale, Update::default().add("count", 1), None)
        .await
        .unwrap();
    let fresh = item(json!({"pk": "t", "sk": "stale", "count": 1}));
    assert_eq!(after, fresh);
    assert_eq!(store.get(&stale).await.unwrap(), Some(fresh));

    // NotExists holds over an expired item, for a put and in a transaction.
    put(json!({"pk": "t", "sk": "hold", "ttl": past})).await;
    let hold = item(json!({"pk": "t", "sk": "hold", "by": "b1"}));
    store
        .put(hold.clone(), Some(Condition::NotExists))
        .await
        .unwrap();
    assert_eq!(store.get(&Key::new("t", "hold")).await.unwrap(), Some(hold));
    put(json!({"pk": "t", "sk": "tx-put", "ttl": past})).await;
    put(json!({"pk": "t", "sk": "tx-update", "ttl": past, "old": true})).await;
    let ops = vec![
        TxOp::Put {
            item: item(json!({"pk": "t", "sk": "tx-put", "by": "b2"})),
            condition: Some(Condition::NotExists),
        },
        TxOp::Update {
            key: Key::new("t", "tx-update"),
            update: Update::default().add("count", 1),
            condition: Some(Condition::NotExists),
        },
    ];
    store.transact(ops).await.unwrap();
    let tx_update = store.get(&Key::new("t", "tx-update")).await.unwrap();
    assert_eq!(
        tx_update,
        Some(item(json!({"pk": "t", "sk": "tx-update", "count": 1})))
    );

    // Pages skip expired items, however many there are between live ones.
    for (i, ttl) in [past, future, past, past, future, past, past, past, future]
        .iter()
        .enumerate()
    {
        put(json!({"pk": "p", "sk": format!("{i}"), "ttl": ttl})).await;
    }
    for limit in [1, 2, 5] {
        let items = all_pages(&store, Query::partition("p").limit(limit)).await;
        assert_eq!(sks(&items), ["1", "4", "8"], "limit {limit}");
    }
}

async fn query_sort_keys(store: Store) {
    for sk in ["a#1", "a#2", "b#1", "b#2", "c", "Z", "é"] {
        store
            .put(item(json!({"pk": "q", "sk": sk})), None)
            .await
            .unwrap();
    }
    store
        .put(item(json!({"pk": "q2", "sk": "a#1"})), None)
        .await
        .unwrap();
    store
        .put(item(json!({"pk": "qq", "sk": "a#1"})), None)
        .await
        .unwrap();

    let q = || Query::partition("q");
    let all = ["Z", "a#1", "a#2", "b#1", "b#2", "c", "é"];
    assert_eq!(sort_keys(&store, q()).await, all);
    let mut backward = all;
    backward.reverse();
    assert_eq!(sort_keys(&store, q().backward()).await, backward);
    let cases: [(SortKey, &[&str]); 8] = [
        (SortKey::Equals("b#1".into()), &["b#1"]),
        (SortKey::Equals("b".into()), &[]),
        (SortKey::BeginsWith("a#".into()), &["a#1", "a#2"]),
        (SortKey::BeginsWith("b".into()), &["b#1", "b#2"]),
        (
            SortKey::Between("a#2".into(), "b#2".into()),
            &["a#2", "b#1", "b#2"],
        ),
        (SortKey::GreaterThan("b#1".into()), &["b#2", "c", "é"]),
        (SortKey::LessThan("b#1".into()), &["Z", "a#1", "a#2"]),
        (SortKey::LessThan("A".into()), &[]),
    ];
    for (sort, expected) in cases {
        assert_eq!(
            sort_keys(&store, q().sort(sort.clone())).await,
            expected,
            "{sort:?}"
        );
        let mut reversed = expected.to_vec();
        reversed.reverse();
        let backward = sort_keys(&store, q().sort(sort.clone()).backward()).await;
        assert_eq!(backward, reversed, "{sort:?} backward");
    }
    assert!(
        store
            .query(Query::partition("nothing"))
            .await
            .unwrap()
            .items
            .is_empty()
    );
}

async fn query_pagination(store: Store) {
    let all: Vec<String> = (0..13).map(|i| format!("item#{i:02}")).collect();
    for sk in all.iter().rev() {
        store
            .put(item(json!({"pk": "pages", "sk": sk, "n": sk})), None)
            .await
            .unwrap();
    }
    let mut reversed = all.clone();
    reversed.reverse();
    for limit in [1, 3, 5, 13, 20] {
        let forward = all_pages(&store, Query::partition("pages").limit(limit)).await;
        assert_eq!(sks(&forward), all, "limit {limit}");
        let backward = all_pages(&store, Query::partition("pages").limit(limit).backward()).await;
        assert_eq!(sks(&backward), reversed, "limit {limit} backward");
    }
    // A full first page says more may follow; pages follow the sort-key condition.
    let first = store
        .query(Query::partition("pages").limit(5))
        .await
        .unwrap();
    assert_eq!(sks(&first.items), &all[..5]);
    assert!(first.next.is_some());
    let between = Query::partition("pages")
        .sort(SortKey::Between("item#03".into(), "item#09".into()))
        .limit(2);
    assert_eq!(sks(&all_pages(&store, between).await), &all[3..10]);
}

async fn query_gsi1(store: Store) {
    // Items of several partitions in one index partition, with ties on gsi1sk.
    let dates = [
        "2026-03-01",
        "2026-01-15",
        "2026-01-15",
        "2026-02-10",
        "2026-01-15",
        "2025-12-31",
    ];
    for (i, date) in dates.iter().enumerate() {
        let value = json!({"pk": format!("artist#{i}"), "sk": "profile", "gsi1pk": "city#lyon", "gsi1sk": date});
        store.put(item(value), None).await.unwrap();
    }
    let others = [
        json!({"pk": "artist#9", "sk": "profile", "gsi1pk": "city#paris", "gsi1sk": "2026-01-01"}),
        json!({"pk": "artist#8", "sk": "profile", "gsi1pk": "city#lyon"}),
        json!({"pk": "artist#7", "sk": "profile"}),
    ];
    for value in others {
        store.put(item(value), None).await.unwrap();
    }

    let q = || Query::partition("city#lyon").on(Index::Gsi1);
    let forward = store.query(q()).await.unwrap().items;
    let mut pks: Vec<_> = forward.iter().map(|i| i["pk"].as_str().unwrap()).collect();
    let dates_seen: Vec<_> = forward
        .iter()
        .map(|i| i["gsi1sk"].as_str().unwrap())
        .collect();
    let mut sorted = dates.to_vec();
    sorted.sort();
    assert_eq!(dates_seen, sorted);
    pks.sort();
    assert_eq!(
        pks,
        [
            "artist#0", "artist#1", "artist#2", "artist#3", "artist#4", "artist#5"
        ]
    );
    let backward = store.query(q().backward()).await.unwrap().items;
    let mut dates_back: Vec<_> = backward
        .iter()
        .map(|i| i["gsi1sk"].as_str().unwrap())
        .collect();
    dates_back.reverse();
    assert_eq!(dates_back, sorted);

    let gsi_dates = |items: Vec<Item>| -> Vec<String> {
        items
            .iter()
            .map(|i| i["gsi1sk"].as_str().unwrap().to_string())
            .collect()
    };
    let cases: [(SortKey, &[&str]); 4] = [
        (SortKey::BeginsWith("2026-01".into()), &["2026-01-15"; 3]),
        (
            SortKey::Between("2026-01-15".into(), "2026-02-10".into()),
            &["2026-01-15", "2026-01-15", "2026-01-15", "2026-02-10"],
        ),
        (
            SortKey::GreaterThan("2026-01-15".into()),
            &["2026-02-10", "2026-03-01"],
        ),
        (SortKey::Equals("2025-12-31".into()), &["2025-12-31"]),
    ];
    for (sort, expected) in cases {
        let items = store.query(q().sort(sort.clone())).await.unwrap().items;
        assert_eq!(gsi_dates(items), expected, "{sort:?}");
    }

    // Pagination, ties included, gives every item once, in the order of one big page.
    for limit in [1, 2, 4] {
        assert_eq!(
            all_pages(&store, q().limit(limit)).await,
            forward,
            "limit {limit}"
        );
        let pages = all_pages(&store, q().limit(limit).backward()).await;
        assert_eq!(pages, backward, "limit {limit} backward");
    }
}

async fn invalid_cursor(store: Store) {
    for i in 0..3 {
        let value =
            json!({"pk": "q", "sk": format!("{i}"), "gsi1pk": "g", "gsi1sk": format!("{i}")});
        store.put(item(value), None).await.unwrap();
    }
    let encode = |value: &str| Cursor(URL_SAFE_NO_PAD.encode(value));
    let garbage = [
        Cursor(String::new()),
        Cursor("not base64 at all!".into()),
        encode("not json"),
        encode("[1, 2]"),
        encode(r#"{"pk": 1, "sk": "0"}"#),
        encode(r#"{"pk": "other", "sk": "0"}"#),
        encode(r#"{"pk": "q", "sk": "0", "extra": "x"}"#),
        encode(r#"{"pk": "q"}"#),
    ];
    for cursor in garbage {
        let result = store
            .query(Query::partition("q").after(Some(cursor.clone())))
            .await;
        assert!(
            matches!(result, Err(StoreError::InvalidCursor)),
            "{cursor:?}: {result:?}"
        );
    }
    // A cursor of one index does not fit the other.
    let on_gsi = store
        .query(Query::partition("g").on(Index::Gsi1).limit(1))
        .await
        .unwrap();
    let result = store
        .query(Query::partition("q").after(on_gsi.next.clone()))
        .await;
    assert!(
        matches!(result, Err(StoreError::InvalidCursor)),
        "{result:?}"
    );
    let on_table = store.query(Query::partition("q").limit(1)).await.unwrap();
    let result = store
        .query(Query::partition("g").on(Index::Gsi1).after(on_table.next))
        .await;
    assert!(
        matches!(result, Err(StoreError::InvalidCursor)),
        "{result:?}"
    );

    for limit in [0, 1001] {
        let result = store.query(Query::partition("q").limit(limit)).await;
        assert!(
            matches!(result, Err(StoreError::Invalid(_))),
            "limit {limit}: {result:?}"
        );
    }
}

async fn transaction_all_or_nothing(store: Store) {
    for value in [
        json!({"pk": "tx", "sk": "a", "n": 1}),
        json!({"pk": "tx", "sk": "b", "status": "open"}),
        json!({"pk": "tx", "sk": "c"}),
    ] {
        store.put(item(value), None).await.unwrap();
    }
    let key = |sk: &str| Key::new("tx", sk);
    let put_new = || TxOp::Put {
        item: item(json!({"pk": "tx", "sk": "new"})),
        condition: Some(Condition::NotExists),
    };
    let add_to_a = |condition| TxOp::Update {
        key: key("a"),
        update: Update::default().add("n", 1),
        condition: Some(condition),
    };
    let check_c = |condition| TxOp::Check {
        key: key("c"),
        condition,
    };
    let delete_b = TxOp::Delete {
        key: key("b"),
        condition: None,
    };

    let attempts = [
        (
            vec![
                put_new(),
                add_to_a(Condition::Equals("n".into(), json!(2))),
                delete_b.clone(),
                check_c(Condition::Exists),
            ],
            vec![false, true, false, false],
        ),
        (
            vec![put_new(), check_c(Condition::NotExists)],
            vec![false, true],
        ),
        (
            vec![
                put_new(),
                add_to_a(Condition::LessThan("n".into(), 0)),
                TxOp::Check {
                    key: key("missing"),
                    condition: Condition::Exists,
                },
            ],
            vec![false, true, true],
        ),
    ];
    for (ops, failed) in attempts {
        assert_eq!(cancelled(store.transact(ops).await), failed);
        // Nothing was applied.
        assert_eq!(store.get(&key("new")).await.unwrap(), None);
        assert_eq!(store.get(&key("a")).await.unwrap().unwrap()["n"], json!(1));
        assert!(store.get(&key("b")).await.unwrap().is_some());
    }

    let ops = vec![
        put_new(),
        add_to_a(Condition::Equals("n".into(), json!(1))),
        TxOp::Delete {
            key: key("b"),
            condition: Some(Condition::Exists),
        },
        check_c(Condition::Exists),
    ];
    store.transact(ops).await.unwrap();
    assert!(store.get(&key("new")).await.unwrap().is_some());
    assert_eq!(store.get(&key("a")).await.unwrap().unwrap()["n"], json!(2));
    assert_eq!(store.get(&key("b")).await.unwrap(), None);
    assert_eq!(
        store.get(&key("c")).await.unwrap(),
        Some(item(json!({"pk": "tx", "sk": "c"})))
    );
    store.transact(Vec::new()).await.unwrap();
}

async fn transaction_invalid(store: Store) {
    // Two operations on one item.
    let ops = vec![
        TxOp::Put {
            item: item(json!({"pk": "dup", "sk": "1"})),
            condition: None,
        },
        TxOp::Put {
            item: item(json!({"pk": "dup", "sk": "2"})),
            condition: None,
        },
        TxOp::Update {
            key: Key::new("dup", "1"),
            update: Update::default().add("n", 1),
            condition: None,
        },
    ];
    let result = store.transact(ops).await;
    assert!(matches!(result, Err(StoreError::Invalid(_))), "{result:?}");
    assert!(
        store
            .query(Query::partition("dup"))
            .await
            .unwrap()
            .items
            .is_empty()
    );

    // More than 100 operations.
    let ops = (0..101)
        .map(|i| TxOp::Put {
            item: item(json!({"pk": "many", "sk": format!("{i}")})),
            condition: None,
        })
        .collect();
    let result = store.transact(ops).await;
    assert!(matches!(result, Err(StoreError::Invalid(_))), "{result:?}");
    assert!(
        store
            .query(Query::partition("many"))
            .await
            .unwrap()
            .items
            .is_empty()
    );

    // 100 is fine.
    let ops = (0..100)
        .map(|i| TxOp::Put {
            item: item(json!({"pk": "many", "sk": format!("{i:03}")})),
            condition: None,
        })
        .collect();
    store.transact(ops).await.unwrap();
    let page = store
        .query(Query::partition("many").limit(1000))
        .await
        .unwrap();
    assert_eq!(page.items.len(), 100);
}

async fn race_conditional_put(store: Store) {
    let mut tasks = JoinSet::new();
    for i in 0..20 {
        let store = store.clone();
        tasks.spawn(async move {
            let value = json!({"pk": "race", "sk": "email", "owner": i});
            (i, store.put(item(value), Some(Condition::NotExists)).await)
        });
    }
    let mut winners = Vec::new();
    while let Some(joined) = tasks.join_next().await {
        match joined.unwrap() {
            (i, Ok(())) => winners.push(i),
            (_, Err(StoreError::ConditionFailed)) => {}
            (_, Err(e)) => panic!("unexpected error: {e:?}"),
        }
    }
    assert_eq!(winners.len(), 1, "winners: {winners:?}");
    let stored = store
        .get(&Key::new("race", "email"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored["owner"], json!(winners[0]));
}

async fn race_counter(store: Store) {
    let key = Key::new("race", "counter");
    let mut tasks = JoinSet::new();
    for _ in 0..50 {
        let (store, key) = (store.clone(), key.clone());
        tasks.spawn(async move {
            store
                .update(&key, Update::default().add("n", 1), None)
                .await
        });
    }
    let mut seen = Vec::new();
    while let Some(joined) = tasks.join_next().await {
        seen.push(joined.unwrap().unwrap()["n"].as_i64().unwrap());
    }
    // Each update saw its own value: the adds were atomic.
    seen.sort();
    assert_eq!(seen, (1..=50).collect::<Vec<_>>());
    assert_eq!(store.get(&key).await.unwrap().unwrap()["n"], json!(50));
}

/// The SQLite file keeps everything across a reopen, and expired rows are purged.
#[tokio::test]
async fn sqlite_file_is_durable() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("estrade.db");
    let kept = item(json!({"pk": "d", "sk": "kept", "nested": {"list": [1, 2.5, "x"]}}));
    {
        let store = SqliteTable::open(&path).unwrap();
        store.put(kept.clone(), None).await.unwrap();
        let ops = vec![
            TxOp::Put {
                item: item(json!({"pk": "d", "sk": "tx"})),
                condition: None,
            },
            TxOp::Update {
                key: Key::new("d", "counter"),
                update: Update::default().add("n", 3),
                condition: Some(Condition::NotExists),
            },
        ];
        store.transact(ops).await.unwrap();
        for sk in ["expired-1", "expired-2"] {
            let value = json!({"pk": "d", "sk": sk, "ttl": now() - 10});
            store.put(item(value), None).await.unwrap();
        }
        assert!(
            dir.path().join("estrade.db-wal").exists(),
            "not in WAL mode"
        );
        assert_eq!(store.purge_expired().await.unwrap(), 2);
        let value = json!({"pk": "d", "sk": "expired-3", "ttl": now() - 10});
        store.put(item(value), None).await.unwrap();
    }
    let store = SqliteTable::open(&path).unwrap();
    // The reopen purged the last expired row.
    assert_eq!(store.purge_expired().await.unwrap(), 0);
    assert_eq!(store.get(&Key::new("d", "kept")).await.unwrap(), Some(kept));
    let counter = store.get(&Key::new("d", "counter")).await.unwrap().unwrap();
    assert_eq!(counter["n"], json!(3));
    let page = store.query(Query::partition("d")).await.unwrap();
    assert_eq!(sks(&page.items), ["counter", "kept", "tx"]);
}

/// Two connections to one file (the gateway and a seeding tool, say) still make
/// each conditional write atomic: writes take SQLite's writer lock up front.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sqlite_file_is_atomic_across_connections() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("estrade.db");
    let stores: [Store; 2] = [
        Arc::new(SqliteTable::open(&path).unwrap()),
        Arc::new(SqliteTable::open(&path).unwrap()),
    ];
    let counter = Key::new("race", "counter");
    let mut tasks = JoinSet::new();
    for i in 0..40 {
        let (store, counter) = (stores[i % 2].clone(), counter.clone());
        tasks.spawn(async move {
            let value = json!({"pk": "race", "sk": "email", "owner": i});
            let put = store.put(item(value), Some(Condition::NotExists)).await;
            let add = store
                .update(&counter, Update::default().add("n", 1), None)
                .await;
            (put, add.map(|after| after["n"].as_i64().unwrap()))
        });
    }
    let (mut winners, mut counts) = (0, Vec::new());
    while let Some(joined) = tasks.join_next().await {
        let (put, add) = joined.unwrap();
        match put {
            Ok(()) => winners += 1,
            Err(StoreError::ConditionFailed) => {}
            Err(e) => panic!("unexpected error: {e:?}"),
        }
        counts.push(add.unwrap());
    }
    assert_eq!(winners, 1);
    counts.sort();
    assert_eq!(counts, (1..=40).collect::<Vec<_>>());
}
