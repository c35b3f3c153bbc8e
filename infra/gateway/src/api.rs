//! `/api/*`: each request becomes the `lambda_http::Request` API Gateway would
//! deliver, and goes to the same router and handlers the Lambda functions run.

use crate::Gateway;
use axum::Router;
use axum::body::{Body, to_bytes};
use axum::extract::{ConnectInfo, Request, State};
use axum::response::Response;
use lambda_http::aws_lambda_events::apigw::{
    ApiGatewayV2httpRequestContext, ApiGatewayV2httpRequestContextHttpDescription,
};
use lambda_http::request::RequestContext;
use std::net::SocketAddr;
use std::sync::Arc;

/// API Gateway's own payload limit; the handlers enforce the smaller JSON limit.
const MAX_PAYLOAD: usize = 10 * 1024 * 1024;

pub fn router() -> Router<Arc<Gateway>> {
    Router::new().route("/api/{*path}", axum::routing::any(forward))
}

async fn forward(
    State(gateway): State<Arc<Gateway>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
) -> Response {
    let (mut parts, body) = request.into_parts();
    parts.extensions.insert(source(peer));
    let body = match to_bytes(body, MAX_PAYLOAD).await {
        Ok(bytes) if bytes.is_empty() => lambda_http::Body::Empty,
        Ok(bytes) => lambda_http::Body::Binary(bytes.to_vec()),
        Err(_) => lambda_http::Body::Binary(vec![0; estrade::http::MAX_BODY + 1]),
    };
    let response = gateway
        .routes
        .handle(&gateway.app, Request::from_parts(parts, body))
        .await;
    let (parts, body) = response.into_parts();
    let body = match body {
        lambda_http::Body::Empty => Body::empty(),
        lambda_http::Body::Text(text) => Body::from(text),
        lambda_http::Body::Binary(bytes) => Body::from(bytes),
        _ => Body::empty(),
    };
    Response::from_parts(parts, body)
}

/// The request context API Gateway would give: the caller's IP address.
fn source(peer: SocketAddr) -> RequestContext {
    let mut http = ApiGatewayV2httpRequestContextHttpDescription::default();
    http.source_ip = Some(peer.ip().to_string());
    let mut context = ApiGatewayV2httpRequestContext::default();
    context.http = http;
    RequestContext::ApiGatewayV2(context)
}
