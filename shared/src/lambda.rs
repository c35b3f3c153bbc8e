//! Lambda entry points: build the AWS adapters once per cold start (no network
//! call), then hand each Lambda event to the same code the local gateway runs. An HTTP
//! function builds the `Router` of the whole route table and keeps its own routes by
//! name, at run time: every binary links every handler.

use crate::adapters::{
    apigw_push::ApiGatewayPush, dynamo::DynamoTable, s3::S3Blobs, ses::SesMailer,
};
use crate::api::Router;
use crate::app::{App, Config};
use crate::auth::tokens::Tokens;
use crate::error::Kind;
use crate::http;
use crate::ports::SystemClock;
use crate::{contracts, galleries, jobs, live, notifier};
use aws_lambda_events::event::dynamodb::Event as StreamEvent;
use lambda_http::aws_lambda_events::apigw::{
    ApiGatewayProxyResponse, ApiGatewayWebsocketProxyRequest,
};
use lambda_http::{Error, Request, service_fn};
use lambda_runtime::LambdaEvent;
use std::sync::Arc;

fn env(name: &str) -> Result<String, Error> {
    std::env::var(name).map_err(|_| format!("missing environment variable {name}").into())
}

/// The application wired to DynamoDB, S3, SES and the API Gateway Management API,
/// configured by `TABLE_NAME`, `BUCKET_NAME`, `SENDER_EMAIL`, `PUBLIC_BASE_URL`,
/// `WS_ENDPOINT`, and `JWT_SECRET` for the functions that sign or read a token.
pub async fn aws_app() -> Result<App, Error> {
    let config = aws_config::load_from_env().await;
    let s3_config = aws_sdk_s3::config::Builder::from(&config)
        .force_path_style(std::env::var("AWS_ENDPOINT_URL").is_ok())
        .build();
    let push_config = aws_sdk_apigatewaymanagement::config::Builder::from(&config)
        .endpoint_url(env("WS_ENDPOINT")?)
        .build();
    Ok(App {
        table: Arc::new(DynamoTable::new(
            aws_sdk_dynamodb::Client::new(&config),
            env("TABLE_NAME")?,
        )),
        blobs: Arc::new(S3Blobs {
            client: aws_sdk_s3::Client::from_conf(s3_config),
            bucket: env("BUCKET_NAME")?,
        }),
        mailer: Arc::new(SesMailer {
            client: aws_sdk_sesv2::Client::new(&config),
            from: env("SENDER_EMAIL")?,
        }),
        push: Arc::new(ApiGatewayPush {
            client: aws_sdk_apigatewaymanagement::Client::from_conf(push_config),
        }),
        clock: Arc::new(SystemClock),
        // Only the functions that sign or read a token are given the secret.
        tokens: std::env::var("JWT_SECRET")
            .map_or_else(|_| Tokens::without_keys(), |s| Tokens::new(s.as_bytes())),
        config: Config {
            public_base_url: env("PUBLIC_BASE_URL")?,
            cookie_secure: true,
            loopback_calendars: false,
            writes_per_minute: Some(crate::auth::write_limit::WRITES_PER_MINUTE),
        },
    })
}

fn init_tracing() {
    tracing_subscriber::fmt()
        .json()
        .with_target(false)
        .without_time()
        .init();
}

/// The header CloudFront adds to every request it sends to the HTTP API (`template.yaml`,
/// the distribution's `api` origin): the API's own execute-api URL is public, and a request
/// that did not come through CloudFront (its security headers, its logs) lacks it.
pub const ORIGIN_VERIFY_HEADER: &str = "x-origin-verify";

/// The environment variable holding that header's secret value, given to the HTTP functions
/// only. Unset (the local gateway has no CloudFront), nothing is checked.
pub const ORIGIN_VERIFY_ENV: &str = "ORIGIN_VERIFY";

/// Runs the HTTP function `function`: it serves the routes the route table gives it, to
/// the requests that came through CloudFront ([`refuse_direct`]).
pub async fn serve_http(function: &'static str) -> Result<(), Error> {
    init_tracing();
    let app = aws_app().await?;
    let router = Router::new(Some(function));
    let secret = std::env::var(ORIGIN_VERIFY_ENV)
        .ok()
        .filter(|s| !s.is_empty());
    let (app, router, secret) = (&app, &router, secret.as_deref());
    lambda_http::run(service_fn(move |request: Request| async move {
        if let Some(refusal) = refuse_direct(secret, request.headers()) {
            return Ok::<_, Error>(refusal);
        }
        Ok::<_, Error>(router.handle(app, request).await)
    }))
    .await
}

/// The 403 answer to a request without CloudFront's origin header (or with a wrong one),
/// when `secret` is set; `None` lets the request through.
pub fn refuse_direct(
    secret: Option<&str>,
    headers: &lambda_http::http::HeaderMap,
) -> Option<lambda_http::Response<lambda_http::Body>> {
    let secret = secret?;
    let presented = headers
        .get(ORIGIN_VERIFY_HEADER)
        .map(|v| v.as_bytes())
        .unwrap_or_default();
    if same_secret(secret.as_bytes(), presented) {
        return None;
    }
    tracing::info!("request refused: not through CloudFront");
    let error = http::ApiError::new(
        403,
        "direct_access",
        "this API answers through the site's address only",
    );
    Some(http::response(http::Reply::from(&error)))
}

/// Whether two secrets are equal, in a time that depends on neither their contents nor
/// their lengths: both are hashed, and every byte of the digests is compared.
fn same_secret(expected: &[u8], presented: &[u8]) -> bool {
    use sha2::{Digest, Sha256};
    let (a, b) = (Sha256::digest(expected), Sha256::digest(presented));
    let difference = a
        .iter()
        .zip(b.iter())
        .fold(0u8, |acc, (x, y)| acc | (x ^ y));
    std::hint::black_box(difference) == 0
}

/// Runs the `notifier` function: batches of the table's stream (an event source
/// mapping with `ReportBatchItemFailures`) go to [`notifier::stream::handle_batch`],
/// which reports a failed record instead of failing the whole batch.
pub async fn serve_notifier() -> Result<(), Error> {
    init_tracing();
    let app = aws_app().await?;
    let app = &app;
    lambda_runtime::run(lambda_runtime::service_fn(
        move |invocation: LambdaEvent<StreamEvent>| async move {
            Ok::<_, Error>(notifier::stream::handle_batch(app, invocation.payload).await)
        },
    ))
    .await
}

/// Runs the `contract-pdf` function: batches of the table's stream (filtered to
/// contracts) go to [`contracts::render::on_change`], which renders the PDF of a contract
/// both sides signed.
pub async fn serve_contract_pdf() -> Result<(), Error> {
    init_tracing();
    let app = aws_app().await?;
    let app = &app;
    lambda_runtime::run(lambda_runtime::service_fn(
        move |invocation: LambdaEvent<StreamEvent>| async move {
            let consume = contracts::render::on_change;
            Ok::<_, Error>(notifier::stream::consume_batch(app, invocation.payload, consume).await)
        },
    ))
    .await
}

/// Runs `gallery-preview`: S3's "Object Created" events of gallery originals, through
/// EventBridge, go to [`galleries::landing::on_landed`], which checks each file and makes
/// its previews. An error fails the invocation, which EventBridge retries (a checked file
/// is not checked twice).
pub async fn serve_gallery_preview() -> Result<(), Error> {
    init_tracing();
    let app = aws_app().await?;
    let app = &app;
    lambda_runtime::run(lambda_runtime::service_fn(
        move |invocation: LambdaEvent<serde_json::Value>| async move {
            let key = object_key(&invocation.payload)?;
            galleries::landing::on_landed(app, &key)
                .await
                .inspect_err(|error| tracing::error!(%error, key, "gallery preview failed"))?;
            Ok::<_, Error>(())
        },
    ))
    .await
}

/// The object key of an EventBridge S3 event (`detail.object.key`).
pub fn object_key(event: &serde_json::Value) -> Result<String, Error> {
    event["detail"]["object"]["key"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| Error::from("an S3 event without detail.object.key"))
}

/// Runs `gallery-archive`: batches of the table's stream (filtered to archives being
/// built) go to [`galleries::build::on_change`].
pub async fn serve_gallery_archive() -> Result<(), Error> {
    init_tracing();
    let app = aws_app().await?;
    let app = &app;
    lambda_runtime::run(lambda_runtime::service_fn(
        move |invocation: LambdaEvent<StreamEvent>| async move {
            let consume = galleries::build::on_change;
            Ok::<_, Error>(notifier::stream::consume_batch(app, invocation.payload, consume).await)
        },
    ))
    .await
}

/// Runs `projects-sweep` (hourly, an EventBridge schedule): the projects whose day is
/// past become done ([`projects::sweep`]), and the clients of galleries expiring within a
/// week are reminded ([`galleries::expiry`]).
pub async fn serve_projects_sweep() -> Result<(), Error> {
    serve_job("projects sweep", jobs::projects_sweep).await
}

/// Runs `message-digests` (every five minutes, an EventBridge schedule): the digests of
/// message emails that are due go out ([`notifier::digest`]).
pub async fn serve_message_digests() -> Result<(), Error> {
    serve_job("message digests", jobs::message_digests).await
}

/// Runs `search-reindex`, invoked by hand (`sam remote invoke SearchReindexFunction`)
/// whatever its Lambda event: writes the search entries of every listed provider and
/// answers `{"indexed": n}`. It repairs the index after a profile change the notifier
/// lost.
pub async fn serve_search_reindex() -> Result<(), Error> {
    serve_job("search reindex", jobs::search_reindex).await
}

/// Runs `calendar-sync`, invoked every 15 minutes by an EventBridge schedule (whatever its
/// Lambda event): reads every provider's imported calendars again and answers
/// `{"synced": n}` (the calendars read without error; the others record their error).
pub async fn serve_calendar_sync() -> Result<(), Error> {
    serve_job("calendar sync", jobs::calendar_sync).await
}

/// Runs a function that does one job whatever its Lambda event (a schedule, a call by
/// hand): answers what `job` returns, or logs the failure (`what` failed) and fails.
async fn serve_job(
    what: &'static str,
    job: impl AsyncFn(&App) -> Result<serde_json::Value, crate::error::Error>,
) -> Result<(), Error> {
    init_tracing();
    let app = aws_app().await?;
    let (app, job) = (&app, &job);
    lambda_runtime::run(lambda_runtime::service_fn(
        move |_: LambdaEvent<serde_json::Value>| async move {
            let done = job(app)
                .await
                .inspect_err(|error| tracing::error!(%error, "{what} failed"))?;
            Ok::<_, Error>(done)
        },
    ))
    .await
}

/// The two routes of the WebSocket API.
#[derive(Debug, Clone, Copy)]
pub enum WsRoute {
    Connect,
    Disconnect,
}

/// Runs a WebSocket route function (`$connect` checks the `ticket` query parameter).
pub async fn serve_ws(route: WsRoute) -> Result<(), Error> {
    init_tracing();
    let app = aws_app().await?;
    let app = &app;
    lambda_runtime::run(lambda_runtime::service_fn(
        move |invocation: LambdaEvent<ApiGatewayWebsocketProxyRequest>| async move {
            Ok::<_, Error>(ws_route(app, route, invocation.payload).await)
        },
    ))
    .await
}

/// Answers one WebSocket route's Lambda event: 200, or the status of the error (logged
/// here, once).
pub async fn ws_route(
    app: &App,
    route: WsRoute,
    request: ApiGatewayWebsocketProxyRequest,
) -> ApiGatewayProxyResponse {
    let connection_id = request.request_context.connection_id.unwrap_or_default();
    let outcome = match route {
        WsRoute::Connect => {
            let ticket = request
                .query_string_parameters
                .first("ticket")
                .unwrap_or_default();
            live::connect(app, &connection_id, ticket).await.map(drop)
        }
        WsRoute::Disconnect => live::disconnect(app, &connection_id).await,
    };
    let mut response = ApiGatewayProxyResponse::default();
    response.status_code = match outcome {
        Ok(()) => 200,
        Err(error) => {
            match error.kind {
                Kind::Internal => tracing::error!(%error, ?route, "websocket route failed"),
                _ => tracing::info!(%error, ?route, "websocket connection refused"),
            }
            i64::from(http::status(error.kind))
        }
    };
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use lambda_http::http::{HeaderMap, HeaderValue};

    fn with(value: Option<&str>) -> HeaderMap {
        let mut headers = HeaderMap::new();
        if let Some(value) = value {
            headers.insert(ORIGIN_VERIFY_HEADER, HeaderValue::from_str(value).unwrap());
        }
        headers
    }

    fn body(response: &lambda_http::Response<lambda_http::Body>) -> serde_json::Value {
        match response.body() {
            lambda_http::Body::Text(text) => serde_json::from_str(text).unwrap(),
            other => panic!("not a JSON body: {other:?}"),
        }
    }

    #[test]
    fn without_a_secret_every_request_goes_through() {
        assert!(refuse_direct(None, &with(None)).is_none());
        assert!(refuse_direct(None, &with(Some("anything"))).is_none());
    }

    #[test]
    fn the_right_header_goes_through() {
        assert!(refuse_direct(Some("s3cr3t-value"), &with(Some("s3cr3t-value"))).is_none());
        // Header names are case-insensitive (API Gateway lowercases them anyway).
        let mut headers = HeaderMap::new();
        headers.insert("X-Origin-Verify", HeaderValue::from_static("s3cr3t-value"));
        assert!(refuse_direct(Some("s3cr3t-value"), &headers).is_none());
    }

    #[test]
    fn a_missing_or_wrong_header_is_refused_403_as_json() {
        for presented in [
            None,
            Some(""),
            Some("s3cr3t-valu"),
            Some("s3cr3t-value2"),
            Some("S3CR3T-VALUE"),
        ] {
            let refusal = refuse_direct(Some("s3cr3t-value"), &with(presented))
                .unwrap_or_else(|| panic!("{presented:?} went through"));
            assert_eq!(refusal.status(), 403);
            assert_eq!(
                refusal.headers()["content-type"],
                HeaderValue::from_static("application/json")
            );
            assert_eq!(
                body(&refusal),
                serde_json::json!({"error": {
                    "code": "direct_access",
                    "message": "this API answers through the site's address only",
                }})
            );
        }
    }

    #[test]
    fn secrets_are_compared_whole() {
        assert!(same_secret(b"abc", b"abc"));
        assert!(!same_secret(b"abc", b"abd"));
        assert!(!same_secret(b"abc", b"ab"));
        assert!(!same_secret(b"abc", b"abcd"));
        assert!(!same_secret(b"", b"a"));
        assert!(same_secret(b"", b""));
    }
}
