//! Events, requests and bookings through the HTTP router, on the embedded adapters
//! (docs/DISCOVERY.md): a client's events; invites, answers and their expiry; booking
//! (one transaction: the request, the provider's date, the other requests of the need);
//! cancellation; who may read and do what; the notifications of each step; bad input.

use crate::support;

use estrade::dates;
use estrade::keys;
use estrade::ports::table::{Condition, Update};
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::Duration;
use support::api::{Answer, TestApi};
use support::table::SlowTransactions;
use tokio::sync::mpsc::UnboundedReceiver;

/// A logged-in member: id, access token, email.
#[derive(Clone)]
struct Member {
    id: String,
    token: String,
    email: String,
}

async fn member(api: &TestApi, email: &str, role: &str) -> Member {
    let (id, token, _) = api.member(email, role).await;
    Member {
        id,
        token,
        email: email.to_owned(),
    }
}

/// The day `days` days from the test clock's today, in France (`YYYY-MM-DD`).
fn day(api: &TestApi, days: i64) -> String {
    use estrade::ports::Clock;
    dates::add_days(dates::today(api.clock.now()), days).to_string()
}

fn event_body(api: &TestApi, name: &str, in_days: i64) -> Value {
    json!({
        "name": name, "date": day(api, in_days), "start_time": "19:30",
        "description": "Dîner puis concert", "city": "Orléans",
        "address": "12 rue Jeanne d'Arc", "guests": 80, "budget_cents": 150_000,
        "needs": ["musique", "photo"],
    })
}

/// Two racing calls: exactly one succeeded (200) and the other got 409 `loser_code`.
fn one_wins(a: &Answer, b: &Answer, loser_code: &str) {
    let mut outcomes = [(a.status, a.code()), (b.status, b.code())];
    outcomes.sort();
    assert_eq!(
        outcomes,
        [(200, ""), (409, loser_code)],
        "{} / {}",
        a.body,
        b.body
    );
}

async fn put_as(api: &TestApi, path: &str, body: Value, token: &str) -> Answer {
    api.call(
        "PUT",
        path,
        Some(body),
        &[("authorization", &format!("Bearer {token}"))],
    )
    .await
}

/// Creates an event; returns its id.
async fn created(api: &TestApi, client: &Member, body: Value) -> String {
    let answer = api.post_as("/api/events", Some(body), &client.token).await;
    assert_eq!(answer.status, 201, "{}", answer.body);
    answer.body["event"]["id"].as_str().unwrap().to_owned()
}

async fn invite(api: &TestApi, client: &Member, event: &str, provider: &str, need: &str) -> Answer {
    api.post_as(
        &format!("/api/events/{event}/requests"),
        Some(json!({"provider_id": provider, "need": need, "message": "Êtes-vous libres ?"})),
        &client.token,
    )
    .await
}

async fn invited(api: &TestApi, client: &Member, event: &str, provider: &Member, need: &str) {
    let answer = invite(api, client, event, &provider.id, need).await;
    assert_eq!(answer.status, 201, "{}", answer.body);
}

async fn answer(api: &TestApi, as_: &Member, event: &str, provider: &str, body: Value) -> Answer {
    api.post_as(
        &format!("/api/events/{event}/requests/{provider}/answer"),
        Some(body),
        &as_.token,
    )
    .await
}

/// The provider answers its own request; returns the request.
async fn answered(api: &TestApi, provider: &Member, event: &str, body: Value) -> Value {
    let answer = answer(api, provider, event, &provider.id, body).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    answer.body["request"].clone()
}

async fn book(api: &TestApi, as_: &Member, event: &str, provider: &str) -> Answer {
    api.post_as(
        &format!("/api/events/{event}/requests/{provider}/book"),
        None,
        &as_.token,
    )
    .await
}

/// The client's view of an event: (event, requests by provider id).
async fn client_view(api: &TestApi, client: &Member, event: &str) -> (Value, Vec<Value>) {
    let answer = api
        .get_as(&format!("/api/events/{event}"), &client.token)
        .await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    let requests = answer.body["requests"].as_array().unwrap().clone();
    (answer.body["event"].clone(), requests)
}

fn state_of(requests: &[Value], provider: &Member) -> String {
    requests
        .iter()
        .find(|r| r["provider_id"] == provider.id.as_str())
        .map(|r| r["state"].as_str().unwrap().to_owned())
        .unwrap_or_default()
}

/// A provider's inbox (`query` is e.g. `?state=pending`).
async fn inbox(api: &TestApi, provider: &Member, query: &str) -> Vec<Value> {
    let answer = api
        .get_as(&format!("/api/requests{query}"), &provider.token)
        .await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    answer.body["requests"].as_array().unwrap().clone()
}

/// Sets an attribute of a member's account (its email language, its email preference).
async fn set_account(api: &TestApi, who: &Member, name: &str, value: Value) {
    let update = Update::default().set(name, value);
    api.platform
        .app
        .table
        .update(&keys::account(&who.id), update, Some(Condition::Exists))
        .await
        .unwrap();
}

/// The request pushes a tab received so far: (event id, provider id, state).
fn pushed(events: &mut UnboundedReceiver<Value>) -> Vec<(String, String, String)> {
    let mut seen = Vec::new();
    while let Ok(event) = events.try_recv() {
        if event["type"] == "request" {
            let text = |name: &str| event[name].as_str().unwrap().to_owned();
            seen.push((text("event_id"), text("provider_id"), text("state")));
        }
    }
    seen
}

/// The emails sent to `to` about requests (not the sign-up's): (subject, text). The
/// outbox orders emails by the millisecond they were written: those of one `notify` may
/// come in any order.
fn request_mails(api: &TestApi, to: &str) -> Vec<(String, String)> {
    api.mails_to(to)
        .into_iter()
        .map(|mail| (mail.subject, mail.text))
        .filter(|(_, text)| text.contains("/demandes") || text.contains("/evenements/"))
        .collect()
}

#[tokio::test]
async fn a_client_creates_lists_edits_and_cancels_its_events() {
    let api = TestApi::new();
    let client = member(&api, "camille@example.fr", "client").await;
    let later = created(&api, &client, event_body(&api, "Anniversaire", 60)).await;
    let soon = api
        .post_as(
            "/api/events",
            Some(event_body(&api, "  Mariage  ", 30)),
            &client.token,
        )
        .await;
    assert_eq!(soon.status, 201, "{}", soon.body);
    let event = &soon.body["event"];
    assert_eq!(event["name"], "Mariage", "texts are trimmed");
    assert_eq!(event["date"], day(&api, 30));
    assert_eq!(event["status"], "active");
    assert_eq!(event["city"], "Orléans");
    assert_eq!(
        event["city_code"], "45234",
        "the city is resolved to its commune"
    );
    assert_eq!(event["needs"], json!(["musique", "photo"]));
    assert_eq!(event["client_id"], client.id);
    assert!(event.get("version").is_none(), "{event}");
    let soon = event["id"].as_str().unwrap().to_owned();

    let list = api.get_as("/api/events", &client.token).await;
    assert_eq!(list.status, 200, "{}", list.body);
    let ids: Vec<_> = list.body["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [soon.as_str(), later.as_str()], "soonest first");

    let mut edit = event_body(&api, "Mariage de Camille et Sam", 31);
    edit["end_time"] = json!("02:00");
    edit["city"] = json!("Nantes");
    let edited = put_as(&api, &format!("/api/events/{soon}"), edit, &client.token).await;
    assert_eq!(edited.status, 200, "{}", edited.body);
    assert_eq!(edited.body["event"]["date"], day(&api, 31));
    assert_eq!(edited.body["event"]["city_code"], "44109");
    let (event, requests) = client_view(&api, &client, &soon).await;
    assert_eq!(event["name"], "Mariage de Camille et Sam");
    assert_eq!(event["end_time"], "02:00");
    assert!(requests.is_empty());

    let provider = member(&api, "trio@example.fr", "provider").await;
    let refused = api
        .post_as(
            "/api/events",
            Some(event_body(&api, "x", 5)),
            &provider.token,
        )
        .await;
    assert_eq!((refused.status, refused.code()), (403, "forbidden"));
    let stranger = member(&api, "other@example.fr", "client").await;
    let path = format!("/api/events/{soon}");
    let answers = [
        api.get_as(&path, &stranger.token).await,
        put_as(&api, &path, event_body(&api, "x", 5), &stranger.token).await,
        api.post_as(&format!("{path}/cancel"), None, &stranger.token)
            .await,
        api.get_as("/api/events/not-an-event", &client.token).await,
    ];
    for answer in answers {
        assert_eq!(
            (answer.status, answer.code()),
            (404, "not_found"),
            "{}",
            answer.body
        );
    }
    let theirs = api.get_as("/api/events", &stranger.token).await;
    assert_eq!(theirs.body["events"], json!([]));

    let cancelled = api
        .post_as(&format!("{path}/cancel"), None, &client.token)
        .await;
    assert_eq!(cancelled.status, 200, "{}", cancelled.body);
    assert_eq!(cancelled.body["event"]["status"], "cancelled");
    let again = api
        .post_as(&format!("{path}/cancel"), None, &client.token)
        .await;
    assert_eq!((again.status, again.code()), (409, "event_cancelled"));
    let edit = put_as(&api, &path, event_body(&api, "x", 40), &client.token).await;
    assert_eq!((edit.status, edit.code()), (409, "event_cancelled"));
    assert_eq!(
        client_view(&api, &client, &soon).await.0["status"],
        "cancelled"
    );
    let anonymous = api.call("GET", "/api/events", None, &[]).await;
    assert_eq!(anonymous.status, 401);
}

/// The ids of the events `GET /api/events{query}` lists for `who`.
async fn listed(api: &TestApi, who: &Member, query: &str) -> Vec<String> {
    let list = api.get_as(&format!("/api/events{query}"), &who.token).await;
    assert_eq!(list.status, 200, "{}", list.body);
    list.body["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_client_lists_its_upcoming_events_soonest_first_and_its_past_ones_latest_first() {
    let api = TestApi::new();
    let client = member(&api, "camille@example.fr", "client").await;
    let mut ids = Vec::new();
    for days in [3, 1, 10, 2] {
        ids.push(
            created(
                &api,
                &client,
                event_body(&api, &format!("Fête J+{days}"), days),
            )
            .await,
        );
    }
    let [in3, in1, in10, in2] = ids.try_into().unwrap();
    api.advance(2 * 86_400); // the day after tomorrow: in1 is over, in2 is today
    assert_eq!(
        listed(&api, &client, "?when=upcoming").await,
        [in2.as_str(), in3.as_str(), in10.as_str()]
    );
    assert_eq!(listed(&api, &client, "?when=past").await, [in1.as_str()]);
    assert_eq!(
        listed(&api, &client, "").await,
        [in1.as_str(), in2.as_str(), in3.as_str(), in10.as_str()]
    );

    api.advance(30 * 86_400);
    assert!(listed(&api, &client, "?when=upcoming").await.is_empty());
    assert_eq!(
        listed(&api, &client, "?when=past").await,
        [in10.as_str(), in3.as_str(), in2.as_str(), in1.as_str()]
    );

    let bad = api.get_as("/api/events?when=soon", &client.token).await;
    assert_eq!(
        (bad.status, bad.code()),
        (400, "invalid_field"),
        "{}",
        bad.body
    );
}

#[tokio::test]
async fn a_provider_is_invited_once_per_event_and_finds_the_request_in_its_inbox() {
    let api = TestApi::new();
    let client = member(&api, "camille@example.fr", "client").await;
    let trio = member(&api, "trio@example.fr", "provider").await;
    let dj = member(&api, "dj@example.fr", "provider").await;
    let mut trio_tab = api.tab(&trio.id).await;
    let event = created(&api, &client, event_body(&api, "Mariage", 30)).await;

    let first = invite(&api, &client, &event, &trio.id, " Musique ").await;
    assert_eq!(first.status, 201, "{}", first.body);
    let request = &first.body["request"];
    assert_eq!(request["state"], "pending");
    assert_eq!(
        request["need"], "musique",
        "the event's spelling of the need"
    );
    assert_eq!(request["message"], "Êtes-vous libres ?");
    assert_eq!(
        request["event"],
        json!({
            "name": "Mariage", "date": day(&api, 30), "start_time": "19:30",
            "city": "Orléans", "city_code": "45234", "guests": 80, "budget_cents": 150_000,
        }),
        "the summary: no description, no address"
    );
    assert_eq!(
        request["expires_at"].as_i64().unwrap() - request["created_at"].as_i64().unwrap(),
        7 * 24 * 3600
    );
    for need in ["musique", "photo"] {
        let twice = invite(&api, &client, &event, &trio.id, need).await;
        assert_eq!((twice.status, twice.code()), (409, "already_invited"));
    }
    let unlisted = api.sign_up("new@example.fr", "provider").await;
    let unlisted = unlisted.body["user"]["id"].as_str().unwrap().to_owned();
    for nobody in ["0123456789abcdef", unlisted.as_str(), client.id.as_str()] {
        let answer = invite(&api, &client, &event, nobody, "photo").await;
        assert_eq!(
            (answer.status, answer.code()),
            (404, "not_found"),
            "{nobody}"
        );
    }
    let other_need = invite(&api, &client, &event, &dj.id, "traiteur").await;
    assert_eq!(
        (other_need.status, other_need.code()),
        (400, "invalid_field")
    );
    // Only the event's client invites.
    let by_provider = invite(&api, &trio, &event, &dj.id, "photo").await;
    assert_eq!((by_provider.status, by_provider.code()), (404, "not_found"));

    let all = inbox(&api, &trio, "").await;
    assert_eq!(all.len(), 1);
    assert_eq!(all[0]["event_id"], event);
    assert_eq!(all[0]["client_name"], "Test User");
    assert_eq!(inbox(&api, &trio, "?state=pending").await.len(), 1);
    assert!(inbox(&api, &trio, "?state=answered").await.is_empty());
    assert!(inbox(&api, &trio, "?state=expired").await.is_empty());
    assert!(inbox(&api, &dj, "").await.is_empty());

    let seen = api
        .get_as(&format!("/api/events/{event}"), &trio.token)
        .await;
    assert_eq!(seen.status, 200, "{}", seen.body);
    assert_eq!(seen.body["event"]["name"], "Mariage");
    assert!(seen.body["event"].get("address").is_none(), "{}", seen.body);
    assert!(seen.body["event"].get("bookings").is_none());
    assert_eq!(seen.body["request"]["state"], "pending");
    assert!(seen.body.get("requests").is_none());
    let not_invited = api.get_as(&format!("/api/events/{event}"), &dj.token).await;
    assert_eq!((not_invited.status, not_invited.code()), (404, "not_found"));

    api.notify().await;
    assert_eq!(
        pushed(&mut trio_tab),
        [(event.clone(), trio.id.clone(), "pending".to_owned())]
    );
    let mails = request_mails(&api, &trio.email);
    assert_eq!(mails.len(), 1);
    let (subject, text) = &mails[0];
    assert_eq!(subject, "Nouvelle demande de Test User – Estrade");
    assert!(
        text.contains("« musique »") && text.contains("« Mariage »"),
        "{text}"
    );
    assert!(text.contains("> Êtes-vous libres ?"), "{text}");
    assert!(text.contains("http://estrade.test/demandes"), "{text}");
    assert!(text.contains("/desabonnement?token="), "{text}");
}

#[tokio::test]
async fn a_provider_declines_with_a_reason_and_cannot_answer_again() {
    let api = TestApi::new();
    let client = member(&api, "camille@example.fr", "client").await;
    let trio = member(&api, "trio@example.fr", "provider").await;
    let mut client_tab = api.tab(&client.id).await;
    let event = created(&api, &client, event_body(&api, "Mariage", 30)).await;
    invited(&api, &client, &event, &trio, "musique").await;

    let declined = answered(
        &api,
        &trio,
        &event,
        json!({"action": "decline", "reason": "  Déjà pris ce soir-là. "}),
    )
    .await;
    assert_eq!(declined["state"], "declined");
    assert_eq!(declined["reason"], "Déjà pris ce soir-là.");
    let (_, requests) = client_view(&api, &client, &event).await;
    assert_eq!(state_of(&requests, &trio), "declined");
    assert_eq!(requests[0]["reason"], "Déjà pris ce soir-là.");
    for body in [
        json!({"action": "accept"}),
        json!({"action": "decline"}),
        json!({"action": "quote", "price_cents": 1000, "valid_until": day(&api, 3)}),
    ] {
        let again = answer(&api, &trio, &event, &trio.id, body).await;
        assert_eq!((again.status, again.code()), (409, "request_closed"));
    }
    assert_eq!(inbox(&api, &trio, "?state=answered").await.len(), 1);
    assert!(inbox(&api, &trio, "?state=pending").await.is_empty());
    let booked = book(&api, &client, &event, &trio.id).await;
    assert_eq!((booked.status, booked.code()), (409, "request_closed"));

    api.notify().await;
    assert_eq!(
        pushed(&mut client_tab),
        [(event.clone(), trio.id.clone(), "declined".to_owned())]
    );
    let mails = request_mails(&api, &client.email);
    assert_eq!(mails.len(), 1, "{mails:?}");
    assert_eq!(mails[0].0, "Test User a décliné votre demande – Estrade");
    assert!(
        mails[0].1.contains("> Déjà pris ce soir-là."),
        "{}",
        mails[0].1
    );
    assert!(
        mails[0]
            .1
            .contains(&format!("http://estrade.test/evenements/{event}"))
    );
}

#[tokio::test]
async fn booking_a_quote_closes_the_other_open_requests_of_the_need_and_tells_everyone() {
    booking_a_quote(TestApi::new()).await;
}

/// The same with the table on DynamoDB: the notifications come from the table's stream.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn booking_a_quote_closes_the_other_open_requests_of_the_need_and_tells_everyone_on_dynamodb()
{
    booking_a_quote(TestApi::on_dynamodb().await).await;
}

async fn booking_a_quote(api: TestApi) {
    let client = member(&api, "camille@example.fr", "client").await;
    let trio = member(&api, "trio@example.fr", "provider").await;
    let dj = member(&api, "dj@example.fr", "provider").await;
    let duo = member(&api, "duo@example.fr", "provider").await;
    let photo = member(&api, "photo@example.fr", "provider").await;
    let event = created(&api, &client, event_body(&api, "Mariage", 30)).await;
    for musician in [&trio, &dj, &duo] {
        invited(&api, &client, &event, musician, "musique").await;
    }
    invited(&api, &client, &event, &photo, "photo").await;
    let valid_until = day(&api, 20);
    let quote = answered(
        &api,
        &trio,
        &event,
        json!({"action": "quote", "price_cents": 60_000, "included": "2 × 45 min, sono",
               "valid_until": valid_until}),
    )
    .await;
    assert_eq!(quote["state"], "quoted");
    assert_eq!(
        (&quote["price_cents"], &quote["valid_until"]),
        (&json!(60_000), &json!(valid_until))
    );
    assert!(quote.get("quote_expires_at").is_none());
    answered(&api, &dj, &event, json!({"action": "accept"})).await;
    let pending = book(&api, &client, &event, &duo.id).await;
    assert_eq!(
        (pending.status, pending.code()),
        (409, "not_answered"),
        "not answered yet"
    );
    api.notify().await;
    let mut tabs = Vec::new();
    for user in [&client.id, &trio.id, &dj.id, &duo.id, &photo.id] {
        tabs.push(api.tab(user).await);
    }
    // From now on, trio reads its emails in English.
    set_account(&api, &trio, "lang", json!("en")).await;

    let booked = book(&api, &client, &event, &trio.id).await;
    assert_eq!(booked.status, 200, "{}", booked.body);
    assert_eq!(booked.body["request"]["state"], "booked");
    let mut closed: Vec<_> = booked.body["closed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|id| id.as_str().unwrap().to_owned())
        .collect();
    closed.sort();
    let mut expected = vec![dj.id.clone(), duo.id.clone()];
    expected.sort();
    assert_eq!(closed, expected);

    let (shown, requests) = client_view(&api, &client, &event).await;
    assert_eq!(shown["bookings"], json!({"musique": trio.id}));
    assert_eq!(
        [&trio, &dj, &duo, &photo].map(|p| state_of(&requests, p)),
        ["booked", "closed", "closed", "pending"]
    );
    let trio_view = api
        .get_as(&format!("/api/events/{event}"), &trio.token)
        .await;
    assert_eq!(trio_view.body["event"]["address"], "12 rue Jeanne d'Arc");
    let photo_view = api
        .get_as(&format!("/api/events/{event}"), &photo.token)
        .await;
    assert!(photo_view.body["event"].get("address").is_none());
    for (late, body) in [
        (&dj, json!({"action": "decline"})),
        (&duo, json!({"action": "accept"})),
    ] {
        let answer = answer(&api, late, &event, &late.id, body).await;
        assert_eq!((answer.status, answer.code()), (409, "request_closed"));
    }
    let again = book(&api, &client, &event, &dj.id).await;
    assert_eq!((again.status, again.code()), (409, "request_closed"));
    let other = member(&api, "quartet@example.fr", "provider").await;
    let late_invite = invite(&api, &client, &event, &other.id, "musique").await;
    assert_eq!(
        (late_invite.status, late_invite.code()),
        (409, "need_booked")
    );
    assert_eq!(inbox(&api, &dj, "?state=closed").await.len(), 1);

    api.notify().await;
    let states: Vec<_> = tabs.iter_mut().map(pushed).collect();
    let push =
        |provider: &Member, state: &str| (event.clone(), provider.id.clone(), state.to_owned());
    assert!(
        states[0].is_empty(),
        "the client is not told of its own booking"
    );
    assert_eq!(states[1], [push(&trio, "booked")]);
    assert_eq!(states[2], [push(&dj, "closed")]);
    assert_eq!(states[3], [push(&duo, "closed")]);
    assert!(states[4].is_empty());
    // Subjects, sorted.
    let subjects = |who: &Member| -> Vec<String> {
        let mut subjects: Vec<_> = request_mails(&api, &who.email)
            .into_iter()
            .map(|m| m.0)
            .collect();
        subjects.sort();
        subjects
    };
    assert_eq!(
        subjects(&client),
        [
            "Test User a accepté votre demande – Estrade",
            "Test User vous a envoyé un devis – Estrade",
        ]
    );
    let (_, quoted_mail) = request_mails(&api, &client.email)
        .into_iter()
        .find(|m| m.0.contains("devis"))
        .unwrap();
    assert!(quoted_mail.contains("600,00 €"), "{quoted_mail}");
    assert!(quoted_mail.contains("> 2 × 45 min, sono"), "{quoted_mail}");
    assert_eq!(
        subjects(&trio),
        [
            "Nouvelle demande de Test User – Estrade",
            "You are booked for “Mariage” – Estrade"
        ]
    );
    for closed in [&dj, &duo] {
        assert_eq!(
            subjects(closed),
            [
                "Demande close : « Mariage » – Estrade",
                "Nouvelle demande de Test User – Estrade"
            ]
        );
    }
    assert_eq!(subjects(&photo).len(), 1);
}

#[tokio::test]
async fn expired_requests_and_quotes_read_expired_and_cannot_move() {
    let api = TestApi::new();
    let client = member(&api, "camille@example.fr", "client").await;
    let trio = member(&api, "trio@example.fr", "provider").await;
    let dj = member(&api, "dj@example.fr", "provider").await;
    let photo = member(&api, "photo@example.fr", "provider").await;
    let event = created(&api, &client, event_body(&api, "Mariage", 30)).await;
    for (provider, need) in [(&trio, "musique"), (&dj, "musique"), (&photo, "photo")] {
        invited(&api, &client, &event, provider, need).await;
    }
    answered(
        &api,
        &trio,
        &event,
        json!({"action": "quote", "price_cents": 60_000, "valid_until": day(&api, 2)}),
    )
    .await;
    answered(&api, &photo, &event, json!({"action": "accept"})).await;

    api.advance(7 * 24 * 3600 - 1);
    assert_eq!(inbox(&api, &dj, "?state=pending").await.len(), 1, "not yet");
    api.advance(1);
    let expired = inbox(&api, &dj, "?state=expired").await;
    assert_eq!(expired.len(), 1);
    assert_eq!(expired[0]["state"], "expired");
    assert!(inbox(&api, &dj, "?state=pending").await.is_empty());
    let late = answer(&api, &dj, &event, &dj.id, json!({"action": "accept"})).await;
    assert_eq!((late.status, late.code()), (409, "request_closed"));

    // The quote held until the end of its last day: it is over.
    let (_, requests) = client_view(&api, &client, &event).await;
    assert_eq!(
        [&trio, &dj, &photo].map(|p| state_of(&requests, p)),
        ["expired", "expired", "accepted"]
    );
    assert_eq!(inbox(&api, &trio, "?state=expired").await.len(), 1);
    let stale = book(&api, &client, &event, &trio.id).await;
    assert_eq!((stale.status, stale.code()), (409, "request_closed"));
    // An acceptance does not expire.
    let booked = book(&api, &client, &event, &photo.id).await;
    assert_eq!(booked.status, 200, "{}", booked.body);
    assert_eq!(booked.body["closed"], json!([]));
}

#[tokio::test]
async fn only_the_invited_provider_answers_and_only_the_client_books() {
    let api = TestApi::new();
    let client = member(&api, "camille@example.fr", "client").await;
    let trio = member(&api, "trio@example.fr", "provider").await;
    let dj = member(&api, "dj@example.fr", "provider").await;
    let stranger = member(&api, "other@example.fr", "client").await;
    let event = created(&api, &client, event_body(&api, "Mariage", 30)).await;
    let other_event = created(&api, &stranger, event_body(&api, "Fête", 30)).await;
    invited(&api, &client, &event, &trio, "musique").await;

    let accept = json!({"action": "accept"});
    let answers = [
        answer(&api, &dj, &event, &trio.id, accept.clone()).await,
        answer(&api, &dj, &event, &dj.id, accept.clone()).await,
        answer(&api, &client, &event, &trio.id, accept.clone()).await,
        answer(&api, &trio, &other_event, &trio.id, accept.clone()).await,
        answer(&api, &trio, "no-such-event", &trio.id, accept.clone()).await,
    ];
    for answer in answers {
        assert_eq!(
            (answer.status, answer.code()),
            (404, "not_found"),
            "{}",
            answer.body
        );
    }
    answered(&api, &trio, &event, accept).await;
    for (who, event) in [
        (&stranger, &event),
        (&trio, &event),
        (&client, &other_event),
    ] {
        let answer = book(&api, who, event, &trio.id).await;
        assert_eq!(
            (answer.status, answer.code()),
            (404, "not_found"),
            "{}",
            answer.body
        );
    }
    let nobody = book(&api, &client, &event, &dj.id).await;
    assert_eq!((nobody.status, nobody.code()), (404, "not_found"));
    let anonymous = api
        .call(
            "POST",
            &format!("/api/events/{event}/requests/{}/book", trio.id),
            None,
            &[],
        )
        .await;
    assert_eq!(anonymous.status, 401);
    let (_, requests) = client_view(&api, &client, &event).await;
    assert_eq!(state_of(&requests, &trio), "accepted");
}

/// Two clients' events on the same day, each with the trio invited for its music and
/// accepted: (first, second, trio, wedding, party).
async fn two_events_one_date(api: &TestApi) -> (Member, Member, Member, String, String) {
    let first = member(api, "camille@example.fr", "client").await;
    let second = member(api, "sam@example.fr", "client").await;
    let trio = member(api, "trio@example.fr", "provider").await;
    let wedding = created(api, &first, event_body(api, "Mariage", 30)).await;
    let party = created(api, &second, event_body(api, "Fête", 30)).await;
    for (client, event) in [(&first, &wedding), (&second, &party)] {
        invited(api, client, event, &trio, "musique").await;
        answered(api, &trio, event, json!({"action": "accept"})).await;
    }
    (first, second, trio, wedding, party)
}

#[tokio::test]
async fn a_provider_date_is_held_by_one_booking_across_events() {
    a_provider_date_is_held_by_one_booking(TestApi::new()).await;
}

#[tokio::test]
async fn a_provider_date_is_held_by_one_booking_across_events_on_dynamodb() {
    a_provider_date_is_held_by_one_booking(TestApi::on_dynamodb().await).await;
}

async fn a_provider_date_is_held_by_one_booking(api: TestApi) {
    let (first, second, trio, wedding, party) = two_events_one_date(&api).await;
    assert_eq!(book(&api, &first, &wedding, &trio.id).await.status, 200);
    let taken = book(&api, &second, &party, &trio.id).await;
    assert_eq!(
        (taken.status, taken.code()),
        (409, "date_taken"),
        "{}",
        taken.body
    );
    let (event, requests) = client_view(&api, &second, &party).await;
    assert_eq!(
        state_of(&requests, &trio),
        "accepted",
        "nothing was written"
    );
    assert_eq!(event["bookings"], json!({}));
    // The refused booking was a transaction cancelled at its third write, after two that
    // held: the change feed shows none of it (on DynamoDB, no stream record), so the trio
    // is told of one booking only.
    api.notify().await;
    let booked: Vec<_> = api
        .mails_to(&trio.email)
        .into_iter()
        .map(|mail| mail.subject)
        .filter(|subject| subject.starts_with("Vous êtes réservé"))
        .collect();
    assert_eq!(booked, ["Vous êtes réservé pour « Mariage » – Estrade"]);

    // Cancelling the wedding releases the date.
    let cancelled = api
        .post_as(&format!("/api/events/{wedding}/cancel"), None, &first.token)
        .await;
    assert_eq!(cancelled.status, 200, "{}", cancelled.body);
    let (_, requests) = client_view(&api, &first, &wedding).await;
    assert_eq!(state_of(&requests, &trio), "closed");
    let booked = book(&api, &second, &party, &trio.id).await;
    assert_eq!(booked.status, 200, "{}", booked.body);
    let held = api
        .platform
        .app
        .table
        .get(&keys::booked_date(&trio.id, &day(&api, 30)))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(held["event_id"], party);
}

#[tokio::test]
async fn racing_bookings_of_one_date_have_exactly_one_winner() {
    let api = TestApi::new();
    let (first, second, trio, wedding, party) = two_events_one_date(&api).await;
    // Two events, one provider, one date.
    let (a, b) = tokio::join!(
        book(&api, &first, &wedding, &trio.id),
        book(&api, &second, &party, &trio.id)
    );
    one_wins(&a, &b, "date_taken");
    let winner = if a.status == 200 { &wedding } else { &party };
    let held = api
        .platform
        .app
        .table
        .get(&keys::booked_date(&trio.id, &day(&api, 30)))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(held["event_id"], winner.as_str());
}

/// Providers who accepted the same need of one event, all booked at once.
const RACERS: usize = 16;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn racing_bookings_of_one_need_have_exactly_one_winner() {
    racing_bookings_of_one_need(TestApi::new()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn racing_bookings_of_one_need_have_exactly_one_winner_on_dynamodb() {
    racing_bookings_of_one_need(TestApi::on_dynamodb().await).await;
}

/// `RACERS` providers accepted the need "musique" of one event and the client books them
/// all at once: one booking wins, every other gets 409 `request_closed` and its request is
/// closed, and the event holds one booking. Some bookings lost a conditional write (they
/// read the event before the winner booked it, and its version changed): the calls really
/// raced, since the same calls made one after the other find the need booked and write
/// nothing.
async fn racing_bookings_of_one_need(mut api: TestApi) {
    let client = member(&api, "camille@example.fr", "client").await;
    let concert = created(&api, &client, event_body(&api, "Concert", 40)).await;
    let mut providers = Vec::new();
    for i in 0..RACERS {
        let provider = member(&api, &format!("musician{i}@example.fr"), "provider").await;
        invited(&api, &client, &concert, &provider, "musique").await;
        answered(&api, &provider, &concert, json!({"action": "accept"})).await;
        providers.push(provider);
    }
    // A transaction takes 50 ms to reach the store, as over a network: the bookings read
    // while the first one is on its way.
    api.platform.app.table = Arc::new(SlowTransactions {
        inner: api.platform.app.table.clone(),
        latency: Duration::from_millis(50),
    });
    let api = Arc::new(api);
    let lost_before = api.failures.transactions();

    let start = Arc::new(tokio::sync::Barrier::new(RACERS));
    let mut racing = tokio::task::JoinSet::new();
    for provider in &providers {
        let (api, client, concert) = (api.clone(), client.clone(), concert.clone());
        let (provider, start) = (provider.id.clone(), start.clone());
        racing.spawn(async move {
            start.wait().await;
            let answer = book(&api, &client, &concert, &provider).await;
            (provider, answer)
        });
    }
    let answers = racing.join_all().await;

    let lost = api.failures.transactions() - lost_before;
    let winners: Vec<_> = answers.iter().filter(|(_, a)| a.status == 200).collect();
    assert_eq!(winners.len(), 1, "one winner");
    let winner = &winners[0].0;
    for (provider, answer) in &answers {
        if provider != winner {
            assert_eq!(
                (answer.status, answer.code()),
                (409, "request_closed"),
                "{}",
                answer.body
            );
        }
    }
    let (event, requests) = client_view(&api, &client, &concert).await;
    for provider in &providers {
        let expected = if &provider.id == winner {
            "booked"
        } else {
            "closed"
        };
        assert_eq!(state_of(&requests, provider), expected);
    }
    assert_eq!(event["bookings"], json!({"musique": winner}));
    assert!(
        lost > 0,
        "no booking lost a conditional write: the {RACERS} calls did not race"
    );
    // The change feed tells only what was written: the winner is told it is booked, and
    // every other provider only that its request closed.
    api.notify().await;
    for provider in &providers {
        let subjects: Vec<_> = api
            .mails_to(&provider.email)
            .into_iter()
            .map(|mail| mail.subject)
            .collect();
        let booked = subjects
            .iter()
            .filter(|s| s.starts_with("Vous êtes réservé"))
            .count();
        let closed = subjects
            .iter()
            .filter(|s| s.starts_with("Demande close"))
            .count();
        let expected = if &provider.id == winner {
            (1, 0)
        } else {
            (0, 1)
        };
        assert_eq!(
            (booked, closed),
            expected,
            "{}: {subjects:?}",
            provider.email
        );
    }
}

#[tokio::test]
async fn cancelling_closes_the_open_requests_tells_their_providers_and_releases_dates() {
    let api = TestApi::new();
    let client = member(&api, "camille@example.fr", "client").await;
    let trio = member(&api, "trio@example.fr", "provider").await;
    let photo = member(&api, "photo@example.fr", "provider").await;
    let dj = member(&api, "dj@example.fr", "provider").await;
    let event = created(&api, &client, event_body(&api, "Mariage", 30)).await;
    invited(&api, &client, &event, &trio, "musique").await;
    invited(&api, &client, &event, &photo, "photo").await;
    invited(&api, &client, &event, &dj, "musique").await;
    answered(&api, &trio, &event, json!({"action": "accept"})).await;
    answered(&api, &dj, &event, json!({"action": "decline"})).await;
    assert_eq!(book(&api, &client, &event, &trio.id).await.status, 200);
    api.notify().await;

    let cancelled = api
        .post_as(&format!("/api/events/{event}/cancel"), None, &client.token)
        .await;
    assert_eq!(cancelled.status, 200, "{}", cancelled.body);
    assert_eq!(cancelled.body["closed"], 2);
    let (_, requests) = client_view(&api, &client, &event).await;
    assert_eq!(
        [&trio, &photo, &dj].map(|p| state_of(&requests, p)),
        ["closed", "closed", "declined"]
    );
    let date = keys::booked_date(&trio.id, &day(&api, 30));
    assert!(api.platform.app.table.get(&date).await.unwrap().is_none());
    let late = answer(&api, &photo, &event, &photo.id, json!({"action": "accept"})).await;
    assert_eq!((late.status, late.code()), (409, "request_closed"));
    let late_invite = invite(&api, &client, &event, &trio.id, "photo").await;
    assert_eq!(
        (late_invite.status, late_invite.code()),
        (409, "event_cancelled")
    );

    // The photographer turned emails off: it is told live only.
    set_account(&api, &photo, "notify_by_email", json!(false)).await;
    let mut photo_tab = api.tab(&photo.id).await;
    api.notify().await;
    let closing = |who: &Member| {
        request_mails(&api, &who.email)
            .into_iter()
            .filter(|m| m.0 == "Demande close : « Mariage » – Estrade")
            .count()
    };
    assert_eq!(closing(&trio), 1);
    assert_eq!(closing(&photo), 0);
    assert_eq!(
        pushed(&mut photo_tab),
        [(event.clone(), photo.id.clone(), "closed".to_owned())]
    );
    assert!(
        !request_mails(&api, &dj.email)
            .iter()
            .any(|m| m.0.starts_with("Demande close")),
        "a declined request stays declined"
    );
}

#[tokio::test]
async fn editing_an_event_updates_its_requests_and_a_booked_date_stays() {
    let api = TestApi::new();
    let client = member(&api, "camille@example.fr", "client").await;
    let trio = member(&api, "trio@example.fr", "provider").await;
    let event = created(&api, &client, event_body(&api, "Mariage", 30)).await;
    invited(&api, &client, &event, &trio, "musique").await;
    let path = format!("/api/events/{event}");
    let mut edit = event_body(&api, "Noces", 32);
    edit["guests"] = json!(120);
    edit["end_time"] = json!("01:00");
    let renamed = put_as(&api, &path, edit, &client.token).await;
    assert_eq!(renamed.status, 200, "{}", renamed.body);
    let seen = inbox(&api, &trio, "").await;
    assert_eq!(seen[0]["event"]["name"], "Noces");
    assert_eq!(seen[0]["event"]["date"], day(&api, 32));
    assert_eq!(seen[0]["event"]["guests"], 120);
    assert_eq!(seen[0]["event"]["end_time"], "01:00");

    answered(&api, &trio, &event, json!({"action": "accept"})).await;
    assert_eq!(book(&api, &client, &event, &trio.id).await.status, 200);
    let moved = put_as(&api, &path, event_body(&api, "Noces", 33), &client.token).await;
    assert_eq!((moved.status, moved.code()), (409, "date_locked"));
    let mut fewer = event_body(&api, "Noces", 32);
    fewer["needs"] = json!(["photo"]);
    let dropped = put_as(&api, &path, fewer, &client.token).await;
    assert_eq!((dropped.status, dropped.code()), (409, "need_booked"));
    let mut more = event_body(&api, "Noces", 32);
    more["needs"] = json!(["Musique", "photo", "traiteur"]);
    more["description"] = json!("Dîner, concert, photos");
    let kept = put_as(&api, &path, more, &client.token).await;
    assert_eq!(kept.status, 200, "{}", kept.body);
    assert_eq!(kept.body["event"]["bookings"], json!({"musique": trio.id}));
}

/// A provider starts a conversation with a client.
async fn write(api: &TestApi, provider: &Member, client: &Member, about: Value) -> Answer {
    let body = json!({"client_id": client.id, "about": about});
    api.post_as("/api/conversations", Some(body), &provider.token)
        .await
}

#[tokio::test]
async fn an_invited_provider_reads_the_client_profile_and_may_write_first() {
    let api = TestApi::new();
    let client = member(&api, "camille@example.fr", "client").await;
    let trio = member(&api, "trio@example.fr", "provider").await;
    let dj = member(&api, "dj@example.fr", "provider").await;
    let profile = format!("/api/clients/{}", client.id);
    assert_eq!(api.get_as(&profile, &trio.token).await.status, 404);
    let about = |event: &str| json!({"kind": "request", "id": event, "title": "Mariage"});
    assert_eq!(write(&api, &trio, &client, about("x")).await.status, 403);

    let event = created(&api, &client, event_body(&api, "Mariage", 30)).await;
    invited(&api, &client, &event, &trio, "musique").await;
    let read = api.get_as(&profile, &trio.token).await;
    assert_eq!(read.status, 200, "{}", read.body);
    assert_eq!(read.body["profile"]["id"], client.id);
    let stranger = api.get_as(&profile, &dj.token).await;
    assert_eq!((stranger.status, stranger.code()), (404, "not_found"));

    let started = write(&api, &trio, &client, about(&event)).await;
    assert_eq!(started.status, 201, "{}", started.body);
    let row = &started.body["conversation"];
    assert_eq!(row["id"], format!("{}.{}", client.id, trio.id));
    assert_eq!(row["other"]["id"], client.id);
    assert_eq!(row["about"]["kind"], "request");
    assert_eq!(write(&api, &dj, &client, about(&event)).await.status, 403);
    // The client opens the same conversation from the request.
    let from_client = api
        .post_as(
            "/api/conversations",
            Some(json!({"provider_id": trio.id, "about": about(&event)})),
            &client.token,
        )
        .await;
    assert_eq!(from_client.status, 200, "{}", from_client.body);
    assert_eq!(from_client.body["conversation"]["id"], row["id"]);
    assert_eq!(from_client.body["conversation"]["other"]["id"], trio.id);
}

#[tokio::test]
async fn bad_input_gets_a_clear_4xx_json_error_never_a_5xx() {
    let api = TestApi::new();
    let client = member(&api, "camille@example.fr", "client").await;
    let trio = member(&api, "trio@example.fr", "provider").await;
    let event = created(&api, &client, event_body(&api, "Mariage", 30)).await;
    invited(&api, &client, &event, &trio, "musique").await;

    let with = |changes: Value| {
        let mut body = event_body(&api, "Mariage", 30);
        for (name, value) in changes.as_object().unwrap() {
            match value {
                Value::Null => body.as_object_mut().unwrap().remove(name),
                other => body
                    .as_object_mut()
                    .unwrap()
                    .insert(name.clone(), other.clone()),
            };
        }
        body
    };
    let events = [
        with(json!({"date": day(&api, -1)})),
        with(json!({"date": "2026-13-01"})),
        with(json!({"date": "12/06/2030"})),
        with(json!({"date": day(&api, 366 * 6)})),
        with(json!({"start_time": "25:00"})),
        with(json!({"end_time": "7h"})),
        with(json!({"name": "  "})),
        with(json!({"name": null})),
        with(json!({"needs": null})),
        with(json!({"needs": []})),
        with(json!({"needs": ["photo", "Photo"]})),
        with(json!({"budget_cents": -1})),
        with(json!({"budget_cents": 1.5})),
        with(json!({"guests": 0})),
        with(json!({"city": "Atlantide-sur-Mer"})),
        with(json!({"city_code": "44109"})),
        with(json!({"venue": "garden"})),
        json!(["not", "an", "object"]),
    ];
    for body in events {
        let answer = api
            .post_as("/api/events", Some(body.clone()), &client.token)
            .await;
        assert_eq!(
            (answer.status, answer.code()),
            (400, "invalid_field"),
            "{body}: {}",
            answer.body
        );
        assert!(answer.body["error"]["message"].is_string());
        let edit = put_as(
            &api,
            &format!("/api/events/{event}"),
            body.clone(),
            &client.token,
        )
        .await;
        assert_eq!(edit.status, 400, "{body}: {}", edit.body);
    }
    let raw = |method: &str, path: &str, body: &str, content_type: &str| {
        lambda_http::http::Request::builder()
            .method(method)
            .uri(path)
            .header("authorization", format!("Bearer {}", client.token))
            .header("content-type", content_type)
            .body(lambda_http::Body::Text(body.to_owned()))
            .unwrap()
    };
    let malformed = api
        .send(raw(
            "POST",
            "/api/events",
            "{\"name\": ",
            "application/json",
        ))
        .await;
    assert_eq!((malformed.status, malformed.code()), (400, "invalid_json"));
    let text = api
        .send(raw("POST", "/api/events", "{}", "text/plain"))
        .await;
    assert_eq!((text.status, text.code()), (415, "unsupported_media_type"));

    let invites = [
        json!({"provider_id": trio.id}),
        json!({"provider_id": trio.id, "need": " "}),
        json!({"provider_id": "a.b", "need": "photo"}),
        json!({"provider_id": trio.id, "need": "photo", "price": 5}),
        json!({"need": "photo"}),
    ];
    for body in invites {
        let answer = api
            .post_as(
                &format!("/api/events/{event}/requests"),
                Some(body.clone()),
                &client.token,
            )
            .await;
        assert_eq!(
            (answer.status, answer.code()),
            (400, "invalid_field"),
            "{body}: {}",
            answer.body
        );
    }
    let answers = [
        json!({"action": "quote", "price_cents": -100, "valid_until": day(&api, 5)}),
        json!({"action": "quote", "valid_until": day(&api, 5)}),
        json!({"action": "quote", "price_cents": 100}),
        json!({"action": "quote", "price_cents": 100, "valid_until": day(&api, -1)}),
        json!({"action": "quote", "price_cents": 100, "valid_until": "demain"}),
        json!({"action": "quote", "price_cents": 100_000_001, "valid_until": day(&api, 5)}),
        json!({"action": "accept", "reason": "why not"}),
        json!({"action": "decline", "price_cents": 100}),
        json!({"action": "maybe"}),
        json!({"action": "accept", "note": "x"}),
        json!({}),
    ];
    for body in answers {
        let answer = answer(&api, &trio, &event, &trio.id, body.clone()).await;
        assert_eq!(
            (answer.status, answer.code()),
            (400, "invalid_field"),
            "{body}: {}",
            answer.body
        );
    }
    let (_, requests) = client_view(&api, &client, &event).await;
    assert_eq!(
        state_of(&requests, &trio),
        "pending",
        "no bad answer was stored"
    );
    let state = api.get_as("/api/requests?state=maybe", &trio.token).await;
    assert_eq!((state.status, state.code()), (400, "invalid_field"));
    let cursor = api.get_as("/api/requests?cursor=%%%", &trio.token).await;
    assert_eq!((cursor.status, cursor.code()), (400, "invalid_cursor"));
    let cursor = api.get_as("/api/events?cursor=nope", &client.token).await;
    assert_eq!((cursor.status, cursor.code()), (400, "invalid_cursor"));
}

/// The journey on the DynamoDB adapter (against moto): conditions and transactions as
/// DynamoDB evaluates them, including two bookings racing for one date.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_booking_journey_runs_on_dynamodb() {
    let api = TestApi::on_dynamodb().await;

    let first = member(&api, "camille@example.fr", "client").await;
    let second = member(&api, "sam@example.fr", "client").await;
    let trio = member(&api, "trio@example.fr", "provider").await;
    let dj = member(&api, "dj@example.fr", "provider").await;
    let wedding = created(&api, &first, event_body(&api, "Mariage", 30)).await;
    let party = created(&api, &second, event_body(&api, "Fête", 30)).await;
    for (client, event) in [(&first, &wedding), (&second, &party)] {
        invited(&api, client, event, &trio, "musique").await;
        invited(&api, client, event, &dj, "musique").await;
        let twice = invite(&api, client, event, &trio.id, "photo").await;
        assert_eq!((twice.status, twice.code()), (409, "already_invited"));
    }
    assert_eq!(inbox(&api, &trio, "?state=pending").await.len(), 2);
    answered(
        &api,
        &trio,
        &wedding,
        json!({"action": "quote", "price_cents": 60_000, "valid_until": day(&api, 10)}),
    )
    .await;
    answered(&api, &trio, &party, json!({"action": "accept"})).await;
    answered(&api, &dj, &wedding, json!({"action": "accept"})).await;
    let again = answer(&api, &dj, &wedding, &dj.id, json!({"action": "decline"})).await;
    assert_eq!((again.status, again.code()), (409, "request_closed"));

    let (a, b) = tokio::join!(
        book(&api, &first, &wedding, &trio.id),
        book(&api, &second, &party, &trio.id)
    );
    one_wins(&a, &b, "date_taken");
    let (winner, winner_client, loser, loser_client) = if a.status == 200 {
        (&wedding, &first, &party, &second)
    } else {
        (&party, &second, &wedding, &first)
    };
    let (event, requests) = client_view(&api, winner_client, winner).await;
    assert_eq!(event["bookings"], json!({"musique": trio.id}));
    assert_eq!(state_of(&requests, &trio), "booked");
    assert_eq!(state_of(&requests, &dj), "closed");

    let cancelled = api
        .post_as(
            &format!("/api/events/{winner}/cancel"),
            None,
            &winner_client.token,
        )
        .await;
    assert_eq!(cancelled.status, 200, "{}", cancelled.body);
    let booked = book(&api, loser_client, loser, &trio.id).await;
    assert_eq!(booked.status, 200, "the date was released: {}", booked.body);

    // Bookings and closed requests do not expire.
    api.advance(11 * 24 * 3600);
    assert_eq!(inbox(&api, &dj, "?state=closed").await.len(), 2);
    let (_, requests) = client_view(&api, loser_client, loser).await;
    assert_eq!(state_of(&requests, &trio), "booked");
}
