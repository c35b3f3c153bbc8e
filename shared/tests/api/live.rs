//! Live connections: opened with a short-lived ticket, pushed to, forgotten when gone;
//! through the local hub and through the `ws-connect`/`ws-disconnect` Lambda events.

use crate::support;

use estrade::auth::Role;
use estrade::auth::tokens::TokenKind;
use estrade::lambda::{WsRoute, ws_route};
use estrade::{keys, live};
use lambda_http::aws_lambda_events::apigw::ApiGatewayWebsocketProxyRequest;
use serde_json::{Value, json};
use support::api::TestApi;

#[tokio::test]
async fn every_open_tab_of_a_user_gets_the_event_and_gone_tabs_are_forgotten() {
    let api = TestApi::new();
    let app = &api.platform.app;
    let ticket = api.ticket("u1", Role::Client).await;
    let second = api.ticket("u1", Role::Client).await;
    let (tab1, mut events1) = api.platform.hub.register();
    let (tab2, mut events2) = api.platform.hub.register();
    assert_eq!(live::connect(app, &tab1, &ticket).await.unwrap(), "u1");
    live::connect(app, &tab2, &second).await.unwrap();
    let event = json!({"type": "hello", "text": "Orléans"});
    assert_eq!(live::notify_user(app, "u1", &event).await.unwrap(), 2);
    assert_eq!(events1.recv().await.unwrap(), event);
    assert_eq!(events2.recv().await.unwrap(), event);
    assert_eq!(
        live::notify_user(app, "someone-else", &event)
            .await
            .unwrap(),
        0
    );

    api.platform.hub.unregister(&tab2);
    assert_eq!(live::notify_user(app, "u1", &event).await.unwrap(), 1);
    assert!(
        app.table
            .get(&keys::connection(&tab2))
            .await
            .unwrap()
            .is_none(),
        "the gone tab is forgotten"
    );
    assert!(
        app.table
            .get(&keys::connection(&tab1))
            .await
            .unwrap()
            .is_some(),
        "and only that one"
    );
}

#[tokio::test]
async fn only_a_websocket_ticket_opens_a_connection() {
    let api = TestApi::new();
    let app = &api.platform.app;
    let (access, _) = app.tokens.issue("u1", Role::Client, TokenKind::Access);
    for ticket in [access.as_str(), "", "garbage"] {
        let refused = live::connect(app, "c1", ticket).await.unwrap_err();
        assert_eq!(refused.kind, estrade::error::Kind::Unauthorized);
    }
    assert!(
        app.table
            .get(&keys::connection("c1"))
            .await
            .unwrap()
            .is_none()
    );
}

/// A `$connect` (with `ticket` as query string, if any) or `$disconnect` event of API
/// Gateway's WebSocket API for `connection_id`, from the fixtures.
fn websocket_event(
    route_key: &str,
    connection_id: &str,
    ticket: Option<&str>,
) -> ApiGatewayWebsocketProxyRequest {
    let fixture = match route_key {
        "$connect" => include_str!("../data/apigw_ws_connect.json"),
        "$disconnect" => include_str!("../data/apigw_ws_disconnect.json"),
        other => panic!("no fixture for route {other}"),
    };
    let mut event: Value = serde_json::from_str(fixture).unwrap();
    assert_eq!(event["requestContext"]["routeKey"], route_key);
    event["requestContext"]["connectionId"] = json!(connection_id);
    let fields = event.as_object_mut().unwrap();
    match ticket {
        Some(ticket) => {
            fields.insert("queryStringParameters".into(), json!({"ticket": ticket}));
            fields.insert(
                "multiValueQueryStringParameters".into(),
                json!({"ticket": [ticket]}),
            );
        }
        // No query string: API Gateway leaves both maps out.
        None => {
            fields.remove("queryStringParameters");
            fields.remove("multiValueQueryStringParameters");
        }
    }
    serde_json::from_value(event).unwrap()
}

#[tokio::test]
async fn the_lambda_connect_and_disconnect_routes_record_and_forget_the_connection() {
    let api = TestApi::new();
    let app = &api.platform.app;
    let ticket = api.ticket("u7", Role::Provider).await;
    let refused = ws_route(
        app,
        WsRoute::Connect,
        websocket_event("$connect", "abc=", None),
    )
    .await;
    assert_eq!(refused.status_code, 401);
    let accepted = ws_route(
        app,
        WsRoute::Connect,
        websocket_event("$connect", "abc=", Some(&ticket)),
    )
    .await;
    assert_eq!(accepted.status_code, 200);
    let record = app
        .table
        .get(&keys::connection("abc="))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(record["user_id"], "u7");
    assert!(record["ttl"].as_i64().unwrap() > app.clock.now());
    let gone = ws_route(
        app,
        WsRoute::Disconnect,
        websocket_event("$disconnect", "abc=", None),
    )
    .await;
    assert_eq!(gone.status_code, 200);
    assert!(
        app.table
            .get(&keys::connection("abc="))
            .await
            .unwrap()
            .is_none()
    );
}
