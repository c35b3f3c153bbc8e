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
use crate::{calendar, contracts, galleries, live, notifier, projects, search};
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
/// configured by `TABLE_NAME`, `BUCKET_NAME`, `SENDER_EMAIL`, `JWT_SECRET`,
/// `PUBLIC_BASE_URL` and `WS_ENDPOINT`.
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
        tokens: Tokens::new(env("JWT_SECRET")?.as_bytes()),
        config: Config {
            public_base_url: env("PUBLIC_BASE_URL")?,
            cookie_secure: true,
            loopback_calendars: false,
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

/// Runs the HTTP function `function`: it serves the routes the route table gives it.
pub async fn serve_http(function: &'static str) -> Result<(), Error> {
    init_tracing();
    let app = aws_app().await?;
    let router = Router::new(Some(function));
    let (app, router) = (&app, &router);
    lambda_http::run(service_fn(move |request: Request| async move {
        Ok::<_, Error>(router.handle(app, request).await)
    }))
    .await
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
    init_tracing();
    let app = aws_app().await?;
    let app = &app;
    lambda_runtime::run(lambda_runtime::service_fn(
        move |_: LambdaEvent<serde_json::Value>| async move {
            let moved = projects::sweep::run(app)
                .await
                .inspect_err(|error| tracing::error!(%error, "projects sweep failed"))?;
            let reminded = galleries::expiry::run(app)
                .await
                .inspect_err(|error| tracing::error!(%error, "gallery reminders failed"))?;
            Ok::<_, Error>(serde_json::json!({ "done": moved, "reminded": reminded }))
        },
    ))
    .await
}

/// Runs `search-reindex`, invoked by hand (`sam remote invoke SearchReindexFunction`)
/// whatever its Lambda event: writes the search entries of every listed provider and
/// answers `{"indexed": n}`. It repairs the index after a profile change the notifier
/// lost.
pub async fn serve_search_reindex() -> Result<(), Error> {
    init_tracing();
    let app = aws_app().await?;
    let app = &app;
    lambda_runtime::run(lambda_runtime::service_fn(
        move |_: LambdaEvent<serde_json::Value>| async move {
            let indexed = search::index::rebuild(app)
                .await
                .inspect_err(|error| tracing::error!(%error, "search reindex failed"))?;
            Ok::<_, Error>(serde_json::json!({ "indexed": indexed }))
        },
    ))
    .await
}

/// Runs `calendar-sync`, invoked every 15 minutes by an EventBridge schedule (whatever its
/// Lambda event): reads every provider's imported calendars again and answers
/// `{"synced": n}` (the calendars read without error; the others record their error).
pub async fn serve_calendar_sync() -> Result<(), Error> {
    init_tracing();
    let app = aws_app().await?;
    let app = &app;
    lambda_runtime::run(lambda_runtime::service_fn(
        move |_: LambdaEvent<serde_json::Value>| async move {
            let synced = calendar::imports::sync_all(app)
                .await
                .inspect_err(|error| tracing::error!(%error, "calendar sync failed"))?;
            Ok::<_, Error>(serde_json::json!({ "synced": synced }))
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
