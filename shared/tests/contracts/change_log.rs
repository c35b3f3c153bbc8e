//! The SQLite adapter's change log (the local DynamoDB stream): every applied write,
//! and only those, in commit order, with the item before and after; durable, prunable,
//! and signalled to a waiting consumer at each commit.

use estrade::adapters::sqlite::SqliteTable;
use estrade::ports::table::{Condition, Item, Key, TableStore, TxOp, Update};
use estrade::ports::{Change, StoreError};
use serde_json::json;

fn item(pk: &str, attrs: serde_json::Value) -> Item {
    let mut item = attrs.as_object().unwrap().clone();
    item.insert("pk".into(), pk.into());
    item.insert("sk".into(), "S".into());
    item
}

fn key(pk: &str) -> Key {
    Key::new(pk, "S")
}

fn change(old: Option<Item>, new: Option<Item>) -> Change {
    Change { old, new }
}

#[tokio::test]
async fn the_log_holds_exactly_the_applied_writes_in_order_with_both_images() {
    let table = SqliteTable::in_memory().unwrap();
    let a = item("A", json!({"n": 1}));
    table
        .put(a.clone(), Some(Condition::NotExists))
        .await
        .unwrap();
    let a2 = table
        .update(&key("A"), Update::default().set("n", 2), None)
        .await
        .unwrap();
    let refused = table.put(item("A", json!({"n": 9})), Some(Condition::NotExists));
    assert!(matches!(refused.await, Err(StoreError::ConditionFailed)));
    let b = item("B", json!({"text": "Orléans"}));
    table
        .transact(vec![
            TxOp::Put {
                item: b.clone(),
                condition: None,
            },
            TxOp::Update {
                key: key("C"),
                update: Update::default().add("count", 1),
                condition: None,
            },
            TxOp::Delete {
                key: key("A"),
                condition: Some(Condition::Exists),
            },
            TxOp::Check {
                key: key("D"),
                condition: Condition::NotExists,
            },
        ])
        .await
        .unwrap();
    let cancelled = table
        .transact(vec![
            TxOp::Put {
                item: item("E", json!({})),
                condition: None,
            },
            TxOp::Check {
                key: key("A"),
                condition: Condition::Exists,
            },
        ])
        .await;
    assert!(matches!(
        cancelled,
        Err(StoreError::TransactionCancelled { .. })
    ));
    // Writes that change nothing are no change (as in a DynamoDB stream).
    table.delete(&key("nobody"), None).await.unwrap();
    table.put(b.clone(), None).await.unwrap();

    let log = table.changes_after(0, 100).await.unwrap();
    let changes: Vec<_> = log.iter().map(|(_, c)| c.clone()).collect();
    assert_eq!(
        changes,
        [
            change(None, Some(a.clone())),
            change(Some(a), Some(a2.clone())),
            change(None, Some(b)),
            change(
                None,
                Some(
                    json!({"pk": "C", "sk": "S", "count": 1})
                        .as_object()
                        .unwrap()
                        .clone()
                )
            ),
            change(Some(a2), None),
        ]
    );
    let seqs: Vec<i64> = log.iter().map(|(seq, _)| *seq).collect();
    assert!(seqs.windows(2).all(|w| w[0] < w[1]), "{seqs:?}");

    let page = table.changes_after(seqs[1], 2).await.unwrap();
    assert_eq!(
        page.iter().map(|(seq, _)| *seq).collect::<Vec<_>>(),
        seqs[2..4]
    );
}

#[tokio::test]
async fn pruned_changes_are_gone_and_sequence_numbers_never_go_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("estrade.db");
    let last = {
        let table = SqliteTable::open(&path).unwrap();
        for pk in ["A", "B", "C"] {
            table.put(item(pk, json!({})), None).await.unwrap();
        }
        let log = table.changes_after(0, 100).await.unwrap();
        assert_eq!(table.prune_changes_through(log[1].0).await.unwrap(), 2);
        let rest = table.changes_after(0, 100).await.unwrap();
        assert_eq!(rest.len(), 1);
        assert_eq!(rest[0].1.new.as_ref().unwrap()["pk"], "C");
        assert_eq!(table.prune_changes_through(rest[0].0).await.unwrap(), 1);
        rest[0].0
    };
    // After a restart, with an empty log, new changes still come after the consumed ones.
    let table = SqliteTable::open(&path).unwrap();
    assert!(table.changes_after(0, 100).await.unwrap().is_empty());
    table.put(item("D", json!({})), None).await.unwrap();
    let log = table.changes_after(last, 100).await.unwrap();
    assert_eq!(log.len(), 1);
    assert!(log[0].0 > last);
}

#[tokio::test]
async fn a_consumer_is_woken_by_each_commit() {
    let table = SqliteTable::in_memory().unwrap();
    let mut commits = table.watch_changes();
    assert!(!commits.has_changed().unwrap());
    table.get(&key("A")).await.unwrap();
    assert!(!commits.has_changed().unwrap(), "a read is no commit");
    let waiting = tokio::spawn(async move { commits.changed().await.is_ok() });
    tokio::task::yield_now().await;
    table.put(item("A", json!({})), None).await.unwrap();
    let woken = tokio::time::timeout(std::time::Duration::from_secs(5), waiting).await;
    assert!(woken.unwrap().unwrap());
}
