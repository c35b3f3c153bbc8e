//! The local gateway: the whole platform in one process, with the embedded adapters.
//!
//! It serves the built frontend, `/api/*` (every route to the very handler its
//! Lambda function runs), the live WebSocket at `/ws`, the signed blob URLs, and the
//! email outbox at `/_outbox`. On first start it seeds demo accounts. A background
//! task feeds the table's change log to the notifier (live pushes, message emails).

mod api;
mod blobs;
mod demo;
mod headers;
mod openapi;
mod outbox;
mod sync;
mod ws;

use axum::Router;
use clap::Parser;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use tower_http::services::{ServeDir, ServeFile};

#[derive(Parser)]
#[command(about = "Run the Estrade platform locally, with no AWS account")]
struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Folder of the local data (database, files, outbox), created when missing.
    #[arg(long, default_value = ".data")]
    data: PathBuf,
    /// The built frontend.
    #[arg(long = "static", default_value = "frontend/dist")]
    static_dir: PathBuf,
    /// Public URL of the site, for links in emails (default: http://ADDR).
    #[arg(long)]
    public_url: Option<String>,
    /// Do not create the demo accounts on first start.
    #[arg(long)]
    no_demo: bool,
    /// Let providers import calendars served over plain http on loopback (a test server).
    /// For tests only: AWS never allows it.
    #[arg(long)]
    loopback_calendars: bool,
    /// No per-user write limit: for the benchmarks' sustained flows only.
    #[arg(long)]
    no_write_limit: bool,
}

pub struct Gateway {
    pub app: estrade::app::App,
    pub hub: estrade::adapters::hub::Hub,
    pub routes: estrade::api::Router,
    pub outbox: PathBuf,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber();
    let args = Args::parse();
    let listener = tokio::net::TcpListener::bind(args.addr).await?;
    let addr = listener.local_addr()?;
    let public_url = args.public_url.unwrap_or_else(|| format!("http://{addr}"));
    let mut embedded = estrade::embedded::open(&args.data, &public_url)?;
    embedded.app.config.loopback_calendars = args.loopback_calendars;
    if args.no_write_limit {
        embedded.app.config.writes_per_minute = None;
    }
    let gateway = Arc::new(Gateway {
        app: embedded.app,
        hub: embedded.hub,
        routes: estrade::api::Router::new(None),
        outbox: embedded.outbox,
    });
    // A data folder made before the search index existed: index its listed providers once.
    if estrade::search::index::is_empty(&gateway.app).await? {
        estrade::search::index::rebuild(&gateway.app).await?;
    }
    let notifier = (gateway.clone(), embedded.table);
    tokio::spawn(
        async move { estrade::notifier::local::follow(&notifier.0.app, &notifier.1).await },
    );
    if !args.no_demo {
        demo::seed(&gateway.app).await?;
    }
    tokio::spawn(sync::every_quarter_hour(gateway.clone()));
    tokio::spawn(sync::every_minute(gateway.clone()));
    // What S3's event notifications do in AWS: each upload that lands is checked and
    // gets its previews (`gallery-preview`).
    let mut landed = embedded.blobs.landed();
    let previews = gateway.clone();
    tokio::spawn(async move {
        while let Some(key) = landed.recv().await {
            if let Err(error) = estrade::galleries::landing::on_landed(&previews.app, &key).await {
                tracing::warn!(%error, key, "gallery preview failed");
            }
        }
    });
    let index = args.static_dir.join("index.html");
    let site = ServeDir::new(&args.static_dir).fallback(ServeFile::new(index));
    let mut app = Router::new()
        .merge(openapi::router())
        .merge(api::router())
        .merge(ws::router())
        .merge(sync::router());
    // The outbox shows every email, reset links included: only on this machine's loopback.
    let emails = if outbox::allowed(addr) {
        app = app.merge(outbox::router());
        format!("{public_url}/_outbox")
    } else {
        eprintln!(
            "The outbox page (/_outbox) is served only on a loopback address (127.0.0.1, ::1), \
             not on {addr}: the emails stay in {}.",
            args.data.join("outbox").display()
        );
        format!("{}", args.data.join("outbox").display())
    };
    let app = app
        .with_state(gateway)
        .merge(blobs::router(embedded.blobs))
        .fallback_service(site);
    let app = headers::add(app, &public_url);
    println!(
        "Estrade is running at {public_url}  (emails: {emails}, data: {})",
        args.data.display()
    );
    // The peer's address reaches `/api/*` as API Gateway's `sourceIp` (`api::forward`).
    let app = app.into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app).await?;
    Ok(())
}

fn tracing_subscriber() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    tracing_subscriber::fmt().with_env_filter(filter).init();
}
