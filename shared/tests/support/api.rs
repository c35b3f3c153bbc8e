//! A platform on the embedded adapters in a temporary folder (or with its table on
//! DynamoDB, on moto), called through the same router the Lambda functions and the local
//! gateway use.

use super::stream::TableStream;
use super::table::{ConditionalFailures, CountingTable};
use estrade::api::Router;
use estrade::auth::Role;
use estrade::auth::session::Session;
use estrade::auth::tokens::{SessionRef, TokenKind};
use estrade::embedded::{self, Embedded};
use estrade::ports::{Clock, SystemClock};
use lambda_http::http::{HeaderMap, Method, Request};
use mail_parser::MimeHeaders;
use serde_json::Value;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use tokio::sync::mpsc::UnboundedReceiver;

/// A clock the test moves by hand (it holds milliseconds).
pub struct ManualClock(AtomicI64);

impl Clock for ManualClock {
    fn now(&self) -> i64 {
        self.now_ms().div_euclid(1000)
    }
    fn now_ms(&self) -> i64 {
        self.0.load(Ordering::SeqCst)
    }
}

/// An email of the outbox.
pub struct Mail {
    pub subject: String,
    pub text: String,
    pub html: String,
    /// The text of its `.ics` attachment, if any.
    pub ics: Option<String>,
}

pub struct TestApi {
    pub platform: Embedded,
    pub clock: Arc<ManualClock>,
    pub router: Router,
    /// The conditional failures of `platform.app.table`, which counts them.
    pub failures: Arc<ConditionalFailures>,
    /// The table's stream when the table is on DynamoDB: what `notify` follows there.
    stream: Option<TableStream>,
    /// The keys of the uploads that landed in the blob store (S3's events, in AWS).
    landed: tokio::sync::Mutex<tokio::sync::mpsc::UnboundedReceiver<String>>,
    _dir: tempfile::TempDir,
}

pub struct Answer {
    pub status: u16,
    pub body: Value,
    pub headers: HeaderMap,
}

impl Answer {
    pub fn code(&self) -> &str {
        self.body["error"]["code"].as_str().unwrap_or_default()
    }
    /// The `name=value` part of the refresh cookie this answer sets.
    pub fn refresh_cookie(&self) -> Option<String> {
        self.headers
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|c| c.starts_with("estrade_refresh="))
            .map(|c| c.split(';').next().unwrap().to_owned())
    }
}

pub const PASSWORD: &str = "correct horse battery";

impl TestApi {
    /// A WebSocket ticket of `user_id` in a new open session (the session item written as
    /// a log-in writes it).
    pub async fn ticket(&self, user_id: &str, role: Role) -> String {
        let app = &self.platform.app;
        let sid = estrade::auth::secrets::new_id();
        let session = Session {
            user_id: user_id.to_owned(),
            revoked: false,
            created_at: app.clock.now(),
        };
        let item = estrade::items::with_key(&estrade::keys::session(user_id, &sid), session);
        app.table.put(item, None).await.unwrap();
        let session = SessionRef { id: &sid, epoch: 0 };
        app.tokens
            .issue_in(user_id, role, TokenKind::WsTicket, session)
            .0
    }

    /// A live connection of `user_id` (a tab), opened with a ticket: what it receives.
    pub async fn tab(&self, user_id: &str) -> UnboundedReceiver<Value> {
        let ticket = self.ticket(user_id, Role::Client).await;
        let (id, notices) = self.platform.hub.register();
        estrade::live::connect(&self.platform.app, &id, &ticket)
            .await
            .unwrap();
        notices
    }

    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let mut platform = embedded::open(dir.path(), "http://estrade.test").unwrap();
        let landed = platform.blobs.landed();
        let clock = Arc::new(ManualClock(AtomicI64::new(SystemClock.now_ms())));
        platform.app.clock = clock.clone();
        let mut api = TestApi {
            platform,
            clock,
            router: Router::new(None),
            failures: Arc::default(),
            stream: None,
            landed: tokio::sync::Mutex::new(landed),
            _dir: dir,
        };
        api.count_failures();
        api
    }

    /// The same platform with its table on DynamoDB (a fresh table on the moto server,
    /// with its stream): `notify` hands the stream's records to the notifier.
    pub async fn on_dynamodb() -> Self {
        use estrade::adapters::dynamo::{DynamoTable, create_table};
        let client = aws_sdk_dynamodb::Client::new(&super::moto::aws_config().await);
        let name = format!("test-{}", estrade::auth::secrets::new_id());
        create_table(&client, &name).await.unwrap();
        let stream = TableStream::open(&client, &name).await;
        let mut api = TestApi::new();
        api.platform.app.table = Arc::new(DynamoTable::new(client, name));
        api.count_failures();
        api.stream = Some(stream);
        api
    }

    /// Puts `platform.app.table` behind a counter of its conditional failures.
    fn count_failures(&mut self) {
        self.failures = Arc::default();
        self.platform.app.table = Arc::new(CountingTable {
            inner: self.platform.app.table.clone(),
            failures: self.failures.clone(),
        });
    }

    pub fn advance(&self, seconds: i64) {
        self.advance_ms(seconds * 1000);
    }

    pub fn advance_ms(&self, milliseconds: i64) {
        self.clock.0.fetch_add(milliseconds, Ordering::SeqCst);
    }

    pub async fn call(
        &self,
        method: &str,
        path: &str,
        body: Option<Value>,
        headers: &[(&str, &str)],
    ) -> Answer {
        let mut request = Request::builder()
            .method(Method::from_bytes(method.as_bytes()).unwrap())
            .uri(path);
        if body.is_some() {
            request = request.header("content-type", "application/json");
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let body = body.map_or(lambda_http::Body::Empty, |b| {
            lambda_http::Body::Text(b.to_string())
        });
        self.send(request.body(body).unwrap()).await
    }

    pub async fn send(&self, request: lambda_http::Request) -> Answer {
        let response = self.router.handle(&self.platform.app, request).await;
        let (parts, body) = response.into_parts();
        let body = match body {
            // A JSON body, or (an iCal feed) the text itself.
            lambda_http::Body::Text(text) => {
                serde_json::from_str(&text).unwrap_or(Value::String(text))
            }
            lambda_http::Body::Empty => Value::Null,
            other => panic!("unexpected body {other:?}"),
        };
        Answer {
            status: parts.status.as_u16(),
            body,
            headers: parts.headers,
        }
    }

    pub async fn post(&self, path: &str, body: Value) -> Answer {
        self.call("POST", path, Some(body), &[]).await
    }

    pub async fn refresh(&self, cookie: &str) -> Answer {
        self.call("POST", "/api/auth/refresh", None, &[("cookie", cookie)])
            .await
    }

    pub async fn get_as(&self, path: &str, token: &str) -> Answer {
        self.call(
            "GET",
            path,
            None,
            &[("authorization", &format!("Bearer {token}"))],
        )
        .await
    }

    /// A POST with a bearer token, and a JSON body when given.
    pub async fn post_as(&self, path: &str, body: Option<Value>, token: &str) -> Answer {
        self.call(
            "POST",
            path,
            body,
            &[("authorization", &format!("Bearer {token}"))],
        )
        .await
    }

    /// The emails sent to `to`, oldest first (texts with LF line endings).
    pub fn mails_to(&self, to: &str) -> Vec<Mail> {
        let mut files: Vec<_> = std::fs::read_dir(&self.platform.outbox)
            .map(|dir| dir.map(|e| e.unwrap().path()).collect())
            .unwrap_or_default();
        files.sort();
        files
            .iter()
            .filter_map(|path| {
                let bytes = std::fs::read(path).unwrap();
                let message = mail_parser::MessageParser::default().parse(&bytes).unwrap();
                let recipient = message.to()?.first()?.address()?.to_owned();
                (recipient == to).then(|| Mail {
                    subject: message.subject().unwrap_or_default().to_owned(),
                    text: message.body_text(0).unwrap().replace("\r\n", "\n"),
                    html: message.body_html(0).unwrap_or_default().into_owned(),
                    ics: message
                        .attachments()
                        .find(|a| a.attachment_name().is_some_and(|n| n.ends_with(".ics")))
                        .map(|a| String::from_utf8_lossy(a.contents()).into_owned()),
                })
            })
            .collect()
    }

    /// The last email sent to `to`: (subject, text).
    pub fn last_mail(&self, to: &str) -> Option<(String, String)> {
        self.mails_to(to)
            .pop()
            .map(|mail| (mail.subject, mail.text))
    }

    /// The token of the last link mailed to `to`.
    pub fn mailed_token(&self, to: &str) -> String {
        let (_, text) = self.last_mail(to).expect("an email was sent");
        let start = text.find("token=").expect("the email has a link") + "token=".len();
        text[start..].split_whitespace().next().unwrap().to_owned()
    }

    /// Hands every change made so far to the notifier, in order, then forgets them: on
    /// SQLite, the change log, as the gateway's follower does; on DynamoDB, the table's
    /// stream, as Lambda invokes the `notifier` function (search index, live pushes, emails)
    /// and the `contract-pdf` function (signed contracts' PDFs).
    pub async fn notify(&self) {
        if let Some(stream) = &self.stream {
            for event in stream.batches().await {
                let app = &self.platform.app;
                let response = estrade::notifier::stream::handle_batch(app, event.clone()).await;
                let failed = &response.batch_item_failures;
                assert!(
                    failed.is_empty(),
                    "the notifier failed on records {failed:?}"
                );
                let render = estrade::contracts::render::on_change;
                let response =
                    estrade::notifier::stream::consume_batch(app, event.clone(), render).await;
                let failed = &response.batch_item_failures;
                assert!(
                    failed.is_empty(),
                    "contract-pdf failed on records {failed:?}"
                );
                let build = estrade::galleries::build::on_change;
                let response = estrade::notifier::stream::consume_batch(app, event, build).await;
                let failed = &response.batch_item_failures;
                assert!(
                    failed.is_empty(),
                    "gallery-archive failed on records {failed:?}"
                );
            }
            return;
        }
        let log = &self.platform.table;
        loop {
            let batch = log.changes_after(0, 100).await.unwrap();
            let Some(&(last, _)) = batch.last() else {
                return;
            };
            for (_, change) in &batch {
                estrade::notifier::notify(&self.platform.app, change)
                    .await
                    .unwrap();
                estrade::contracts::render::on_change(&self.platform.app, change)
                    .await
                    .unwrap();
                estrade::galleries::build::on_change(&self.platform.app, change)
                    .await
                    .unwrap();
            }
            log.prune_changes_through(last).await.unwrap();
        }
    }

    /// Hands the uploads that landed so far to `gallery-preview`'s rule, as S3's events do.
    pub async fn land(&self) {
        let mut landed = self.landed.lock().await;
        while let Ok(key) = landed.try_recv() {
            estrade::galleries::landing::on_landed(&self.platform.app, &key)
                .await
                .unwrap();
        }
    }

    /// PUTs `bytes` to a signed upload URL of the local blob store, as a browser does through
    /// the gateway.
    pub async fn put_blob(&self, url: &str, content_type: &str, bytes: &[u8]) {
        let url = reqwest::Url::parse(url).unwrap();
        let key = url.path().strip_prefix("/blobs/").unwrap().to_owned();
        let query = url.query_pairs().into_owned().collect();
        let blobs = &self.platform.blobs;
        let signed = blobs
            .verify_upload(&key, &query, SystemClock.now())
            .unwrap();
        blobs.write(&signed, content_type, bytes).await.unwrap();
    }

    pub async fn sign_up(&self, email: &str, role: &str) -> Answer {
        self.post(
            "/api/auth/signup",
            serde_json::json!({"email": email, "password": PASSWORD, "role": role, "name": "Test User"}),
        )
        .await
    }

    /// Signs up, verifies and logs in; returns (user id, access token, refresh cookie).
    pub async fn member(&self, email: &str, role: &str) -> (String, String, String) {
        let signed = self.sign_up(email, role).await;
        assert_eq!(signed.status, 201, "{}", signed.body);
        let token = self.mailed_token(email);
        assert_eq!(
            self.post(
                "/api/auth/verify-email",
                serde_json::json!({"token": token})
            )
            .await
            .status,
            200
        );
        self.log_in(email, PASSWORD).await
    }

    /// Logs `email` in (a new session); returns (user id, access token, refresh cookie).
    pub async fn log_in(&self, email: &str, password: &str) -> (String, String, String) {
        let login = self
            .post(
                "/api/auth/login",
                serde_json::json!({"email": email, "password": password}),
            )
            .await;
        assert_eq!(login.status, 200, "{}", login.body);
        let id = login.body["user"]["id"].as_str().unwrap().to_owned();
        let access = login.body["access_token"].as_str().unwrap().to_owned();
        (id, access, login.refresh_cookie().unwrap())
    }

    /// An admin (sign-up refuses the role: the account is written as the demo data writes
    /// it, its email confirmed), logged in through the API; returns (user id, access
    /// token, refresh cookie).
    pub async fn admin(&self, email: &str) -> (String, String, String) {
        let account = estrade::accounts::Account {
            id: estrade::auth::secrets::new_id(),
            email: email.to_owned(),
            role: Role::Admin,
            name: "Admin".into(),
            password_hash: estrade::auth::passwords::hash(PASSWORD).await.unwrap(),
            email_verified: true,
            session_epoch: 0,
            notify_by_email: false,
            lang: "fr".into(),
            created_at: self.platform.app.clock.now(),
        };
        estrade::accounts::signup::create(&self.platform.app, &account)
            .await
            .unwrap();
        self.log_in(email, PASSWORD).await
    }
}
