//! Benchmark of the notifier under a sustained flow (`scripts/bench.sh latency`, after the
//! HTTP runs): RATE messages a second into one conversation for SECONDS (default 1,650 × 30),
//! written by the send rule as the API writes them, on the embedded platform the gateway
//! runs, with its change feed (`notifier::local::follow`). The recipient has a live socket
//! on the hub and asked for message emails. Prints, as JSON: messages sent and stored, the
//! rate reached, the recipient's unread count (exact: every message counted), the
//! notifier's lag from each message's commit to its push on the recipient's socket (p50,
//! p99, worst), and the emails the flow left in the outbox.

use estrade::accounts::one_time::{self, Purpose};
use estrade::accounts::signup::{self, SignUp};
use estrade::accounts::{model, sessions, verify, ws_ticket};
use estrade::auth::Role;
use estrade::auth::tokens::TokenKind;
use estrade::messaging::{send, start};
use estrade::ports::table::Update;
use estrade::{keys, live};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let rate: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(1650);
    let seconds: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(30);
    let dir = tempfile::tempdir().unwrap();
    let platform = estrade::embedded::open(dir.path(), "http://127.0.0.1:8080").unwrap();
    let app = platform.app.clone();
    let (feed_app, log) = (app.clone(), platform.table.clone());
    tokio::spawn(async move { estrade::notifier::local::follow(&feed_app, &log).await });

    let client = member(&app, "camille@bench.test", Role::Client).await;
    let provider = member(&app, "trio@bench.test", Role::Provider).await;
    let conversation = start::run(
        &app,
        &client,
        start::Start {
            provider_id: Some(provider.sub.clone()),
            ..Default::default()
        },
    )
    .await
    .unwrap()
    .row
    .conversation_id;
    let ticket = ws_ticket::run(&app, &provider).ticket;
    let (connection, mut notices) = platform.hub.register();
    live::connect(&app, &connection, &ticket).await.unwrap();

    let committed: Arc<Mutex<HashMap<String, Instant>>> = Arc::default();
    // Every 10 ms, a task writes that slice's messages: a slow slice does not slow the pace.
    let slices = seconds * 100;
    let per_slice = rate.div_ceil(100);
    let total = per_slice * slices;
    let receiver = tokio::spawn(async move {
        let mut received = HashMap::new();
        while received.len() < total {
            let Ok(Some(notice)) =
                tokio::time::timeout(Duration::from_secs(30), notices.recv()).await
            else {
                break;
            };
            if notice["type"] == "message" {
                let id = notice["message"]["id"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned();
                received.insert(id, Instant::now());
            }
        }
        received
    });

    let started = Instant::now();
    let mut tick = tokio::time::interval(Duration::from_millis(10));
    let mut writers = Vec::new();
    for slice in 0..slices {
        tick.tick().await;
        let (app, committed) = (app.clone(), committed.clone());
        let (sender, conversation) = (client.sub.clone(), conversation.clone());
        writers.push(tokio::spawn(async move {
            for i in 0..per_slice {
                let outgoing = send::Outgoing {
                    conversation_id: conversation.clone(),
                    sender_id: sender.clone(),
                    text: format!("message {slice}.{i}"),
                };
                let message = send::run(&app, outgoing).await.unwrap();
                committed.lock().unwrap().insert(message.id, Instant::now());
            }
        }));
    }
    for writer in writers {
        writer.await.unwrap();
    }
    let sending = started.elapsed().as_secs_f64();
    let received = receiver.await.unwrap();
    let committed = committed.lock().unwrap().clone();
    let mut lags: Vec<f64> = committed
        .iter()
        .filter_map(|(id, at)| {
            received
                .get(id)
                .map(|got| (*got - *at).as_secs_f64() * 1000.0)
        })
        .collect();
    lags.sort_by(f64::total_cmp);
    let at =
        |q: f64| lags.get(((lags.len() as f64 * q) as usize).min(lags.len().saturating_sub(1)));
    let unread = app
        .table
        .get(&keys::unread_total(&provider.sub))
        .await
        .unwrap()
        .and_then(|i| i.get("count").and_then(|c| c.as_i64()))
        .unwrap_or_default();
    let emails = std::fs::read_dir(&platform.outbox)
        .map(|d| {
            d.filter(|e| {
                e.as_ref()
                    .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "eml"))
            })
            .count()
        })
        .unwrap_or_default();
    let report = serde_json::json!({
        "target_rate": per_slice * 100,
        "seconds": seconds,
        "sent": committed.len(),
        "rate_reached": (committed.len() as f64 / sending).round(),
        "pushed": lags.len(),
        "unread_count": unread,
        "lag_ms": {"p50": at(0.50), "p99": at(0.99), "worst": lags.last()},
        "emails_in_outbox": emails,
    });
    println!("{}", serde_json::to_string_pretty(&report).unwrap());
}

/// A confirmed account of `role` that asked for message emails, and its caller claims in a
/// session of its own.
async fn member(
    app: &estrade::app::App,
    email: &str,
    role: Role,
) -> estrade::auth::tokens::AccessClaims {
    let input = SignUp {
        email: email.into(),
        password: "a bench password".into(),
        role,
        name: format!("Bench {email}"),
        lang: None,
    };
    let account = signup::run(app, input).await.unwrap();
    let (token, link) = one_time::issue(app, Purpose::Verify, &account.id);
    app.table.transact(vec![link]).await.unwrap();
    verify::run(app, &token).await.unwrap();
    let emails = Update::default().set("notify_by_email", true);
    app.table
        .update(&keys::account(&account.id), emails, None)
        .await
        .unwrap();
    let account = model::get(app, &account.id).await.unwrap().unwrap();
    let granted = sessions::start(app, &account).await.unwrap();
    app.tokens
        .verify(&granted.access_token, TokenKind::Access)
        .unwrap()
}
