//! `GET /api/openapi.json`: the OpenAPI 3.1 document of the whole HTTP API
//! (`estrade::api::openapi::DOCUMENT`), for tools (schemathesis in `scripts/test.sh`, an
//! API explorer). A local extra: the route table, and so AWS, does not serve it.
//!
//! Its path is static, so axum's router prefers it to `/api/{*path}` (the library's
//! router) whatever the order of the merges. Another method answers the API's JSON 405.

use axum::Router;
use axum::http::{Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::any;

pub fn router<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new().route("/api/openapi.json", any(document))
}

async fn document(method: Method) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let error = estrade::http::ApiError::new(405, "method_not_allowed", "use GET on this path");
        let body = error.body().to_string();
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [
                (header::CONTENT_TYPE, "application/json"),
                (header::ALLOW, "GET"),
            ],
            body,
        )
            .into_response();
    }
    (
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        estrade::api::openapi::DOCUMENT,
    )
        .into_response()
}
