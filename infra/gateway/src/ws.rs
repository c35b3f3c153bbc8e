//! `/ws?ticket=…`: the live WebSocket. The ticket is checked and the connection
//! recorded by the same `estrade::live` code the `ws-connect` function runs; notices
//! (`estrade::notifier::Notice`) pushed to the hub for this connection are sent as JSON
//! text frames.

use crate::Gateway;
use axum::Router;
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade, close_code};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use futures_util::{SinkExt, StreamExt};
use serde_json::Value;
use std::collections::HashMap;
use std::sync::Arc;
use tokio::sync::mpsc::UnboundedReceiver;

pub fn router() -> Router<Arc<Gateway>> {
    Router::new().route("/ws", axum::routing::get(upgrade))
}

async fn upgrade(
    State(gateway): State<Arc<Gateway>>,
    Query(query): Query<HashMap<String, String>>,
    upgrade: WebSocketUpgrade,
) -> Response {
    let ticket = query.get("ticket").map(String::as_str).unwrap_or_default();
    let (id, notices) = gateway.hub.register();
    if let Err(error) = estrade::live::connect(&gateway.app, &id, ticket).await {
        gateway.hub.unregister(&id);
        let error = estrade::http::ApiError::from(error);
        if let Some(cause) = &error.cause {
            tracing::error!(%cause, "websocket connection failed");
        }
        let status = StatusCode::from_u16(error.status).unwrap_or(StatusCode::UNAUTHORIZED);
        return (status, axum::Json(error.body())).into_response();
    }
    upgrade.on_upgrade(move |socket| relay(gateway, id, socket, notices))
}

async fn relay(
    gateway: Arc<Gateway>,
    id: String,
    socket: WebSocket,
    mut notices: UnboundedReceiver<Value>,
) {
    let (mut sender, mut receiver) = socket.split();
    loop {
        tokio::select! {
            notice = notices.recv() => match notice {
                Some(notice) => {
                    if sender.send(Message::Text(notice.to_string().into())).await.is_err() {
                        break;
                    }
                }
                // The hub closed the connection: the session ended.
                None => {
                    let frame = CloseFrame { code: close_code::POLICY, reason: "session ended".into() };
                    let _ = sender.send(Message::Close(Some(frame))).await;
                    break;
                }
            },
            incoming = receiver.next() => match incoming {
                Some(Ok(Message::Close(_))) | Some(Err(_)) | None => break,
                Some(Ok(_)) => {}
            },
        }
    }
    gateway.hub.unregister(&id);
    if let Err(error) = estrade::live::disconnect(&gateway.app, &id).await {
        tracing::warn!(%error, "could not forget connection {id}");
    }
}
