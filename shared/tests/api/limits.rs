//! The per-user write limit: atomic counters that expire with their minute, on both table
//! adapters; past the bound a write answers 429 with `Retry-After` and changes nothing.

use crate::support;

use estrade::auth::write_limit::{self, WRITES_PER_MINUTE};
use estrade::error::Kind;
use support::api::TestApi;
use tokio::task::JoinSet;

/// Of many writes at once, exactly the bound pass: the count is one atomic update each.
async fn racing_writes_pass_up_to_the_bound(api: TestApi) {
    let app = &api.platform.app;
    let mut running = JoinSet::new();
    for _ in 0..40 {
        let app = app.clone();
        running.spawn(async move { write_limit::count(&app, "u1", 25).await });
    }
    let outcomes = running.join_all().await;
    let passed = outcomes.iter().filter(|o| o.is_ok()).count();
    assert_eq!(passed, 25);
    for refused in outcomes.iter().filter_map(|o| o.as_ref().err()) {
        assert!(matches!(refused.kind, Kind::TooMany { retry_after } if retry_after > 0));
    }
    write_limit::count(app, "u2", 25).await.unwrap();
    api.advance(60);
    write_limit::count(app, "u1", 25).await.unwrap();
}

#[tokio::test]
async fn racing_writes_pass_up_to_the_bound_on_sqlite() {
    racing_writes_pass_up_to_the_bound(TestApi::new()).await;
}

#[tokio::test]
async fn racing_writes_pass_up_to_the_bound_on_dynamodb() {
    racing_writes_pass_up_to_the_bound(TestApi::on_dynamodb().await).await;
}

#[tokio::test]
async fn a_flood_of_writes_gets_429_with_retry_after_and_reads_go_on() {
    let api = TestApi::new();
    let (_, access, _) = api.member("flood@example.fr", "client").await;
    // Aligned on a minute's start, so that the whole flood falls in one window.
    let now = api.platform.app.clock.now();
    api.advance(60 - now.rem_euclid(60));
    for _ in 0..WRITES_PER_MINUTE {
        let ticket = api.post_as("/api/ws/ticket", None, &access).await;
        assert_eq!(ticket.status, 200, "{}", ticket.body);
    }
    let refused = api.post_as("/api/ws/ticket", None, &access).await;
    assert_eq!((refused.status, refused.code()), (429, "too_many_writes"));
    let wait: i64 = refused.headers["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&wait));
    assert_eq!(
        api.get_as("/api/me", &access).await.status,
        200,
        "reads go on"
    );
    let (_, other, _) = api.member("calm@example.fr", "client").await;
    assert_eq!(
        api.post_as("/api/ws/ticket", None, &other).await.status,
        200
    );
    api.advance(wait);
    assert_eq!(
        api.post_as("/api/ws/ticket", None, &access).await.status,
        200
    );
}
