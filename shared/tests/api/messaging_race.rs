//! 1,000 messages sent concurrently over 10 conversations, in both directions, on each
//! table-store adapter (SQLite, and DynamoDB against moto): every message is stored
//! exactly once, pages read back in order, and every unread counter and total is exact.
//! Then mark-reads race more messages, and every unread total still adds up its rows.

use crate::support;

use estrade::ports::{Query, SortKey, SystemClock};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use support::api::TestApi;
use tokio::task::JoinSet;

const PAIRS: usize = 5;
const CONVERSATIONS: usize = 2 * PAIRS;
const MESSAGES: usize = 1000;
/// Requests in flight at once.
const CONCURRENCY: usize = 50;

/// A logged-in user: (id, access token).
type User = (String, String);

struct Conversation {
    id: String,
    client: User,
    provider: User,
}

/// 5 clients and 5 providers; client i talks with providers i and i + 1, so that every
/// user's unread total adds up two conversations.
async fn conversations(api: &TestApi) -> Vec<Conversation> {
    let mut clients = Vec::new();
    let mut providers = Vec::new();
    for i in 0..PAIRS {
        let (id, token, _) = api.member(&format!("c{i}@example.fr"), "client").await;
        clients.push((id, token));
        let (id, token, _) = api.member(&format!("p{i}@example.fr"), "provider").await;
        providers.push((id, token));
    }
    let mut all = Vec::new();
    for (i, client) in clients.iter().enumerate() {
        for provider in [&providers[i], &providers[(i + 1) % PAIRS]] {
            let started = api
                .post_as(
                    "/api/conversations",
                    Some(json!({"provider_id": provider.0})),
                    &client.1,
                )
                .await;
            assert_eq!(started.status, 201, "{}", started.body);
            all.push(Conversation {
                id: started.body["conversation"]["id"]
                    .as_str()
                    .unwrap()
                    .to_owned(),
                client: client.clone(),
                provider: provider.clone(),
            });
        }
    }
    all
}

/// Runs the futures `CONCURRENCY` at a time; returns their outputs.
async fn bounded<T: Send + 'static>(jobs: Vec<impl Future<Output = T> + Send + 'static>) -> Vec<T> {
    let mut running = JoinSet::new();
    let mut done = Vec::new();
    for job in jobs {
        if running.len() == CONCURRENCY {
            done.push(running.join_next().await.unwrap().unwrap());
        }
        running.spawn(job);
    }
    done.extend(running.join_all().await);
    done
}

/// Every message of a conversation, through the API's pages (newest page first),
/// in the order the pages give them (oldest to newest).
async fn history(api: &TestApi, conversation: &str, token: &str) -> Vec<Value> {
    let path = format!("/api/conversations/{conversation}/messages");
    let mut pages = Vec::new();
    let mut cursor = String::new();
    loop {
        let page = api.get_as(&format!("{path}{cursor}"), token).await;
        assert_eq!(page.status, 200, "{}", page.body);
        let messages = page.body["messages"].as_array().unwrap().clone();
        assert!(messages.len() <= 50);
        pages.push(messages);
        match page.body["next_cursor"].as_str() {
            Some(next) => cursor = format!("?cursor={next}"),
            None => break,
        }
    }
    pages.into_iter().rev().flatten().collect()
}

async fn unread_total(api: &TestApi, token: &str) -> i64 {
    let answer = api.get_as("/api/me/unread", token).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    answer.body["unread_total"].as_i64().unwrap()
}

async fn race(api: TestApi) {
    let api = Arc::new(api);
    let conversations = Arc::new(conversations(&api).await);
    let started = std::time::Instant::now();
    let sends = (0..MESSAGES)
        .map(|i| {
            let (api, conversations) = (api.clone(), conversations.clone());
            async move {
                let conversation = &conversations[i % CONVERSATIONS];
                // Both directions, interleaved within each conversation.
                let (sender, recipient) = if (i / CONVERSATIONS).is_multiple_of(2) {
                    (&conversation.client, &conversation.provider)
                } else {
                    (&conversation.provider, &conversation.client)
                };
                let text = format!("message {i}");
                let answer = api
                    .post_as(
                        &format!("/api/conversations/{}/messages", conversation.id),
                        Some(json!({ "text": text })),
                        &sender.1,
                    )
                    .await;
                assert_eq!(answer.status, 201, "{}", answer.body);
                assert_eq!(answer.body["message"]["text"], text);
                (
                    i % CONVERSATIONS,
                    recipient.0.clone(),
                    answer.body["message"].clone(),
                )
            }
        })
        .collect();
    let sent = bounded(sends).await;
    eprintln!("{MESSAGES} concurrent sends: {:?}", started.elapsed());

    // Exactly once, in order, on every page.
    let mut received: BTreeMap<(usize, String), i64> = BTreeMap::new();
    for (conversation, recipient, _) in &sent {
        *received
            .entry((*conversation, recipient.clone()))
            .or_default() += 1;
    }
    for (index, conversation) in conversations.iter().enumerate() {
        let stored = history(&api, &conversation.id, &conversation.client.1).await;
        let expected: BTreeSet<&str> = sent
            .iter()
            .filter(|(c, _, _)| *c == index)
            .map(|(_, _, m)| m["id"].as_str().unwrap())
            .collect();
        assert_eq!(expected.len(), MESSAGES / CONVERSATIONS);
        let ids: Vec<&str> = stored.iter().map(|m| m["id"].as_str().unwrap()).collect();
        assert_eq!(ids.len(), expected.len(), "each message stored once");
        assert_eq!(ids.iter().copied().collect::<BTreeSet<_>>(), expected);
        let in_table = api
            .platform
            .app
            .table
            .query(
                Query::partition(format!("CONV#{}", conversation.id))
                    .sort(SortKey::BeginsWith("MSG#".into()))
                    .limit(1000),
            )
            .await
            .unwrap();
        assert!(in_table.next.is_none());
        let sort_keys: Vec<&str> = in_table
            .items
            .iter()
            .map(|i| i["sk"].as_str().unwrap())
            .collect();
        assert_eq!(sort_keys.len(), expected.len());
        assert!(
            sort_keys.windows(2).all(|w| w[0] < w[1]),
            "sort keys strictly increase: {sort_keys:?}"
        );
        let table_order: Vec<&str> = in_table
            .items
            .iter()
            .map(|i| i["id"].as_str().unwrap())
            .collect();
        assert_eq!(
            ids, table_order,
            "the pages give the messages in sort-key order"
        );

        // Both rows hold the summary of one same message (one transaction wrote them).
        let mut summaries = BTreeSet::new();
        for (user, other) in [
            (&conversation.client, &conversation.provider),
            (&conversation.provider, &conversation.client),
        ] {
            let row = api
                .get_as(&format!("/api/conversations/{}", conversation.id), &user.1)
                .await;
            let row = &row.body["conversation"];
            assert_eq!(row["other"]["id"], *other.0);
            assert_eq!(
                row["unread"].as_i64().unwrap(),
                received[&(index, user.0.clone())],
                "unread of {} in {}",
                user.0,
                conversation.id
            );
            summaries.insert((row["last_at_ms"].to_string(), row["last_text"].to_string()));
            let last = stored
                .iter()
                .find(|m| m["at_ms"] == row["last_at_ms"] && m["text"] == row["last_text"]);
            assert!(last.is_some(), "the summary is one of its messages: {row}");
        }
        assert_eq!(summaries.len(), 1, "{summaries:?}");
    }
    let mut users: BTreeMap<&str, &str> = BTreeMap::new();
    for conversation in conversations.iter() {
        users.insert(&conversation.client.0, &conversation.client.1);
        users.insert(&conversation.provider.0, &conversation.provider.1);
    }
    for (user, token) in &users {
        let expected: i64 = received
            .iter()
            .filter(|((_, recipient), _)| recipient == user)
            .map(|(_, n)| n)
            .sum();
        assert_eq!(unread_total(&api, token).await, expected, "total of {user}");
    }

    // Everyone marks everything read while more messages arrive: each total still
    // equals the sum of its rows. Then, once all is quiet, everything reads to 0.
    let participants: Vec<(String, String)> = conversations
        .iter()
        .flat_map(|c| [&c.client.1, &c.provider.1].map(|t| (c.id.clone(), t.clone())))
        .collect();
    let mut jobs: Vec<std::pin::Pin<Box<dyn Future<Output = ()> + Send>>> = Vec::new();
    for (round, (id, token)) in participants
        .iter()
        .cycle()
        .take(5 * participants.len())
        .enumerate()
    {
        let (api, id, token) = (api.clone(), id.clone(), token.clone());
        jobs.push(Box::pin(async move {
            let path = format!("/api/conversations/{id}");
            let answer = if round.is_multiple_of(2) {
                api.post_as(&format!("{path}/read"), None, &token).await
            } else {
                let body = json!({"text": format!("late {round}")});
                api.post_as(&format!("{path}/messages"), Some(body), &token)
                    .await
            };
            assert!(matches!(answer.status, 200 | 201), "{}", answer.body);
        }));
    }
    bounded(jobs).await;
    for (user, token) in &users {
        let inbox = api.get_as("/api/conversations", token).await;
        let rows = inbox.body["conversations"].as_array().unwrap();
        assert_eq!(rows.len(), 2);
        let sum: i64 = rows.iter().map(|r| r["unread"].as_i64().unwrap()).sum();
        assert_eq!(unread_total(&api, token).await, sum, "total of {user}");
    }
    for (id, token) in &participants {
        let read = api
            .post_as(&format!("/api/conversations/{id}/read"), None, token)
            .await;
        assert_eq!(read.status, 200, "{}", read.body);
    }
    for token in users.values() {
        assert_eq!(unread_total(&api, token).await, 0);
    }
}

/// The platform on the real clock, as in production, rather than the test's manual one.
fn on_system_clock(mut api: TestApi) -> TestApi {
    api.platform.app.clock = Arc::new(SystemClock);
    api
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_thousand_concurrent_messages_on_sqlite() {
    race(on_system_clock(TestApi::new())).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_thousand_concurrent_messages_on_dynamodb() {
    race(on_system_clock(TestApi::on_dynamodb().await)).await;
}
