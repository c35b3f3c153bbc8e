//! Sessions that really end: an access token names its log-in session, so log-out and a
//! password reset cut it (and that session's live sockets) at once; a WebSocket ticket
//! opens one socket. On both table adapters.

use crate::support;

use serde_json::{Value, json};
use support::api::{PASSWORD, TestApi};
use tokio::sync::mpsc::UnboundedReceiver;

/// Opens a socket with a ticket the access token asks for; returns its id and feed.
async fn socket(api: &TestApi, access: &str) -> (String, UnboundedReceiver<Value>) {
    let ticket = api.post_as("/api/ws/ticket", None, access).await;
    assert_eq!(ticket.status, 200, "{}", ticket.body);
    let ticket = ticket.body["ticket"].as_str().unwrap();
    let (id, feed) = api.platform.hub.register();
    estrade::live::connect(&api.platform.app, &id, ticket)
        .await
        .unwrap();
    (id, feed)
}

/// Whether the hub closed the socket (its feed ended).
async fn closed(feed: &mut UnboundedReceiver<Value>) -> bool {
    tokio::time::timeout(std::time::Duration::from_secs(5), feed.recv())
        .await
        .is_ok_and(|next| next.is_none())
}

async fn logging_out_cuts_that_session_at_once(api: TestApi) {
    let (_, access, cookie) = api.member("hugo@example.fr", "client").await;
    let (_, other_access, _) = api.log_in("hugo@example.fr", PASSWORD).await;
    let (_, mut feed) = socket(&api, &access).await;
    let (_, mut other_feed) = socket(&api, &other_access).await;
    assert_eq!(api.get_as("/api/me", &access).await.status, 200);

    let out = api
        .call("POST", "/api/auth/logout", None, &[("cookie", &cookie)])
        .await;
    assert_eq!(out.status, 204);
    let me = api.get_as("/api/me", &access).await;
    assert_eq!((me.status, me.code()), (401, "unauthorized"));
    let ticket = api.post_as("/api/ws/ticket", None, &access).await;
    assert_eq!(ticket.status, 401);
    assert!(closed(&mut feed).await, "the session's socket is closed");

    assert_eq!(api.get_as("/api/me", &other_access).await.status, 200);
    assert!(
        other_feed.try_recv().is_err() && !other_feed.is_closed(),
        "the other session's socket stays open"
    );
}

#[tokio::test]
async fn logging_out_cuts_that_session_at_once_on_sqlite() {
    logging_out_cuts_that_session_at_once(TestApi::new()).await;
}

#[tokio::test]
async fn logging_out_cuts_that_session_at_once_on_dynamodb() {
    logging_out_cuts_that_session_at_once(TestApi::on_dynamodb().await).await;
}

async fn a_reset_cuts_every_session_and_socket(api: TestApi) {
    let (_, access, _) = api.member("ines@example.fr", "client").await;
    let (_, other_access, other_cookie) = api.log_in("ines@example.fr", PASSWORD).await;
    let (_, mut feed) = socket(&api, &access).await;
    let (_, mut other_feed) = socket(&api, &other_access).await;
    let unused = api.post_as("/api/ws/ticket", None, &access).await;
    let unused = unused.body["ticket"].as_str().unwrap().to_owned();

    api.post(
        "/api/auth/password-reset",
        json!({"email": "ines@example.fr"}),
    )
    .await;
    api.notify().await;
    let token = api.mailed_token("ines@example.fr");
    let new_password = "a brand new passphrase";
    let done = api
        .post(
            "/api/auth/password-reset/confirm",
            json!({"token": token, "password": new_password}),
        )
        .await;
    assert_eq!(done.status, 204, "{}", done.body);

    for old in [&access, &other_access] {
        assert_eq!(api.get_as("/api/me", old).await.status, 401);
        assert_eq!(api.post_as("/api/ws/ticket", None, old).await.status, 401);
    }
    assert!(closed(&mut feed).await && closed(&mut other_feed).await);
    let (id, _feed) = api.platform.hub.register();
    let refused = estrade::live::connect(&api.platform.app, &id, &unused).await;
    assert_eq!(
        refused.unwrap_err().kind,
        estrade::error::Kind::Unauthorized,
        "a ticket of an ended session opens nothing"
    );
    let refresh = api.refresh(&other_cookie).await;
    assert_eq!(refresh.code(), "invalid_refresh");

    let (_, access, _) = api.log_in("ines@example.fr", new_password).await;
    assert_eq!(api.get_as("/api/me", &access).await.status, 200);
}

#[tokio::test]
async fn a_reset_cuts_every_session_and_socket_on_sqlite() {
    a_reset_cuts_every_session_and_socket(TestApi::new()).await;
}

#[tokio::test]
async fn a_reset_cuts_every_session_and_socket_on_dynamodb() {
    a_reset_cuts_every_session_and_socket(TestApi::on_dynamodb().await).await;
}

async fn a_ticket_opens_one_socket(api: TestApi) {
    let (_, access, _) = api.member("lea@example.fr", "client").await;
    let ticket = api.post_as("/api/ws/ticket", None, &access).await;
    let ticket = ticket.body["ticket"].as_str().unwrap().to_owned();
    let app = &api.platform.app;
    let (first, _feed) = api.platform.hub.register();
    let (second, _other) = api.platform.hub.register();
    let (one, two) = tokio::join!(
        estrade::live::connect(app, &first, &ticket),
        estrade::live::connect(app, &second, &ticket)
    );
    assert_eq!(
        [one.is_ok(), two.is_ok()].iter().filter(|ok| **ok).count(),
        1,
        "exactly one of two racing sockets opens"
    );
    let again = estrade::live::connect(app, "third", &ticket).await;
    assert_eq!(again.unwrap_err().kind, estrade::error::Kind::Unauthorized);
}

#[tokio::test]
async fn a_ticket_opens_one_socket_on_sqlite() {
    a_ticket_opens_one_socket(TestApi::new()).await;
}

#[tokio::test]
async fn a_ticket_opens_one_socket_on_dynamodb() {
    a_ticket_opens_one_socket(TestApi::on_dynamodb().await).await;
}
