//! Contract of the live-push port, run against the gateway's hub and API Gateway's
//! Management API (moto for delivery, a one-shot HTTP stub for a gone connection).

use crate::support;

use estrade::adapters::apigw_push::ApiGatewayPush;
use estrade::adapters::hub::Hub;
use estrade::ports::{LivePush, PushError};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

#[tokio::test]
async fn hub_delivers_to_a_registered_connection() {
    let hub = Hub::new();
    let (id, mut rx) = hub.register();
    let (other, mut other_rx) = hub.register();
    assert_ne!(id, other);
    let payload = json!({"type": "message", "unread": 3});
    hub.clone().push(&id, &payload).await.unwrap();
    assert_eq!(rx.recv().await, Some(payload));
    assert!(
        other_rx.try_recv().is_err(),
        "only the target connection receives"
    );
}

#[tokio::test]
async fn hub_reports_unknown_and_closed_connections_gone() {
    let hub = Hub::new();
    assert!(matches!(
        hub.push("nobody", &json!({})).await,
        Err(PushError::Gone)
    ));

    let (id, _rx) = hub.register();
    hub.unregister(&id);
    assert!(matches!(
        hub.push(&id, &json!({})).await,
        Err(PushError::Gone)
    ));

    let (id, rx) = hub.register();
    drop(rx);
    assert!(matches!(
        hub.push(&id, &json!({})).await,
        Err(PushError::Gone)
    ));
}

async fn apigw_push(endpoint: &str) -> ApiGatewayPush {
    let config = support::moto::aws_config().await;
    let config = aws_sdk_apigatewaymanagement::config::Builder::from(&config)
        .endpoint_url(endpoint)
        .build();
    ApiGatewayPush {
        client: aws_sdk_apigatewaymanagement::Client::from_conf(config),
    }
}

#[tokio::test]
async fn apigw_posts_to_connection() {
    let push = apigw_push(&support::moto::moto().endpoint).await;
    push.push("conn-1=", &json!({"type": "message"}))
        .await
        .unwrap();
}

/// Serves one HTTP request on loopback with this status and error type; returns the URL.
async fn stub(status: &'static str, error_type: &'static str) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        // Read the whole request (headers, then Content-Length bytes) before answering.
        let mut request = Vec::new();
        let mut chunk = [0; 4096];
        loop {
            let n = socket.read(&mut chunk).await.unwrap();
            request.extend_from_slice(&chunk[..n]);
            let text = String::from_utf8_lossy(&request).to_lowercase();
            if let Some(end) = text.find("\r\n\r\n") {
                let length = text[..end]
                    .lines()
                    .find_map(|l| l.strip_prefix("content-length:"))
                    .map_or(0, |v| v.trim().parse().unwrap());
                if request.len() >= end + 4 + length {
                    break;
                }
            }
            assert!(n > 0, "request cut short");
        }
        let body = r#"{"message":"stub"}"#;
        let response = format!(
            "HTTP/1.1 {status}\r\ncontent-type: application/json\r\n\
             x-amzn-errortype: {error_type}\r\ncontent-length: {}\r\n\
             connection: close\r\n\r\n{body}",
            body.len()
        );
        socket.write_all(response.as_bytes()).await.unwrap();
    });
    url
}

#[tokio::test]
async fn apigw_reports_a_gone_connection() {
    let push = apigw_push(&stub("410 Gone", "GoneException").await).await;
    assert!(matches!(
        push.push("conn-1=", &json!({})).await,
        Err(PushError::Gone)
    ));
}

#[tokio::test]
async fn apigw_reports_other_errors_unavailable() {
    let push = apigw_push(&stub("403 Forbidden", "ForbiddenException").await).await;
    assert!(matches!(
        push.push("conn-1=", &json!({})).await,
        Err(PushError::Unavailable(_))
    ));
}

#[tokio::test]
async fn hub_closes_a_connection_once() {
    let hub = Hub::new();
    let (id, mut rx) = hub.register();
    let (other, _other_rx) = hub.register();
    hub.close(&id).await.unwrap();
    assert_eq!(rx.recv().await, None, "the closed connection's feed ends");
    assert!(matches!(hub.close(&id).await, Err(PushError::Gone)));
    hub.push(&other, &json!({})).await.unwrap();
}

#[tokio::test]
async fn apigw_deletes_a_connection() {
    let push = apigw_push(&support::moto::moto().endpoint).await;
    push.close("conn-1=").await.unwrap();
    let gone = apigw_push(&stub("410 Gone", "GoneException").await).await;
    assert!(matches!(gone.close("conn-1=").await, Err(PushError::Gone)));
    let refused = apigw_push(&stub("403 Forbidden", "ForbiddenException").await).await;
    assert!(matches!(
        refused.close("conn-1=").await,
        Err(PushError::Unavailable(_))
    ));
}
