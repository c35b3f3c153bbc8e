//! Support for the rules' unit tests: a platform on the embedded adapters in a
//! temporary folder, whose mailer keeps what it sends, and members made through the
//! rules themselves. No JSON and no router: tests call each use case's `run`.

use crate::accounts::{Account, signup, verify};
use crate::app::App;
use crate::auth::Role;
use crate::auth::tokens::{AccessClaims, TokenKind};
use crate::dates;
use crate::embedded;
use crate::events::model::DetailsInput;
use crate::events::{answer, create, invite};
use crate::messaging::send;
use crate::messaging::start::{self, Start};
use crate::ports::{Clock, Email, MailError, Mailer, SystemClock};
use async_trait::async_trait;
use std::ops::Deref;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};

pub const PASSWORD: &str = "correct horse battery";

/// A mailer that keeps every email it is given.
#[derive(Default)]
pub struct Sent(Mutex<Vec<Email>>);

#[async_trait]
impl Mailer for Sent {
    async fn send(&self, email: Email) -> Result<(), MailError> {
        self.0.lock().unwrap().push(email);
        Ok(())
    }
}

impl Sent {
    /// The emails sent to `to`, oldest first.
    pub fn to(&self, to: &str) -> Vec<Email> {
        let sent = self.0.lock().unwrap();
        sent.iter().filter(|e| e.to == to).cloned().collect()
    }
}

/// The `token=` of the link an email carries.
pub fn token_of(email: &Email) -> String {
    let start = email.text.find("token=").expect("a link with a token") + "token=".len();
    email.text[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        .collect()
}

pub struct TestApp {
    pub app: App,
    /// The store behind `app.table`, for its change log (the notifier's feed).
    pub change_log: Arc<crate::adapters::sqlite::SqliteTable>,
    /// The store behind `app.blobs`, to follow its signed URLs as the gateway does.
    pub local_blobs: Arc<crate::adapters::local_blob::LocalBlobStore>,
    pub sent: Arc<Sent>,
    /// The app's clock, moved by [`TestApp::advance`].
    pub manual: Arc<ManualClock>,
    _dir: tempfile::TempDir,
}

/// A clock the test moves by hand (milliseconds), starting at the system's time.
pub struct ManualClock(AtomicI64);

impl Clock for ManualClock {
    fn now(&self) -> i64 {
        self.now_ms().div_euclid(1000)
    }
    fn now_ms(&self) -> i64 {
        self.0.load(Ordering::SeqCst)
    }
}

impl TestApp {
    /// Hands every change logged so far to the notifier, as the gateway's feed does.
    pub async fn notify(&self) {
        loop {
            let batch = self.change_log.changes_after(0, 100).await.unwrap();
            let Some(&(last, _)) = batch.last() else {
                return;
            };
            for (_, change) in &batch {
                crate::notifier::notify(&self.app, change).await.unwrap();
            }
            self.change_log.prune_changes_through(last).await.unwrap();
        }
    }

    /// Moves the app's clock `seconds` ahead.
    pub fn advance(&self, seconds: i64) {
        self.manual.0.fetch_add(seconds * 1000, Ordering::SeqCst);
    }
}

impl Deref for TestApp {
    type Target = App;
    fn deref(&self) -> &App {
        &self.app
    }
}

pub fn app() -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let embedded = embedded::open(dir.path(), "http://estrade.test").unwrap();
    let (mut app, local_blobs, change_log) = (embedded.app, embedded.blobs, embedded.table);
    let sent = Arc::new(Sent::default());
    app.mailer = sent.clone();
    let clock = Arc::new(ManualClock(AtomicI64::new(SystemClock.now_ms())));
    app.clock = clock.clone();
    app.config.loopback_calendars = true;
    TestApp {
        app,
        change_log,
        local_blobs,
        sent,
        manual: clock,
        _dir: dir,
    }
}

/// The median of timings, in seconds.
pub fn median(mut times: Vec<f64>) -> f64 {
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

/// The median times (seconds) of `attempt` for an existing email and for an unknown one,
/// over `rounds` taken in turns, each side first every other round (so that a busy machine
/// slows both alike).
pub async fn medians_for_known_and_unknown(
    rounds: usize,
    attempt: impl AsyncFn(&'static str),
) -> (f64, f64) {
    let (mut known, mut unknown) = (Vec::new(), Vec::new());
    for round in 0..rounds {
        let mut turns = [
            ("camille@example.fr", &mut known),
            ("nobody@example.fr", &mut unknown),
        ];
        if round % 2 == 1 {
            turns.reverse();
        }
        for (email, times) in turns {
            let started = std::time::Instant::now();
            attempt(email).await;
            times.push(started.elapsed().as_secs_f64());
        }
    }
    (median(known), median(unknown))
}

/// The claims a signed-in `account` presents.
pub fn caller(app: &App, account: &Account) -> AccessClaims {
    let (token, _) = app
        .tokens
        .issue(&account.id, account.role, TokenKind::Access);
    app.tokens.verify(&token, TokenKind::Access).unwrap()
}

/// Signs up `email` as `role` (named "Test {email}") and verifies the address.
pub async fn member(app: &TestApp, email: &str, role: Role) -> (Account, AccessClaims) {
    let account = signup::run(
        app,
        signup::SignUp {
            email: email.into(),
            password: PASSWORD.into(),
            role,
            name: format!("Test {email}"),
            lang: None,
        },
    )
    .await
    .unwrap();
    let mail = app.sent.to(email).pop().expect("a verification email");
    let verified = verify::run(app, &token_of(&mail)).await.unwrap();
    assert_eq!(verified.id, account.id);
    let account = verified;
    let claims = caller(app, &account);
    (account, claims)
}

/// The day `days` from today, in France.
pub fn in_days(app: &App, days: i64) -> String {
    dates::add_days(dates::today(app.clock.now()), days).to_string()
}

/// An event in Lyon, `days` from today, needing music and photos.
pub fn details(app: &App, name: &str, days: i64) -> DetailsInput {
    DetailsInput {
        name: name.into(),
        date: in_days(app, days),
        city: "Lyon".into(),
        address: "1 place Bellecour".into(),
        needs: vec!["musique".into(), "photo".into()],
        ..Default::default()
    }
}

/// A client and a provider, and the conversation the client started with it.
pub async fn pair(app: &TestApp) -> (AccessClaims, AccessClaims, String) {
    let (_, client) = member(app, "camille@example.fr", Role::Client).await;
    let (trio, provider) = member(app, "trio@example.fr", Role::Provider).await;
    let start = Start {
        provider_id: Some(trio.id),
        ..Default::default()
    };
    let started = start::run(app, &client, start).await.unwrap();
    (client, provider, started.row.conversation_id)
}

/// `from` writes `text` in the conversation.
pub async fn say(app: &App, from: &AccessClaims, conversation: &str, text: &str) {
    let outgoing = send::Outgoing {
        conversation_id: conversation.into(),
        sender_id: from.sub.clone(),
        text: text.into(),
    };
    send::run(app, outgoing).await.unwrap();
}

/// A client's event in 30 days, with `provider` invited for music; returns its id.
pub async fn invited(app: &TestApp, client: &AccessClaims, provider: &AccessClaims) -> String {
    let event = create::run(app, client, details(app, "Mariage", 30))
        .await
        .unwrap();
    let input = invite::Invite {
        provider_id: provider.sub.clone(),
        need: "Musique".into(),
        message: "Êtes-vous libres ?".into(),
    };
    invite::run(app, &client.sub, &event.id, input)
        .await
        .unwrap();
    event.id
}

/// `provider` accepts its request for the event.
pub async fn accepted(app: &TestApp, provider: &AccessClaims, event_id: &str) {
    let accept = answer::Answer::new(answer::Action::Accept);
    answer::run(app, &provider.sub, event_id, &provider.sub, accept)
        .await
        .unwrap();
}

/// A provider (the photographer) offering a whole-day report and an on-request one-hour
/// portrait session with 30 minutes kept free after it, on the default rules.
pub async fn photographer(app: &TestApp) -> AccessClaims {
    use crate::profiles::model::{BookingKind, Profile, ProviderProfile, Service};
    use crate::profiles::update::{self, Edit};
    let (account, claims) = member(app, "photo@example.fr", Role::Provider).await;
    let services = vec![
        Service {
            name: "Reportage journée".into(),
            price_cents: 180_000,
            ..Default::default()
        },
        Service {
            name: "Séance portrait".into(),
            price_cents: 35_000,
            booking: BookingKind::Session {
                minutes: 60,
                buffer_minutes: 30,
            },
            ..Default::default()
        },
    ];
    let edit = Edit {
        user_id: account.id,
        profile: Profile::Provider(ProviderProfile {
            stage_name: "Claire Photographie".into(),
            city: "Nantes".into(),
            services,
            ..Default::default()
        }),
        notify_by_email: None,
    };
    update::run(app, edit).await.unwrap();
    claims
}

/// The first Tuesday at least `days` ahead (a working day on the default rules, never one
/// when the clocks change).
pub fn tuesday(app: &App, days: i64) -> String {
    let mut day = dates::add_days(dates::today(app.clock.now()), days);
    while day.weekday() != jiff::civil::Weekday::Tuesday {
        day = dates::add_days(day, 1);
    }
    day.to_string()
}

/// The photographer, a client (camille@example.fr) and the project of the client's
/// whole-day booking in two weeks or so, which the photographer confirmed.
pub async fn confirmed_project(
    app: &TestApp,
) -> (AccessClaims, AccessClaims, crate::projects::model::Project) {
    use crate::calendar::answer::{self, Action, Answer};
    use crate::calendar::book::{self, NewBooking};
    let provider = photographer(app).await;
    let (_, client) = member(app, "camille@example.fr", Role::Client).await;
    let input = NewBooking {
        provider_id: provider.sub.clone(),
        service: "Reportage journée".into(),
        date: tuesday(app, 14),
        ..Default::default()
    };
    let held = book::run(app, &client, input).await.unwrap();
    let confirm = Answer {
        action: Action::Confirm,
        reason: None,
    };
    let booking = answer::run(app, &provider.sub, &held.id, confirm)
        .await
        .unwrap();
    let id = booking.project_id.expect("a confirmation opens a project");
    let project = crate::projects::model::get(app, &id)
        .await
        .unwrap()
        .unwrap();
    (provider, client, project)
}

/// The six digits of the last email sent to `to` (a signing code).
pub fn last_code(app: &TestApp, to: &str) -> String {
    let mail = app.sent.to(to).pop().expect("an email");
    mail.text
        .split_whitespace()
        .find(|w| w.len() == 6 && w.bytes().all(|b| b.is_ascii_digit()))
        .expect("six digits")
        .to_owned()
}

/// A delivered-to-be gallery « Photos finales » in the photographer's confirmed project.
pub async fn gallery(
    app: &TestApp,
) -> (AccessClaims, AccessClaims, crate::galleries::model::Gallery) {
    use crate::galleries::create::{self, NewGallery};
    let (provider, client, project) = confirmed_project(app).await;
    let input = NewGallery {
        name: "Photos finales".into(),
    };
    let gallery = create::run(app, &provider, &project.id, input)
        .await
        .unwrap();
    (provider, client, gallery)
}

/// A JPEG photo of `w` × `h` pixels.
pub fn jpeg(w: u32, h: u32) -> Vec<u8> {
    let image = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85)
        .encode_image(&image::DynamicImage::ImageRgb8(image))
        .unwrap();
    out
}

/// `provider` uploads a small photo (64 × 48) as `name` into the gallery, checked.
pub async fn photo(
    app: &TestApp,
    provider: &AccessClaims,
    gallery_id: &str,
    name: &str,
) -> crate::galleries::model::File {
    upload(app, provider, gallery_id, name, "image/jpeg", &jpeg(64, 48)).await
}

/// `provider` uploads `bytes` as `name` (`content_type`) into the gallery, as its browser
/// would (a single signed PUT), completes it, and the storage's event is handled.
pub async fn upload(
    app: &TestApp,
    provider: &AccessClaims,
    gallery_id: &str,
    name: &str,
    content_type: &str,
    bytes: &[u8],
) -> crate::galleries::model::File {
    use crate::galleries::upload::{self, NewFile, Plan};
    use crate::galleries::{complete, landing, model};
    use crate::ports::Clock;
    let input = NewFile {
        name: name.into(),
        content_type: content_type.into(),
        size: bytes.len() as u64,
    };
    let (file, plan) = upload::run(app, provider, gallery_id, input).await.unwrap();
    let Plan::Single { url, .. } = plan else {
        panic!("a small file is one PUT");
    };
    let parsed = reqwest::Url::parse(&url).unwrap();
    let key = parsed.path().strip_prefix("/blobs/").unwrap().to_owned();
    let query = parsed.query_pairs().into_owned().collect();
    let signed = app
        .local_blobs
        .verify_upload(&key, &query, SystemClock.now())
        .unwrap();
    app.local_blobs
        .write(&signed, content_type, bytes)
        .await
        .unwrap();
    complete::run(
        app,
        provider,
        gallery_id,
        &file.id,
        complete::Done::default(),
    )
    .await
    .unwrap();
    landing::on_landed(app, &file.original()).await.unwrap();
    model::file(app, gallery_id, &file.id).await.unwrap()
}

/// A client signed up as `email` whose address is not confirmed yet.
pub async fn unverified(app: &TestApp, email: &str) -> AccessClaims {
    let input = signup::SignUp {
        email: email.into(),
        password: PASSWORD.into(),
        role: Role::Client,
        name: "Sam".into(),
        lang: None,
    };
    let account = signup::run(app, input).await.unwrap();
    caller(app, &account)
}
