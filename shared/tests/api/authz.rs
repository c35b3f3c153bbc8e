//! The authorisation matrix: every route of the route table × six callers, each cell the
//! exact status the caller gets. One world is built: a client (the owner) whose event
//! invited a provider, who booked that provider on its calendar (a confirmed project,
//! with galleries and a signed contract) and writes to it; another client; another
//! provider; an admin. Path parameters name the owner's things, so a row says who may
//! touch them. Each request carries a body the rightful caller would send, so a status
//! tells who may act, not what is valid. A route added to the table without a row here
//! fails `the_matrix_has_a_row_for_every_route`.
//!
//! Writes change state: in each row the callers expected to be refused go first, the
//! allowed ones last, and the rows whose writes use something up (a pending request, a
//! held booking, a draft contract, a session) make a fresh one for each cell.

use crate::support::api::{PASSWORD, TestApi};
use estrade::api::routes::ROUTES;
use estrade::dates;
use estrade::ports::Clock;
use serde_json::{Value, json};
use std::cell::{Cell, RefCell};
use std::collections::BTreeSet;
use std::time::Instant;

/// The callers, in the order of a row's cells.
const CALLERS: [&str; 6] = [
    "anonymous",
    "owner",
    "other client",
    "invited provider",
    "other provider",
    "admin",
];
const OWNER: usize = 1;
const PROVIDER: usize = 3;
const OTHER_PROVIDER: usize = 4;

/// A route and the status of each caller (in the order of [`CALLERS`]).
struct Row {
    method: &'static str,
    path: &'static str,
    expect: [u16; 6],
}

const fn row(method: &'static str, path: &'static str, expect: [u16; 6]) -> Row {
    Row {
        method,
        path,
        expect,
    }
}

// The owner's things answer 404 to a caller who has no business knowing they exist
// (another client, another provider, an admin where admins have no reading right), and
// 403 to a caller who knows of them but may not do this (the owner on the provider's
// side of its own project, a client on a provider's route, the provider on the client's).
#[rustfmt::skip]
const MATRIX: &[Row] = &[
    //                                                                  anon owner client prov other admin
    // Public: the bearer token plays no part (a fresh address each time).
    row("POST", "/api/auth/signup",                                    [201, 201, 201, 201, 201, 201]),
    // The mailed link's token is the credential (a fresh account's each time).
    row("POST", "/api/auth/verify-email",                              [200, 200, 200, 200, 200, 200]),
    // Always 202 (the owner's address).
    row("POST", "/api/auth/verify-email/resend",                       [202, 202, 202, 202, 202, 202]),
    // Each caller logs in as itself; the anonymous caller as the owner.
    row("POST", "/api/auth/login",                                     [200, 200, 200, 200, 200, 200]),
    // The refresh cookie is the credential: each caller sends its own; the anonymous caller has none.
    row("POST", "/api/auth/refresh",                                   [401, 200, 200, 200, 200, 200]),
    // Each caller logs out of a fresh session of its own; without a cookie, nothing to end: 204.
    row("POST", "/api/auth/logout",                                    [204, 204, 204, 204, 204, 204]),
    // Always 202, whoever asks (the caller's own address; the owner's for the anonymous caller).
    row("POST", "/api/auth/password-reset",                            [202, 202, 202, 202, 202, 202]),
    // The mailed link's token is the credential (a fresh account's each time).
    row("POST", "/api/auth/password-reset/confirm",                    [204, 204, 204, 204, 204, 204]),
    row("GET", "/api/me",                                              [401, 200, 200, 200, 200, 200]),
    row("POST", "/api/ws/ticket",                                      [401, 200, 200, 200, 200, 200]),
    row("GET", "/api/me/profile",                                      [401, 200, 200, 200, 200, 200]),
    // Each its own profile, with the body of its role.
    row("PUT", "/api/me/profile",                                      [401, 200, 200, 200, 200, 200]),
    row("GET", "/api/providers",                                       [200, 200, 200, 200, 200, 200]),
    row("GET", "/api/providers/{id}",                                  [200, 200, 200, 200, 200, 200]),
    // The owner's confidential profile: itself, the provider it contacted, admins.
    row("GET", "/api/clients/{id}",                                    [401, 200, 404, 200, 404, 200]),
    // A client writes to the invited provider (the owner's conversation exists: 200; the
    // other client's is new: 201); a provider to the owner (granted: 200; never contacted
    // by the owner: 403); an admin takes part in no conversation (403).
    row("POST", "/api/conversations",                                  [401, 200, 201, 200, 403, 403]),
    // Each caller's own inbox.
    row("GET", "/api/conversations",                                   [401, 200, 200, 200, 200, 200]),
    // The owner's conversation with the provider: its two participants only.
    row("GET", "/api/conversations/{id}",                              [401, 200, 404, 200, 404, 404]),
    row("GET", "/api/conversations/{id}/messages",                     [401, 200, 404, 200, 404, 404]),
    row("POST", "/api/conversations/{id}/messages",                    [401, 201, 404, 201, 404, 404]),
    row("POST", "/api/conversations/{id}/read",                        [401, 200, 404, 200, 404, 404]),
    row("POST", "/api/conversations/{id}/archive",                     [401, 200, 404, 200, 404, 404]),
    row("GET", "/api/me/unread",                                       [401, 200, 200, 200, 200, 200]),
    // The signed token of a message email to the owner is the credential.
    row("POST", "/api/email/unsubscribe",                              [200, 200, 200, 200, 200, 200]),
    // Clients only.
    row("POST", "/api/events",                                         [401, 201, 201, 403, 403, 403]),
    // Each caller's own events (none for a provider or an admin).
    row("GET", "/api/events",                                          [401, 200, 200, 200, 200, 200]),
    // The owner's event: its client and the provider it invited.
    row("GET", "/api/events/{id}",                                     [401, 200, 404, 200, 404, 404]),
    // Its client only (the invited provider reads it but may not change it: 404 all the same).
    row("PUT", "/api/events/{id}",                                     [401, 200, 404, 404, 404, 404]),
    // A fresh event each time.
    row("POST", "/api/events/{id}/cancel",                             [401, 200, 404, 404, 404, 404]),
    // A fresh event each time, inviting the provider.
    row("POST", "/api/events/{id}/requests",                           [401, 201, 404, 404, 404, 404]),
    // A fresh pending request to the provider each time: only that provider answers it.
    row("POST", "/api/events/{id}/requests/{provider_id}/answer",      [401, 404, 404, 200, 404, 404]),
    // A fresh accepted request of the provider each time: only the event's client books it.
    row("POST", "/api/events/{id}/requests/{provider_id}/book",        [401, 200, 404, 404, 404, 404]),
    // Each caller's own requests, kept under its id: a client's or an admin's list is empty.
    row("GET", "/api/requests",                                        [401, 200, 200, 200, 200, 200]),
    // A booking of the provider on a fresh day each time: clients only.
    row("POST", "/api/bookings",                                       [401, 201, 201, 403, 403, 403]),
    // The owner's confirmed booking: its client and its provider.
    row("GET", "/api/bookings/{id}",                                   [401, 200, 404, 200, 404, 404]),
    // A fresh held booking each time: only its provider answers.
    row("POST", "/api/bookings/{id}/answer",                           [401, 404, 404, 200, 404, 404]),
    // A fresh held booking each time: either side cancels.
    row("POST", "/api/bookings/{id}/cancel",                           [401, 200, 404, 200, 404, 404]),
    // Each caller's own bookings as a client.
    row("GET", "/api/me/bookings",                                     [401, 200, 200, 200, 200, 200]),
    // Providers only, each its own calendar.
    row("GET", "/api/me/calendar",                                     [401, 403, 403, 200, 200, 403]),
    row("PUT", "/api/me/calendar/rules",                               [401, 403, 403, 200, 200, 403]),
    row("GET", "/api/providers/{id}/availability",                     [200, 200, 200, 200, 200, 200]),
    row("POST", "/api/me/calendar/feed",                               [401, 403, 403, 200, 200, 403]),
    // The provider's feed secret (a fresh one each time) is the credential.
    row("GET", "/api/calendar/{token}",                                [200, 200, 200, 200, 200, 200]),
    row("POST", "/api/me/calendar/imports",                            [401, 403, 403, 201, 201, 403]),
    // The provider's imported calendar, kept under its id: anyone else finds none.
    row("DELETE", "/api/me/calendar/imports/{id}",                     [401, 404, 404, 204, 404, 404]),
    // Each caller's own projects.
    row("GET", "/api/projects",                                        [401, 200, 200, 200, 200, 200]),
    // The owner's project: its client and its provider.
    row("GET", "/api/projects/{id}",                                   [401, 200, 404, 200, 404, 404]),
    // Cancelling a fresh confirmed project each time (either side may, with a reason).
    row("POST", "/api/projects/{id}/status",                           [401, 200, 404, 200, 404, 404]),
    // The provider's private notes: its client knows the project (403).
    row("PUT", "/api/projects/{id}/notes",                             [401, 403, 404, 200, 404, 404]),
    // Providers only.
    row("GET", "/api/me/dashboard",                                    [401, 403, 403, 200, 200, 403]),
    row("GET", "/api/me/contract-templates",                           [401, 403, 403, 200, 200, 403]),
    row("POST", "/api/me/contract-templates",                          [401, 403, 403, 201, 201, 403]),
    // The provider's template, kept under its id: another provider finds none.
    row("PUT", "/api/me/contract-templates/{id}",                      [401, 403, 403, 200, 404, 403]),
    // A fresh template of the provider each time.
    row("DELETE", "/api/me/contract-templates/{id}",                   [401, 403, 403, 204, 404, 403]),
    // A fresh confirmed project each time: its provider prepares the contract.
    row("POST", "/api/projects/{id}/contract",                         [401, 403, 404, 201, 404, 404]),
    // A fresh project with a draft each time.
    row("PUT", "/api/projects/{id}/contract",                          [401, 403, 404, 200, 404, 404]),
    // The signed contract: both sides read it.
    row("GET", "/api/projects/{id}/contract",                          [401, 200, 404, 200, 404, 404]),
    // A fresh project with a draft each time.
    row("POST", "/api/projects/{id}/contract/send",                    [401, 403, 404, 200, 404, 404]),
    // A fresh sent contract each time: the client signs first, so the provider, a party
    // whose turn has not come, gets 409 not_your_turn.
    row("POST", "/api/projects/{id}/contract/code",                    [401, 202, 404, 409, 404, 404]),
    // A fresh sent contract each time, its code mailed to the owner: every caller sends the
    // owner's code (a code signs for its signer only; the provider: 409 not_your_turn).
    row("POST", "/api/projects/{id}/contract/sign",                    [401, 200, 404, 409, 404, 404]),
    // The signed contract's PDF: both sides.
    row("POST", "/api/projects/{id}/contract/pdf",                     [401, 200, 404, 200, 404, 404]),
    // The signed PDF's hash: public.
    row("GET", "/api/verify/{sha256}",                                 [200, 200, 200, 200, 200, 200]),
    // The project's galleries: its sides, and admins, who read galleries as the provider does.
    row("GET", "/api/projects/{id}/galleries",                         [401, 200, 404, 200, 404, 200]),
    // Its provider only (an admin does not reach the project itself: 404).
    row("POST", "/api/projects/{id}/galleries",                        [401, 403, 404, 201, 404, 404]),
    // The draft gallery: the client does not see a draft (404); admins read it but do not
    // manage it (403), nor does any route below that changes a gallery.
    row("PUT", "/api/galleries/{id}",                                  [401, 404, 404, 200, 404, 403]),
    // A fresh draft gallery each time.
    row("DELETE", "/api/galleries/{id}",                               [401, 404, 404, 204, 404, 403]),
    // The delivered gallery.
    row("GET", "/api/galleries/{id}",                                  [401, 200, 404, 200, 404, 200]),
    // The draft gallery.
    row("POST", "/api/galleries/{id}/files",                           [401, 404, 404, 201, 404, 403]),
    // The draft gallery's multipart upload: its uploader only.
    row("POST", "/api/galleries/{id}/files/{file_id}/parts/{number}",  [401, 404, 404, 200, 404, 403]),
    row("GET", "/api/galleries/{id}/files/{file_id}/parts",            [401, 404, 404, 200, 404, 403]),
    // A fresh upload, stored, each time.
    row("POST", "/api/galleries/{id}/files/{file_id}/complete",        [401, 404, 404, 200, 404, 403]),
    // A fresh upload each time.
    row("DELETE", "/api/galleries/{id}/files/{file_id}",               [401, 404, 404, 204, 404, 403]),
    // A fresh gallery with a ready file each time.
    row("POST", "/api/galleries/{id}/deliver",                         [401, 404, 404, 200, 404, 403]),
    // The delivered gallery: the client sees it now (403).
    row("POST", "/api/galleries/{id}/extend",                          [401, 403, 404, 200, 404, 403]),
    // The delivered gallery's file: the client chooses its favourites.
    row("PUT", "/api/galleries/{id}/files/{file_id}/favourite",        [401, 200, 404, 403, 404, 403]),
    row("POST", "/api/galleries/{id}/files/{file_id}/download",        [401, 200, 404, 200, 404, 200]),
    // A fresh delivered gallery each time: its first archive is building (202).
    row("POST", "/api/galleries/{id}/archives",                        [401, 202, 404, 202, 404, 202]),
    // The delivered gallery's ready archive.
    row("POST", "/api/galleries/{id}/archives/{archive_id}/parts/{number}/download",
                                                                       [401, 200, 404, 200, 404, 200]),
    row("GET", "/api/search",                                          [200, 200, 200, 200, 200, 200]),
    row("GET", "/api/places",                                          [200, 200, 200, 200, 200, 200]),
];

#[test]
fn the_matrix_has_a_row_for_every_route() {
    let routes: BTreeSet<(&str, &str)> = ROUTES.iter().map(|r| (r.method, r.path)).collect();
    let rows: BTreeSet<(&str, &str)> = MATRIX.iter().map(|r| (r.method, r.path)).collect();
    assert_eq!(
        rows.len(),
        MATRIX.len(),
        "a route has two rows in the matrix"
    );
    let missing: Vec<_> = routes.difference(&rows).collect();
    let extra: Vec<_> = rows.difference(&routes).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "the authorisation matrix (shared/tests/api/authz.rs) must have one row per route \
         of the route table: routes without a row (add one, with each caller's status): \
         {missing:?}; rows of no route (remove them): {extra:?}"
    );
}

/// A logged-in member.
struct Member {
    id: String,
    email: String,
    token: String,
    cookie: String,
}

async fn member(api: &TestApi, email: &str, role: &str) -> Member {
    let (id, token, cookie) = api.member(email, role).await;
    Member {
        id,
        email: email.to_owned(),
        token,
        cookie,
    }
}

/// What one cell sends: the path (with its query), the body, and a refresh cookie.
struct Call {
    path: String,
    body: Option<Value>,
    cookie: Option<String>,
}

fn call(path: String, body: Option<Value>) -> Call {
    Call {
        path,
        body,
        cookie: None,
    }
}

/// The invited provider's public profile: a photographer with whole-day services.
fn photographer_profile() -> Value {
    json!({
        "stage_name": "Claire Photographie", "kind": "photographe", "presentation": "",
        "description": "", "members": [], "offer": {}, "city": "Nantes", "all_france": true,
        "regions": [], "price_text": "",
        "services": [{"name": "Reportage journée", "price_cents": 180000}],
    })
}

fn dj_profile() -> Value {
    json!({
        "stage_name": "DJ Nova", "kind": "dj", "presentation": "", "description": "",
        "members": [], "offer": {}, "city": "Orléans", "all_france": true, "regions": [],
        "price_text": "", "services": [{"name": "Soirée", "price_cents": 90000}],
    })
}

fn client_profile() -> Value {
    json!({"name": "Camille Martin", "city": "Orléans", "venue_description": "Un salon"})
}

const PDF: &[u8] = b"%PDF-1.7\n%%EOF\n";

/// The owner's things, and the members.
struct World {
    /// Indexed by caller; the anonymous caller is `None`.
    members: [Option<Member>; 6],
    conversation: String,
    event: String,
    event_body: Value,
    /// The owner's confirmed booking of the provider, and its project.
    booking: String,
    project: String,
    /// A project whose contract both sides signed, and its PDF's SHA-256.
    signed: String,
    pdf_sha: String,
    /// A delivered gallery of `project`, its ready file and its ready archive.
    gallery: String,
    file: String,
    archive: String,
    /// A draft gallery of `project`, and a multipart upload in it.
    draft: String,
    multipart: String,
    template: String,
    import: String,
    /// The provider's calendar rules (the defaults).
    rules: Value,
    unsubscribe: String,
    /// The next free offsets (in days from today) of calendar bookings and events.
    next_booking_day: Cell<i64>,
    next_event_day: Cell<i64>,
    /// A project that holds the galleries made for single cells, and how many it holds.
    spare: RefCell<(String, usize)>,
    /// How many accounts the cells made.
    accounts: Cell<usize>,
}

impl World {
    fn member(&self, who: usize) -> &Member {
        self.members[who].as_ref().expect("a member")
    }
    fn owner(&self) -> &Member {
        self.member(OWNER)
    }
    fn provider(&self) -> &Member {
        self.member(PROVIDER)
    }

    /// A fresh working day (not a Sunday) for a calendar booking.
    fn booking_day(&self, api: &TestApi) -> String {
        loop {
            let offset = self.next_booking_day.get();
            self.next_booking_day.set(offset + 1);
            let day = dates::add_days(dates::today(api.clock.now()), offset);
            if day.weekday() != jiff::civil::Weekday::Sunday {
                return day.to_string();
            }
        }
    }

    fn event_body(&self, api: &TestApi) -> Value {
        let offset = self.next_event_day.get();
        self.next_event_day.set(offset + 1);
        event_body(api, offset)
    }

    async fn build(api: &TestApi) -> World {
        let owner = member(api, "owner@example.fr", "client").await;
        let client = member(api, "other@example.fr", "client").await;
        let provider = member(api, "photo@example.fr", "provider").await;
        let other_provider = member(api, "dj@example.fr", "provider").await;
        let (id, token, cookie) = api.admin("admin@example.fr").await;
        let admin = Member {
            id,
            email: "admin@example.fr".into(),
            token,
            cookie,
        };
        for (who, profile) in [
            (&provider, photographer_profile()),
            (&other_provider, dj_profile()),
        ] {
            let saved = send(api, "PUT", "/api/me/profile", Some(profile), who).await;
            assert_eq!(saved.status, 200, "{}", saved.body);
        }
        let mut world = World {
            members: [
                None,
                Some(owner),
                Some(client),
                Some(provider),
                Some(other_provider),
                Some(admin),
            ],
            conversation: String::new(),
            event: String::new(),
            event_body: Value::Null,
            booking: String::new(),
            project: String::new(),
            signed: String::new(),
            pdf_sha: String::new(),
            gallery: String::new(),
            file: String::new(),
            archive: String::new(),
            draft: String::new(),
            multipart: String::new(),
            template: String::new(),
            import: String::new(),
            rules: Value::Null,
            unsubscribe: String::new(),
            next_booking_day: Cell::new(10),
            next_event_day: Cell::new(200),
            spare: RefCell::new((String::new(), usize::MAX)),
            accounts: Cell::new(0),
        };
        let (owner, provider) = (world.owner(), world.provider());
        // The conversation: the owner writes, the provider answers.
        let started = ok(
            api,
            "POST",
            "/api/conversations",
            json!({"provider_id": provider.id}),
            owner,
        )
        .await;
        let conversation = started["conversation"]["id"].as_str().unwrap().to_owned();
        let messages = format!("/api/conversations/{conversation}/messages");
        ok(api, "POST", &messages, json!({"text": "Bonjour"}), owner).await;
        api.advance(1);
        ok(
            api,
            "POST",
            &messages,
            json!({"text": "Bonjour !"}),
            provider,
        )
        .await;
        // The event, inviting the provider.
        let event_body = world.event_body(api);
        let event = created_event(api, owner, event_body.clone()).await;
        invite(api, owner, &event, provider).await;
        // The booking, confirmed: the project.
        let (booking, project) = world.confirmed(api).await;
        // A project whose contract both sides signed.
        let (_, signed) = world.confirmed(api).await;
        let contract = world.sent_contract(api, &signed).await;
        let base = format!("/api/projects/{signed}/contract");
        for (who, name) in [(owner, "Camille Martin"), (provider, "Claire Durand")] {
            let code = ask_code(api, who, &signed).await;
            let body = signing(name, &contract, &code);
            ok(api, "POST", &format!("{base}/sign"), body, who).await;
        }
        // Galleries: one delivered, with a ready file; a draft with a multipart upload.
        let gallery = new_gallery(api, provider, &project).await;
        let file = uploaded(api, provider, &gallery).await;
        api.land().await;
        ok(
            api,
            "POST",
            &format!("/api/galleries/{gallery}/deliver"),
            Value::Null,
            provider,
        )
        .await;
        let archives = format!("/api/galleries/{gallery}/archives");
        let asked = json!({"selection": "all"});
        ok(api, "POST", &archives, asked.clone(), owner).await;
        let draft = new_gallery(api, provider, &project).await;
        let big = json!({"name": "film.mp4", "type": "video/mp4", "size": 100u64 << 20});
        let upload = ok(
            api,
            "POST",
            &format!("/api/galleries/{draft}/files"),
            big,
            provider,
        )
        .await;
        assert_eq!(upload["upload"]["kind"], "multipart", "{upload}");
        let multipart = upload["file"]["id"].as_str().unwrap().to_owned();
        // A template, an imported calendar, the rules.
        let template = ok(
            api,
            "POST",
            "/api/me/contract-templates",
            template_body(),
            provider,
        )
        .await["template"]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let import = ok(
            api,
            "POST",
            "/api/me/calendar/imports",
            json!({"url": "https://calendar.example.com/claire.ics"}),
            provider,
        )
        .await["import"]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let month = format!("/api/me/calendar?month={}", &world.booking_day(api)[..7]);
        let agenda = send(api, "GET", &month, None, provider).await;
        assert_eq!(agenda.status, 200, "{}", agenda.body);
        let rules = agenda.body["rules"].clone();
        // The change feed: the PDF rendered, the archive built, the message emailed.
        api.notify().await;
        let archive = ok(api, "POST", &archives, asked, owner).await["archive"].clone();
        assert_eq!(archive["status"], "ready", "{archive}");
        let pdf = ok(api, "POST", &format!("{base}/pdf"), Value::Null, provider).await;
        let unsubscribe = api
            .mails_to(&owner.email)
            .iter()
            .rev()
            .find_map(|mail| {
                let start = mail.text.find("/desabonnement?token=")? + 21;
                Some(mail.text[start..].split_whitespace().next()?.to_owned())
            })
            .expect("a message email with its unsubscribe link");
        world.conversation = conversation;
        world.event = event;
        world.event_body = event_body;
        world.booking = booking;
        world.project = project;
        world.signed = signed;
        world.pdf_sha = pdf["sha256"].as_str().unwrap().to_owned();
        world.gallery = gallery;
        world.file = file;
        world.archive = archive["id"].as_str().unwrap().to_owned();
        world.draft = draft;
        world.multipart = multipart;
        world.template = template;
        world.import = import;
        world.rules = rules;
        world.unsubscribe = unsubscribe;
        world
    }

    /// A booking of the provider by the owner, held: its id.
    async fn held(&self, api: &TestApi) -> String {
        let body = json!({
            "provider_id": self.provider().id, "service": "Reportage journée",
            "date": self.booking_day(api),
        });
        let held = ok(api, "POST", "/api/bookings", body, self.owner()).await;
        held["booking"]["id"].as_str().unwrap().to_owned()
    }

    /// A booking of the provider by the owner, confirmed: (booking, project).
    async fn confirmed(&self, api: &TestApi) -> (String, String) {
        let id = self.held(api).await;
        let path = format!("/api/bookings/{id}/answer");
        let confirmed = ok(
            api,
            "POST",
            &path,
            json!({"action": "confirm"}),
            self.provider(),
        )
        .await;
        let project = confirmed["booking"]["project_id"].as_str().unwrap();
        (id, project.to_owned())
    }

    /// A fresh confirmed project with a draft contract: (project, draft).
    async fn drafted(&self, api: &TestApi) -> (String, Value) {
        let (_, project) = self.confirmed(api).await;
        let prepared = ok(
            api,
            "POST",
            &format!("/api/projects/{project}/contract"),
            json!({"template_id": "model"}),
            self.provider(),
        )
        .await;
        (project, prepared["contract"].clone())
    }

    /// The project's contract, prepared from the model and sent: the contract.
    async fn sent_contract(&self, api: &TestApi, project: &str) -> Value {
        let prepared = ok(
            api,
            "POST",
            &format!("/api/projects/{project}/contract"),
            json!({"template_id": "model"}),
            self.provider(),
        )
        .await;
        let revision = prepared["contract"]["revision"].clone();
        let sent = ok(
            api,
            "POST",
            &format!("/api/projects/{project}/contract/send"),
            json!({"revision": revision}),
            self.provider(),
        )
        .await;
        sent["contract"].clone()
    }

    /// A project of the owner with room for another gallery.
    async fn spare_project(&self, api: &TestApi) -> String {
        let (project, count) = self.spare.borrow().clone();
        if count < 15 {
            *self.spare.borrow_mut() = (project.clone(), count + 1);
            return project;
        }
        let (_, project) = self.confirmed(api).await;
        *self.spare.borrow_mut() = (project.clone(), 1);
        project
    }

    /// A fresh delivered gallery with one ready file.
    async fn delivered(&self, api: &TestApi) -> String {
        let gallery = self.ready_gallery(api).await;
        let path = format!("/api/galleries/{gallery}/deliver");
        ok(api, "POST", &path, Value::Null, self.provider()).await;
        gallery
    }

    /// A fresh draft gallery with one ready file.
    async fn ready_gallery(&self, api: &TestApi) -> String {
        let project = self.spare_project(api).await;
        let gallery = new_gallery(api, self.provider(), &project).await;
        uploaded(api, self.provider(), &gallery).await;
        api.land().await;
        gallery
    }

    /// A fresh account, signed up but not verified: (email, the verification token).
    async fn signed_up(&self, api: &TestApi, prefix: &str) -> (String, String) {
        let n = self.accounts.get();
        self.accounts.set(n + 1);
        let email = format!("{prefix}-{n}@example.fr");
        let signed = api.sign_up(&email, "client").await;
        assert_eq!(signed.status, 201, "{}", signed.body);
        let token = api.mailed_token(&email);
        (email, token)
    }

    /// What `who` sends in the row's cell: the owner's things, or fresh ones.
    async fn call(&self, api: &TestApi, row: &Row, who: usize) -> Call {
        let owner = self.owner();
        let provider = self.provider();
        let own = self.members[who].as_ref();
        let is_provider = matches!(who, PROVIDER | OTHER_PROVIDER);
        let conversation = format!("/api/conversations/{}", self.conversation);
        let event = format!("/api/events/{}", self.event);
        let project = format!("/api/projects/{}", self.project);
        let gallery = format!("/api/galleries/{}", self.gallery);
        let draft = format!("/api/galleries/{}", self.draft);
        let path = |p: &str| p.to_owned();
        match (row.method, row.path) {
            ("POST", "/api/auth/signup") => {
                let n = self.accounts.get();
                self.accounts.set(n + 1);
                let email = format!("signup-{n}@example.fr");
                let body =
                    json!({"email": email, "password": PASSWORD, "role": "client", "name": "Sam"});
                call(path(row.path), Some(body))
            }
            ("POST", "/api/auth/verify-email") => {
                let (_, token) = self.signed_up(api, "verify").await;
                call(path(row.path), Some(json!({"token": token})))
            }
            ("POST", "/api/auth/verify-email/resend" | "/api/auth/password-reset") => {
                let email = own.unwrap_or(owner).email.clone();
                call(path(row.path), Some(json!({"email": email})))
            }
            ("POST", "/api/auth/login") => {
                let email = own.unwrap_or(owner).email.clone();
                let body = json!({"email": email, "password": PASSWORD});
                call(path(row.path), Some(body))
            }
            ("POST", "/api/auth/refresh") => Call {
                path: path(row.path),
                body: None,
                cookie: own.map(|m| m.cookie.clone()),
            },
            ("POST", "/api/auth/logout") => {
                let cookie = match own {
                    None => None,
                    Some(m) => {
                        let body = json!({"email": m.email, "password": PASSWORD});
                        let login = api.post("/api/auth/login", body).await;
                        assert_eq!(login.status, 200, "{}", login.body);
                        login.refresh_cookie()
                    }
                };
                Call {
                    path: path(row.path),
                    body: None,
                    cookie,
                }
            }
            ("POST", "/api/auth/password-reset/confirm") => {
                let (email, _) = self.signed_up(api, "reset").await;
                let asked = api
                    .post("/api/auth/password-reset", json!({"email": email}))
                    .await;
                assert_eq!(asked.status, 202, "{}", asked.body);
                api.notify().await;
                let token = api.mailed_token(&email);
                let body = json!({"token": token, "password": "another horse battery"});
                call(path(row.path), Some(body))
            }
            ("GET", "/api/me" | "/api/me/profile" | "/api/providers" | "/api/conversations")
            | ("GET", "/api/me/unread" | "/api/events" | "/api/requests" | "/api/me/bookings")
            | ("GET", "/api/projects" | "/api/me/dashboard" | "/api/me/contract-templates")
            | ("POST", "/api/ws/ticket" | "/api/me/calendar/feed") => call(path(row.path), None),
            ("PUT", "/api/me/profile") => {
                let body = match who {
                    PROVIDER => photographer_profile(),
                    OTHER_PROVIDER => dj_profile(),
                    _ => client_profile(),
                };
                call(path(row.path), Some(body))
            }
            ("GET", "/api/providers/{id}") => call(format!("/api/providers/{}", provider.id), None),
            ("GET", "/api/clients/{id}") => call(format!("/api/clients/{}", owner.id), None),
            ("POST", "/api/conversations") => {
                let body = if is_provider {
                    json!({"client_id": owner.id})
                } else {
                    json!({"provider_id": provider.id})
                };
                call(path(row.path), Some(body))
            }
            ("GET", "/api/conversations/{id}") => call(conversation, None),
            ("GET", "/api/conversations/{id}/messages") => {
                call(format!("{conversation}/messages"), None)
            }
            ("POST", "/api/conversations/{id}/messages") => call(
                format!("{conversation}/messages"),
                Some(json!({"text": "Toujours d'accord ?"})),
            ),
            ("POST", "/api/conversations/{id}/read") => call(format!("{conversation}/read"), None),
            ("POST", "/api/conversations/{id}/archive") => call(
                format!("{conversation}/archive"),
                Some(json!({"archived": false})),
            ),
            ("POST", "/api/email/unsubscribe") => {
                call(path(row.path), Some(json!({"token": self.unsubscribe})))
            }
            ("POST", "/api/events") => call(path(row.path), Some(self.event_body(api))),
            ("GET", "/api/events/{id}") => call(event, None),
            ("PUT", "/api/events/{id}") => call(event, Some(self.event_body.clone())),
            ("POST", "/api/events/{id}/cancel") => {
                let id = created_event(api, owner, self.event_body(api)).await;
                call(format!("/api/events/{id}/cancel"), None)
            }
            ("POST", "/api/events/{id}/requests") => {
                let id = created_event(api, owner, self.event_body(api)).await;
                let body =
                    json!({"provider_id": provider.id, "need": "photo", "message": "Libre ?"});
                call(format!("/api/events/{id}/requests"), Some(body))
            }
            ("POST", "/api/events/{id}/requests/{provider_id}/answer") => {
                let id = created_event(api, owner, self.event_body(api)).await;
                invite(api, owner, &id, provider).await;
                call(
                    format!("/api/events/{id}/requests/{}/answer", provider.id),
                    Some(json!({"action": "accept"})),
                )
            }
            ("POST", "/api/events/{id}/requests/{provider_id}/book") => {
                let id = created_event(api, owner, self.event_body(api)).await;
                invite(api, owner, &id, provider).await;
                let base = format!("/api/events/{id}/requests/{}", provider.id);
                let accept = json!({"action": "accept"});
                ok(api, "POST", &format!("{base}/answer"), accept, provider).await;
                call(format!("{base}/book"), None)
            }
            ("POST", "/api/bookings") => {
                let body = json!({
                    "provider_id": provider.id, "service": "Reportage journée",
                    "date": self.booking_day(api),
                });
                call(path(row.path), Some(body))
            }
            ("GET", "/api/bookings/{id}") => call(format!("/api/bookings/{}", self.booking), None),
            ("POST", "/api/bookings/{id}/answer") => {
                let id = self.held(api).await;
                let body = json!({"action": "confirm"});
                call(format!("/api/bookings/{id}/answer"), Some(body))
            }
            ("POST", "/api/bookings/{id}/cancel") => {
                let id = self.held(api).await;
                let body = json!({"reason": "Un empêchement"});
                call(format!("/api/bookings/{id}/cancel"), Some(body))
            }
            ("GET", "/api/me/calendar") => {
                let month = &self.booking_day(api)[..7];
                call(format!("/api/me/calendar?month={month}"), None)
            }
            ("PUT", "/api/me/calendar/rules") => call(path(row.path), Some(self.rules.clone())),
            ("GET", "/api/providers/{id}/availability") => {
                let month = &self.booking_day(api)[..7];
                let p = format!("/api/providers/{}/availability?month={month}", provider.id);
                call(p, None)
            }
            ("GET", "/api/calendar/{token}") => {
                let feed = ok(api, "POST", "/api/me/calendar/feed", Value::Null, provider).await;
                let url = feed["url"].as_str().unwrap();
                let at = url.find("/api/calendar/").expect("a feed path");
                call(url[at..].to_owned(), None)
            }
            ("POST", "/api/me/calendar/imports") => {
                let body = json!({"url": "https://calendar.example.com/other.ics"});
                call(path(row.path), Some(body))
            }
            ("DELETE", "/api/me/calendar/imports/{id}") => {
                call(format!("/api/me/calendar/imports/{}", self.import), None)
            }
            ("GET", "/api/projects/{id}") => call(project, None),
            ("POST", "/api/projects/{id}/status") => {
                let (_, id) = self.confirmed(api).await;
                let body =
                    json!({"from": "confirmed", "to": "cancelled", "note": "Un empêchement"});
                call(format!("/api/projects/{id}/status"), Some(body))
            }
            ("PUT", "/api/projects/{id}/notes") => call(
                format!("{project}/notes"),
                Some(json!({"notes": "Penser au flash"})),
            ),
            ("POST", "/api/me/contract-templates") => call(path(row.path), Some(template_body())),
            ("PUT", "/api/me/contract-templates/{id}") => call(
                format!("/api/me/contract-templates/{}", self.template),
                Some(template_body()),
            ),
            ("DELETE", "/api/me/contract-templates/{id}") => {
                let made = ok(
                    api,
                    "POST",
                    "/api/me/contract-templates",
                    template_body(),
                    provider,
                )
                .await;
                let id = made["template"]["id"].as_str().unwrap();
                call(format!("/api/me/contract-templates/{id}"), None)
            }
            ("POST", "/api/projects/{id}/contract") => {
                let (_, id) = self.confirmed(api).await;
                call(
                    format!("/api/projects/{id}/contract"),
                    Some(json!({"template_id": "model"})),
                )
            }
            ("PUT", "/api/projects/{id}/contract") => {
                let (id, draft) = self.drafted(api).await;
                let text = format!(
                    "{}\n\nAvenant : deux heures de plus.",
                    draft["text"].as_str().unwrap()
                );
                let body = json!({"text": text, "revision": draft["revision"]});
                call(format!("/api/projects/{id}/contract"), Some(body))
            }
            ("GET", "/api/projects/{id}/contract") => {
                call(format!("/api/projects/{}/contract", self.signed), None)
            }
            ("POST", "/api/projects/{id}/contract/send") => {
                let (id, draft) = self.drafted(api).await;
                let body = json!({"revision": draft["revision"]});
                call(format!("/api/projects/{id}/contract/send"), Some(body))
            }
            ("POST", "/api/projects/{id}/contract/code") => {
                let (_, id) = self.confirmed(api).await;
                self.sent_contract(api, &id).await;
                call(format!("/api/projects/{id}/contract/code"), None)
            }
            ("POST", "/api/projects/{id}/contract/sign") => {
                let (_, id) = self.confirmed(api).await;
                let contract = self.sent_contract(api, &id).await;
                let code = ask_code(api, owner, &id).await;
                let body = signing("Camille Martin", &contract, &code);
                call(format!("/api/projects/{id}/contract/sign"), Some(body))
            }
            ("POST", "/api/projects/{id}/contract/pdf") => {
                call(format!("/api/projects/{}/contract/pdf", self.signed), None)
            }
            ("GET", "/api/verify/{sha256}") => call(format!("/api/verify/{}", self.pdf_sha), None),
            ("GET", "/api/projects/{id}/galleries") => call(format!("{project}/galleries"), None),
            ("POST", "/api/projects/{id}/galleries") => {
                let id = self.spare_project(api).await;
                let body = json!({"name": "Vidéos"});
                call(format!("/api/projects/{id}/galleries"), Some(body))
            }
            ("PUT", "/api/galleries/{id}") => {
                call(draft, Some(json!({"name": "Brouillon", "position": 1})))
            }
            ("DELETE", "/api/galleries/{id}") => {
                let id = new_gallery(api, provider, &self.spare_project(api).await).await;
                call(format!("/api/galleries/{id}"), None)
            }
            ("GET", "/api/galleries/{id}") => call(gallery, None),
            ("POST", "/api/galleries/{id}/files") => {
                let body = json!({"name": "photo.jpg", "type": "image/jpeg", "size": 1000});
                call(format!("{draft}/files"), Some(body))
            }
            ("POST", "/api/galleries/{id}/files/{file_id}/parts/{number}") => {
                call(format!("{draft}/files/{}/parts/1", self.multipart), None)
            }
            ("GET", "/api/galleries/{id}/files/{file_id}/parts") => {
                call(format!("{draft}/files/{}/parts", self.multipart), None)
            }
            ("POST", "/api/galleries/{id}/files/{file_id}/complete") => {
                let id = stored(api, provider, &self.draft).await;
                call(format!("{draft}/files/{id}/complete"), Some(json!({})))
            }
            ("DELETE", "/api/galleries/{id}/files/{file_id}") => {
                let id = stored(api, provider, &self.draft).await;
                call(format!("{draft}/files/{id}"), None)
            }
            ("POST", "/api/galleries/{id}/deliver") => {
                let id = self.ready_gallery(api).await;
                call(format!("/api/galleries/{id}/deliver"), None)
            }
            ("POST", "/api/galleries/{id}/extend") => {
                call(format!("{gallery}/extend"), Some(json!({"days": 10})))
            }
            ("PUT", "/api/galleries/{id}/files/{file_id}/favourite") => call(
                format!("{gallery}/files/{}/favourite", self.file),
                Some(json!({"favourite": true})),
            ),
            ("POST", "/api/galleries/{id}/files/{file_id}/download") => {
                call(format!("{gallery}/files/{}/download", self.file), None)
            }
            ("POST", "/api/galleries/{id}/archives") => {
                let id = self.delivered(api).await;
                let body = json!({"selection": "all"});
                call(format!("/api/galleries/{id}/archives"), Some(body))
            }
            ("POST", "/api/galleries/{id}/archives/{archive_id}/parts/{number}/download") => call(
                format!("{gallery}/archives/{}/parts/1/download", self.archive),
                None,
            ),
            ("GET", "/api/search") => call("/api/search?q=photographe&place=Nantes".into(), None),
            ("GET", "/api/places") => call("/api/places?q=Orl".into(), None),
            (method, route) => panic!("the matrix has no request for {method} {route}"),
        }
    }
}

fn event_body(api: &TestApi, in_days: i64) -> Value {
    let date = dates::add_days(dates::today(api.clock.now()), in_days).to_string();
    json!({
        "name": "Mariage", "date": date, "start_time": "19:30", "city": "Orléans",
        "address": "12 rue Jeanne d'Arc", "guests": 80, "needs": ["musique", "photo"],
    })
}

fn template_body() -> Value {
    json!({"name": "Mon contrat", "body": "# Contrat\n\nEntre {{client.name}} et {{provider.name}}, le {{date}}."})
}

fn signing(name: &str, contract: &Value, code: &str) -> Value {
    json!({
        "name": name, "consent": true,
        "consent_version": contract["consent"]["version"],
        "sha256": contract["sha256"], "code": code,
    })
}

/// `who`'s request (a bearer token and, when given, a refresh cookie).
async fn send(
    api: &TestApi,
    method: &str,
    path: &str,
    body: Option<Value>,
    who: &Member,
) -> crate::support::api::Answer {
    let bearer = format!("Bearer {}", who.token);
    api.call(method, path, body, &[("authorization", &bearer)])
        .await
}

/// `who`'s request, which must succeed: its answer's body.
async fn ok(api: &TestApi, method: &str, path: &str, body: Value, who: &Member) -> Value {
    let body = (!body.is_null()).then_some(body);
    let answer = send(api, method, path, body, who).await;
    assert!(
        (200..300).contains(&answer.status),
        "{method} {path}: {} {}",
        answer.status,
        answer.body
    );
    answer.body
}

async fn created_event(api: &TestApi, owner: &Member, body: Value) -> String {
    let created = ok(api, "POST", "/api/events", body, owner).await;
    created["event"]["id"].as_str().unwrap().to_owned()
}

async fn invite(api: &TestApi, owner: &Member, event: &str, provider: &Member) {
    let body = json!({"provider_id": provider.id, "need": "photo", "message": "Libres ?"});
    ok(
        api,
        "POST",
        &format!("/api/events/{event}/requests"),
        body,
        owner,
    )
    .await;
}

/// The signing code mailed to `who` for the project's contract.
async fn ask_code(api: &TestApi, who: &Member, project: &str) -> String {
    let path = format!("/api/projects/{project}/contract/code");
    ok(api, "POST", &path, Value::Null, who).await;
    let mail = api.mails_to(&who.email).pop().expect("a code by email");
    mail.text
        .split_whitespace()
        .find(|w| w.len() == 6 && w.bytes().all(|b| b.is_ascii_digit()))
        .expect("six digits")
        .to_owned()
}

async fn new_gallery(api: &TestApi, provider: &Member, project: &str) -> String {
    let path = format!("/api/projects/{project}/galleries");
    let created = ok(api, "POST", &path, json!({"name": "Photos"}), provider).await;
    created["gallery"]["id"].as_str().unwrap().to_owned()
}

/// An upload whose bytes are stored, not yet completed: its file id.
async fn stored(api: &TestApi, provider: &Member, gallery: &str) -> String {
    let path = format!("/api/galleries/{gallery}/files");
    let body = json!({"name": "Devis.pdf", "type": "application/pdf", "size": PDF.len()});
    let created = ok(api, "POST", &path, body, provider).await;
    let url = created["upload"]["url"].as_str().unwrap();
    api.put_blob(url, "application/pdf", PDF).await;
    created["file"]["id"].as_str().unwrap().to_owned()
}

/// An upload, stored and completed (ready once landed): its file id.
async fn uploaded(api: &TestApi, provider: &Member, gallery: &str) -> String {
    let id = stored(api, provider, gallery).await;
    let path = format!("/api/galleries/{gallery}/files/{id}/complete");
    ok(api, "POST", &path, json!({}), provider).await;
    id
}

#[tokio::test]
async fn every_route_answers_each_caller_by_its_rules() {
    let started = Instant::now();
    let api = TestApi::new();
    let world = World::build(&api).await;
    let built = started.elapsed();
    let mut wrong = Vec::new();
    let mut seen = Vec::new();
    for route in ROUTES {
        let row = MATRIX
            .iter()
            .find(|r| (r.method, r.path) == (route.method, route.path))
            .unwrap_or_else(|| panic!("no row for {} {}", route.method, route.path));
        // The refused callers first, the allowed ones last: an allowed write changes state.
        let mut order: Vec<usize> = (0..CALLERS.len()).collect();
        order.sort_by_key(|&who| (200..300).contains(&row.expect[who]));
        let mut got = [0u16; 6];
        for who in order {
            let call = world.call(&api, row, who).await;
            let bearer = world.members[who]
                .as_ref()
                .map(|member| format!("Bearer {}", member.token));
            let mut headers = Vec::new();
            if let Some(bearer) = &bearer {
                headers.push(("authorization", bearer.as_str()));
            }
            if let Some(cookie) = &call.cookie {
                headers.push(("cookie", cookie.as_str()));
            }
            let answer = api
                .call(row.method, &call.path, call.body.clone(), &headers)
                .await;
            got[who] = answer.status;
            if answer.status != row.expect[who] {
                let body = call.body.map(|b| b.to_string()).unwrap_or_default();
                wrong.push(format!(
                    "{} {} {body} as {}: expected {}, got {} {}",
                    row.method,
                    call.path,
                    CALLERS[who],
                    row.expect[who],
                    answer.status,
                    answer.body
                ));
            }
        }
        seen.push(format!("{:?} {} {}", got, row.method, row.path));
    }
    eprintln!(
        "authorisation matrix: {} routes × {} callers in {:?} (world built in {:?})",
        ROUTES.len(),
        CALLERS.len(),
        started.elapsed(),
        built
    );
    assert!(
        wrong.is_empty(),
        "{} cells differ from the matrix:\n{}\n\nevery row as answered:\n{}",
        wrong.len(),
        wrong.join("\n"),
        seen.join("\n")
    );
}
