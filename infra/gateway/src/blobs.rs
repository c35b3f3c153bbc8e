//! Blob URLs of the embedded blob store: `PUT` and `GET /blobs/{key}` with the signed query
//! that `LocalBlobStore::presign_upload`, `presign_part` and `presign_download` produce (a
//! part's answer carries its `ETag`; a named download is an attachment of that name).
//!
//! A bad, expired or mismatched signature (including a content type other than the signed
//! one) is 403; a body longer than the signed length is 413, a shorter one 400; an absent
//! blob is 404. Errors are `{"error": {"code", "message"}}`.

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::put;
use estrade::adapters::local_blob::LocalBlobStore;
use estrade::ports::{BlobError, BlobStore, Clock, SystemClock};
use serde_json::json;
use std::collections::HashMap;
use std::sync::Arc;

type Store = Arc<LocalBlobStore>;

/// Routes `PUT /blobs/{*key}` (upload) and `GET /blobs/{*key}` (download).
pub fn router(store: Store) -> Router {
    Router::new()
        .route("/blobs/{*key}", put(upload).get(download))
        // The signed length bounds each upload instead of axum's default limit.
        .layer(DefaultBodyLimit::disable())
        .with_state(store)
}

async fn upload(
    State(store): State<Store>,
    Path(key): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    if query.get("op").map(String::as_str) == Some("part") {
        return part(&store, &key, &query, body).await;
    }
    let signed = match store.verify_upload(&key, &query, SystemClock.now()) {
        Ok(signed) => signed,
        Err(e) => return forbidden(e),
    };
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    if content_type != Some(signed.content_type.as_str()) {
        return error(
            StatusCode::FORBIDDEN,
            "signature_mismatch",
            "content type is not the signed one",
        );
    }
    let too_large = || {
        error(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            "body longer than the signed length",
        )
    };
    let limit = usize::try_from(signed.len).unwrap_or(usize::MAX);
    let bytes: Bytes = match axum::body::to_bytes(body, limit).await {
        Ok(bytes) => bytes,
        Err(_) => return too_large(),
    };
    if bytes.len() != limit {
        return error(
            StatusCode::BAD_REQUEST,
            "bad_length",
            "body shorter than the signed length",
        );
    }
    match store.write(&signed, &signed.content_type, &bytes).await {
        Ok(()) => StatusCode::OK.into_response(),
        Err(e) => store_error(e),
    }
}

/// The largest part accepted (S3's own limit is 5 GiB; the uploads here use 8 MiB parts).
const MAX_PART: usize = 512 * 1024 * 1024;

/// One part of a multipart upload: answered with its `ETag`, as S3 does.
async fn part(store: &Store, key: &str, query: &HashMap<String, String>, body: Body) -> Response {
    let signed = match store.verify_part(key, query, SystemClock.now()) {
        Ok(signed) => signed,
        Err(e) => return forbidden(e),
    };
    let bytes: Bytes = match axum::body::to_bytes(body, MAX_PART).await {
        Ok(bytes) => bytes,
        Err(_) => return error(StatusCode::PAYLOAD_TOO_LARGE, "too_large", "part too large"),
    };
    match store.write_part(&signed, &bytes).await {
        Ok(etag) => (StatusCode::OK, [(header::ETAG, etag)]).into_response(),
        Err(e) => store_error(e),
    }
}

async fn download(
    State(store): State<Store>,
    Path(key): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    if let Err(e) = store.verify_download(&key, &query, SystemClock.now()) {
        return forbidden(e);
    }
    let disposition = query
        .get("name")
        .map(|name| estrade::ports::content_disposition(name))
        .unwrap_or_else(|| "inline".to_owned());
    let meta = match store.head(&key).await {
        Ok(Some(meta)) => meta,
        Ok(None) => return error(StatusCode::NOT_FOUND, "not_found", "no such blob"),
        Err(e) => return store_error(e),
    };
    // Streamed: an original of several GB never sits in memory.
    let reader = match store.open(&key).await {
        Ok(reader) => reader,
        Err(e) => return store_error(e),
    };
    (
        [
            (header::CONTENT_TYPE, meta.content_type),
            (header::CONTENT_LENGTH, meta.size.to_string()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
            // Uploaded files are served from the app's origin: never sniff or run them.
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
            (header::CONTENT_SECURITY_POLICY, "sandbox".to_owned()),
        ],
        Body::from_stream(tokio_util::io::ReaderStream::with_capacity(reader, 1 << 20)),
    )
        .into_response()
}

fn forbidden(e: BlobError) -> Response {
    error(StatusCode::FORBIDDEN, "forbidden", &e.to_string())
}

fn store_error(e: BlobError) -> Response {
    match e {
        BlobError::Invalid(message) => error(StatusCode::BAD_REQUEST, "invalid", &message),
        BlobError::Unavailable(message) => {
            tracing::error!(%message, "blob store");
            error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "unavailable",
                "blob store unavailable",
            )
        }
    }
}

fn error(status: StatusCode, code: &str, message: &str) -> Response {
    (
        status,
        axum::Json(json!({"error": {"code": code, "message": message}})),
    )
        .into_response()
}
