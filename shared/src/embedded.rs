//! The embedded wiring used by the local gateway and the tests: SQLite, files on
//! disk, an outbox folder, and the gateway's WebSocket hub, all under one folder.

use crate::adapters::{
    hub::Hub, local_blob::LocalBlobStore, outbox::OutboxMailer, sqlite::SqliteTable,
};
use crate::app::{App, Config};
use crate::auth::{secrets, tokens::Tokens};
use crate::ports::SystemClock;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub const SENDER: &str = "Estrade <no-reply@estrade.local>";

pub struct Embedded {
    pub app: App,
    /// The store behind `app.table`, for its change log (the notifier's feed).
    pub table: Arc<SqliteTable>,
    pub hub: Hub,
    pub blobs: Arc<LocalBlobStore>,
    pub outbox: PathBuf,
}

/// Opens (or creates) the platform's data under `data_dir`: `estrade.db`,
/// `blobs/`, `outbox/` and `secret.key` (the signing secret, made on first start).
pub fn open(data_dir: &Path, public_base_url: &str) -> Result<Embedded, String> {
    std::fs::create_dir_all(data_dir).map_err(|e| format!("{}: {e}", data_dir.display()))?;
    let secret = signing_secret(&data_dir.join("secret.key"))?;
    let table =
        Arc::new(SqliteTable::open(data_dir.join("estrade.db")).map_err(|e| e.to_string())?);
    let outbox = data_dir.join("outbox");
    let mailer = OutboxMailer::new(&outbox, SENDER).map_err(|e| e.to_string())?;
    let blobs = Arc::new(LocalBlobStore::new(
        data_dir.join("blobs"),
        public_base_url,
        secret.as_bytes(),
    ));
    let hub = Hub::new();
    let app = App {
        table: table.clone(),
        blobs: blobs.clone(),
        mailer: Arc::new(mailer),
        push: Arc::new(hub.clone()),
        clock: Arc::new(SystemClock),
        tokens: Tokens::new(secret.as_bytes()),
        config: Config {
            public_base_url: public_base_url.trim_end_matches('/').to_owned(),
            cookie_secure: public_base_url.starts_with("https://"),
            loopback_calendars: false,
        },
    };
    Ok(Embedded {
        app,
        table,
        hub,
        blobs,
        outbox,
    })
}

fn signing_secret(path: &Path) -> Result<String, String> {
    if let Ok(secret) = std::fs::read_to_string(path) {
        return Ok(secret.trim().to_owned());
    }
    let secret = secrets::random_token();
    std::fs::write(path, &secret).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(secret)
}
