//! The application context: the ports a use case runs against, built once per
//! process (a Lambda cold start, the local gateway, a test).

use crate::auth::tokens::Tokens;
use crate::ports::{BlobStore, Clock, LivePush, Mailer, TableStore};
use std::sync::Arc;

#[derive(Clone)]
pub struct App {
    pub table: Arc<dyn TableStore>,
    pub blobs: Arc<dyn BlobStore>,
    pub mailer: Arc<dyn Mailer>,
    pub push: Arc<dyn LivePush>,
    pub clock: Arc<dyn Clock>,
    pub tokens: Tokens,
    pub config: Config,
}

#[derive(Debug, Clone)]
pub struct Config {
    /// Where users reach the site, for links in emails (no trailing slash).
    pub public_base_url: String,
    /// Whether cookies get the `Secure` attribute (false only for plain-HTTP local runs).
    pub cookie_secure: bool,
    /// Whether a provider's other calendars may be plain http on loopback: only for the
    /// local gateway's tests (flag `--loopback-calendars`), never in AWS.
    pub loopback_calendars: bool,
    /// The most writes a logged-in user makes in a minute
    /// ([`crate::auth::write_limit::WRITES_PER_MINUTE`]); `None` only for the local gateway's
    /// benchmarks (flag `--no-write-limit`), never in AWS.
    pub writes_per_minute: Option<i64>,
}

impl App {
    /// A link to a page of the site.
    pub fn link(&self, path_and_query: &str) -> String {
        format!("{}{}", self.config.public_base_url, path_and_query)
    }
}
