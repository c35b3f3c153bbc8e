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
    // The signing secret, the accounts and the outbox's links are this user's alone.
    private(data_dir, 0o700)?;
    let secret = signing_secret(&data_dir.join("secret.key"))?;
    let database = data_dir.join("estrade.db");
    let table = Arc::new(SqliteTable::open(&database).map_err(|e| e.to_string())?);
    private(&database, 0o600)?;
    let outbox = data_dir.join("outbox");
    let mailer = OutboxMailer::new(&outbox, SENDER).map_err(|e| e.to_string())?;
    let blobs = Arc::new(LocalBlobStore::new(
        data_dir.join("blobs"),
        public_base_url,
        secrets::derive(secret.as_bytes(), "blob urls"),
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
            writes_per_minute: Some(crate::auth::write_limit::WRITES_PER_MINUTE),
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
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    if let Ok(secret) = std::fs::read_to_string(path) {
        private(path, 0o600)?;
        return Ok(secret.trim().to_owned());
    }
    let secret = secrets::random_token();
    let failed = |e: std::io::Error| format!("{}: {e}", path.display());
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .and_then(|mut file| file.write_all(secret.as_bytes()))
        .map_err(failed)?;
    Ok(secret)
}

/// Gives `path` the permission `mode` (owner only).
fn private(path: &Path, mode: u32) -> Result<(), String> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
        .map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn the_data_folder_its_secret_and_its_database_are_the_owners_alone() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        open(&data, "http://127.0.0.1:8080").unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&data), 0o700);
        assert_eq!(mode(&data.join("secret.key")), 0o600);
        assert_eq!(mode(&data.join("estrade.db")), 0o600);
        // Opened again, with the same secret.
        let first = std::fs::read_to_string(data.join("secret.key")).unwrap();
        open(&data, "http://127.0.0.1:8080").unwrap();
        assert_eq!(
            std::fs::read_to_string(data.join("secret.key")).unwrap(),
            first
        );
    }
}
