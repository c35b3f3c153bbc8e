//! Calendar bookings through the HTTP API, and the invariant of a provider's day under
//! races, on both tables: 100 bookings of one day give one hold; a whole day racing
//! sessions gives one side only; overlapping sessions never both win; a calendar booking
//! racing an event's booking of the same day gives one winner; a confirmation racing the
//! hold's end gives one consistent outcome.

use crate::support::api::{Answer, TestApi};
use estrade::dates;
use estrade::ports::Clock;
use serde_json::{Value, json};
use std::sync::Arc;
use tokio::task::JoinSet;

#[derive(Clone)]
pub(crate) struct Member {
    pub id: String,
    pub token: String,
}

pub(crate) async fn member(api: &TestApi, email: &str, role: &str) -> Member {
    let (id, token, _) = api.member(email, role).await;
    Member { id, token }
}

/// A photographer in Nantes with two whole-day services and two sessions (a one-hour
/// portrait with 30 minutes after it, a 90-minute lesson), on the default rules.
pub(crate) async fn photographer(api: &TestApi) -> Member {
    let provider = member(api, "photo@example.fr", "provider").await;
    let profile = json!({
        "stage_name": "Claire Photographie", "kind": "photographe", "presentation": "",
        "description": "", "members": [], "offer": {}, "city": "Nantes", "all_france": true,
        "regions": [], "price_text": "",
        "services": [
            {"name": "Reportage journée", "price_cents": 180000},
            {"name": "Mariage complet", "price_cents": 250000, "instant": true},
            {"name": "Séance portrait", "price_cents": 35000,
             "booking": {"kind": "session", "minutes": 60, "buffer_minutes": 30}},
            {"name": "Cours photo", "price_cents": 9000,
             "booking": {"kind": "session", "minutes": 90, "buffer_minutes": 0}},
        ]
    });
    let saved = api
        .call(
            "PUT",
            "/api/me/profile",
            Some(profile),
            &[("authorization", &format!("Bearer {}", provider.token))],
        )
        .await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    assert_eq!(
        saved.body["profile"]["services"][2]["booking"],
        json!({"kind": "session", "minutes": 60, "buffer_minutes": 30})
    );
    provider
}

/// The first Tuesday at least `days` ahead.
pub(crate) fn tuesday(api: &TestApi, days: i64) -> String {
    let mut day = dates::add_days(dates::today(api.clock.now()), days);
    while day.weekday() != jiff::civil::Weekday::Tuesday {
        day = dates::add_days(day, 1);
    }
    day.to_string()
}

pub(crate) async fn book(
    api: &TestApi,
    client: &Member,
    provider: &Member,
    service: &str,
    date: &str,
    start: Option<&str>,
) -> Answer {
    let mut body = json!({"provider_id": provider.id, "service": service, "date": date});
    if let Some(start) = start {
        body["start"] = json!(start);
    }
    api.post_as("/api/bookings", Some(body), &client.token)
        .await
}

/// The live bookings of the provider on `date`, from its calendar.
async fn live_on(api: &TestApi, provider: &Member, date: &str) -> Vec<Value> {
    let month = api
        .get_as(
            &format!("/api/me/calendar?month={}", &date[..7]),
            &provider.token,
        )
        .await;
    assert_eq!(month.status, 200, "{}", month.body);
    month.body["bookings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| {
            b["date"] == date && ["held", "confirmed"].contains(&b["state"].as_str().unwrap())
        })
        .cloned()
        .collect()
}

/// Runs every job at once on the runtime's workers; their answers, in order.
pub(crate) async fn all_at_once<F>(jobs: Vec<F>) -> Vec<Answer>
where
    F: Future<Output = Answer> + Send + 'static,
{
    let mut running = JoinSet::new();
    for (i, job) in jobs.into_iter().enumerate() {
        running.spawn(async move { (i, job.await) });
    }
    let mut done = running.join_all().await;
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, a)| a).collect()
}

pub(crate) fn codes(answers: &[Answer]) -> Vec<(u16, String)> {
    answers
        .iter()
        .map(|a| (a.status, a.code().to_owned()))
        .collect()
}

#[tokio::test]
async fn a_client_books_a_session_and_the_provider_confirms_it() {
    let api = TestApi::new();
    let provider = photographer(&api).await;
    let client = member(&api, "camille@example.fr", "client").await;
    let day = tuesday(&api, 10);
    let held = book(
        &api,
        &client,
        &provider,
        "Séance portrait",
        &day,
        Some("14:00"),
    )
    .await;
    assert_eq!(held.status, 201, "{}", held.body);
    let booking = &held.body["booking"];
    assert_eq!(
        (booking["state"].as_str(), booking["end"].as_str()),
        (Some("held"), Some("15:00"))
    );
    assert!(booking.get("slots").is_none(), "the slots are not shown");
    let id = booking["id"].as_str().unwrap();
    let availability = api
        .call(
            "GET",
            &format!(
                "/api/providers/{}/availability?service=Séance%20portrait&month={}",
                provider.id,
                &day[..7]
            ),
            None,
            &[],
        )
        .await;
    assert_eq!(availability.status, 200, "{}", availability.body);
    let that = availability.body["days"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["date"] == day)
        .unwrap()
        .clone();
    assert!(!that["starts"].as_array().unwrap().contains(&json!("14:00")));
    let by_client = api
        .post_as(
            &format!("/api/bookings/{id}/answer"),
            Some(json!({"action": "confirm"})),
            &client.token,
        )
        .await;
    assert_eq!(by_client.status, 404);
    let confirmed = api
        .post_as(
            &format!("/api/bookings/{id}/answer"),
            Some(json!({"action": "confirm"})),
            &provider.token,
        )
        .await;
    assert_eq!(
        (confirmed.status, &confirmed.body["booking"]["state"]),
        (200, &json!("confirmed"))
    );
    let mine = api.get_as("/api/me/bookings", &client.token).await;
    assert_eq!(mine.body["bookings"][0]["state"], "confirmed");
    let bad = api.post_as("/api/bookings", Some(json!({"provider_id": provider.id, "service": "Séance portrait", "date": day, "start": "14:10"})), &client.token).await;
    assert_eq!((bad.status, bad.code()), (400, "off_grid"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_hundred_bookings_of_one_day_give_one_hold() {
    a_hundred_bookings_of_one_day(TestApi::new()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_hundred_bookings_of_one_day_give_one_hold_on_dynamodb() {
    a_hundred_bookings_of_one_day(TestApi::on_dynamodb().await).await;
}

/// 100 whole-day bookings of one day, over two services and ten clients, all at once.
async fn a_hundred_bookings_of_one_day(api: TestApi) {
    let provider = photographer(&api).await;
    let mut clients = Vec::new();
    for i in 0..10 {
        clients.push(member(&api, &format!("client{i}@example.fr"), "client").await);
    }
    let day = tuesday(&api, 10);
    let api = Arc::new(api);
    let jobs: Vec<_> = (0..100)
        .map(|i| {
            let (api, client, provider, day) = (
                api.clone(),
                clients[i % 10].clone(),
                provider.clone(),
                day.clone(),
            );
            let service = ["Reportage journée", "Mariage complet"][i % 2];
            async move { book(&api, &client, &provider, service, &day, None).await }
        })
        .collect();
    let answers = all_at_once(jobs).await;
    let won: Vec<_> = answers.iter().filter(|a| a.status == 201).collect();
    assert_eq!(won.len(), 1, "{:?}", codes(&answers));
    assert!(
        answers
            .iter()
            .all(|a| a.status == 201 || (a.status, a.code()) == (409, "date_taken")),
        "{:?}",
        codes(&answers)
    );
    assert_eq!(live_on(&api, &provider, &day).await.len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_whole_day_racing_sessions_gives_one_side() {
    a_whole_day_racing_sessions(TestApi::new()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_whole_day_racing_sessions_gives_one_side_on_dynamodb() {
    a_whole_day_racing_sessions(TestApi::on_dynamodb().await).await;
}

/// Whole-day bookings and sessions at distinct times of one day, all at once: either one
/// whole day won and no session, or sessions won and no whole day.
async fn a_whole_day_racing_sessions(api: TestApi) {
    let provider = photographer(&api).await;
    let client = member(&api, "camille@example.fr", "client").await;
    let day = tuesday(&api, 10);
    let api = Arc::new(api);
    let mut jobs = Vec::new();
    for (service, start) in [
        ("Reportage journée", None),
        ("Séance portrait", Some("09:00")),
        ("Mariage complet", None),
        ("Séance portrait", Some("11:00")),
        ("Reportage journée", None),
        ("Cours photo", Some("14:00")),
        ("Séance portrait", Some("17:00")),
    ] {
        let (api, client, provider, day) =
            (api.clone(), client.clone(), provider.clone(), day.clone());
        jobs.push(async move { book(&api, &client, &provider, service, &day, start).await });
    }
    let answers = all_at_once(jobs).await;
    let live = live_on(&api, &provider, &day).await;
    let wholes = live
        .iter()
        .filter(|b| b["kind"]["kind"] == "whole_day")
        .count();
    let sessions = live
        .iter()
        .filter(|b| b["kind"]["kind"] == "session")
        .count();
    assert!(
        (wholes == 1 && sessions == 0) || (wholes == 0 && sessions >= 1),
        "{wholes} whole days and {sessions} sessions: {:?}",
        codes(&answers)
    );
    assert_eq!(
        answers.iter().filter(|a| a.status == 201).count(),
        live.len()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn overlapping_sessions_never_both_win() {
    overlapping_sessions(TestApi::new()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn overlapping_sessions_never_both_win_on_dynamodb() {
    overlapping_sessions(TestApi::on_dynamodb().await).await;
}

/// Sessions starting every 30 minutes from 09:00 to 12:00, three times each, all at once:
/// the winners never overlap (the buffer after each included).
async fn overlapping_sessions(api: TestApi) {
    let provider = photographer(&api).await;
    let client = member(&api, "camille@example.fr", "client").await;
    let day = tuesday(&api, 10);
    let api = Arc::new(api);
    let starts = [
        "09:00", "09:30", "10:00", "10:30", "11:00", "11:30", "12:00",
    ];
    let mut jobs = Vec::new();
    for _ in 0..3 {
        for (i, start) in starts.into_iter().enumerate() {
            let (api, client, provider, day) =
                (api.clone(), client.clone(), provider.clone(), day.clone());
            let service = if i % 2 == 0 {
                "Séance portrait"
            } else {
                "Cours photo"
            };
            jobs.push(
                async move { book(&api, &client, &provider, service, &day, Some(start)).await },
            );
        }
    }
    let answers = all_at_once(jobs).await;
    assert!(
        answers
            .iter()
            .all(|a| a.status == 201 || (a.status, a.code()) == (409, "slot_taken")),
        "{:?}",
        codes(&answers)
    );
    let minutes = |t: &Value| {
        let t = t.as_str().unwrap();
        t[..2].parse::<i64>().unwrap() * 60 + t[3..].parse::<i64>().unwrap()
    };
    let mut held: Vec<(i64, i64)> = live_on(&api, &provider, &day)
        .await
        .iter()
        .map(|b| {
            let buffer = b["kind"]["buffer_minutes"].as_i64().unwrap();
            (minutes(&b["start"]), minutes(&b["end"]) + buffer)
        })
        .collect();
    held.sort();
    assert!(!held.is_empty());
    for pair in held.windows(2) {
        assert!(pair[0].1 <= pair[1].0, "overlap: {held:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_calendar_booking_racing_an_event_booking_gives_one_winner() {
    calendar_against_event(TestApi::new()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_calendar_booking_racing_an_event_booking_gives_one_winner_on_dynamodb() {
    calendar_against_event(TestApi::on_dynamodb().await).await;
}

/// A client books the photographer's day on its calendar while another books it for an
/// event whose request it accepted.
async fn calendar_against_event(api: TestApi) {
    let provider = photographer(&api).await;
    let client = member(&api, "camille@example.fr", "client").await;
    let organiser = member(&api, "sam@example.fr", "client").await;
    let day = tuesday(&api, 10);
    let event = api
        .post_as(
            "/api/events",
            Some(json!({"name": "Mariage", "date": day, "city": "Nantes", "needs": ["photo"]})),
            &organiser.token,
        )
        .await;
    assert_eq!(event.status, 201, "{}", event.body);
    let event_id = event.body["event"]["id"].as_str().unwrap().to_owned();
    let invited = api
        .post_as(
            &format!("/api/events/{event_id}/requests"),
            Some(json!({"provider_id": provider.id, "need": "photo"})),
            &organiser.token,
        )
        .await;
    assert_eq!(invited.status, 201, "{}", invited.body);
    let accepted = api
        .post_as(
            &format!("/api/events/{event_id}/requests/{}/answer", provider.id),
            Some(json!({"action": "accept"})),
            &provider.token,
        )
        .await;
    assert_eq!(accepted.status, 200, "{}", accepted.body);
    let api = Arc::new(api);
    let calendar = {
        let (api, client, provider, day) =
            (api.clone(), client.clone(), provider.clone(), day.clone());
        async move { book(&api, &client, &provider, "Reportage journée", &day, None).await }
    };
    let for_event = {
        let (api, organiser, path) = (
            api.clone(),
            organiser.clone(),
            format!("/api/events/{event_id}/requests/{}/book", provider.id),
        );
        async move { api.post_as(&path, None, &organiser.token).await }
    };
    let (a, b) = tokio::join!(tokio::spawn(calendar), tokio::spawn(for_event));
    let (a, b) = (a.unwrap(), b.unwrap());
    let won = [a.status == 201, b.status == 200];
    assert_eq!(
        won.iter().filter(|w| **w).count(),
        1,
        "{} {} / {} {}",
        a.status,
        a.body,
        b.status,
        b.body
    );
    let loser = if won[0] { &b } else { &a };
    assert_eq!((loser.status, loser.code()), (409, "date_taken"));
}

#[tokio::test]
async fn a_confirmation_racing_the_end_of_its_hold_has_one_outcome() {
    confirm_against_expiry(TestApi::new()).await;
}

#[tokio::test]
async fn a_confirmation_racing_the_end_of_its_hold_has_one_outcome_on_dynamodb() {
    confirm_against_expiry(TestApi::on_dynamodb().await).await;
}

/// A hold confirmed one second before its end stays, and the day is taken after it; a
/// hold confirmed at its end is refused, reads expired, and its day is free at once.
async fn confirm_against_expiry(api: TestApi) {
    let provider = photographer(&api).await;
    let client = member(&api, "camille@example.fr", "client").await;
    let other = member(&api, "sam@example.fr", "client").await;
    let confirm = |id: String| {
        let (api, token) = (&api, provider.token.clone());
        async move {
            api.post_as(
                &format!("/api/bookings/{id}/answer"),
                Some(json!({"action": "confirm"})),
                &token,
            )
            .await
        }
    };
    let (early, late) = (tuesday(&api, 10), tuesday(&api, 17));
    let first = book(&api, &client, &provider, "Reportage journée", &early, None).await;
    let second = book(&api, &client, &provider, "Reportage journée", &late, None).await;
    let id = |a: &Answer| a.body["booking"]["id"].as_str().unwrap().to_owned();
    api.advance(48 * 3600 - 1);
    let (kept, rival) = tokio::join!(
        confirm(id(&first)),
        book(&api, &other, &provider, "Reportage journée", &early, None)
    );
    assert_eq!(kept.status, 200, "{}", kept.body);
    assert_eq!((rival.status, rival.code()), (409, "date_taken"));
    api.advance(1);
    let (refused, taken) = tokio::join!(
        confirm(id(&second)),
        book(&api, &other, &provider, "Reportage journée", &late, None)
    );
    assert_eq!((refused.status, refused.code()), (409, "booking_closed"));
    assert_eq!(taken.status, 201, "{}", taken.body);
    let shown = api
        .get_as(&format!("/api/bookings/{}", id(&second)), &client.token)
        .await;
    assert_eq!(shown.body["booking"]["state"], "expired");
    assert_eq!(live_on(&api, &provider, &early).await.len(), 1);
    assert_eq!(live_on(&api, &provider, &late).await.len(), 1);
}

#[tokio::test]
async fn the_other_side_is_told_by_email_and_a_confirmation_opens_a_project_with_its_ics() {
    let api = TestApi::new();
    let provider = photographer(&api).await;
    let client = member(&api, "camille@example.fr", "client").await;
    let day = tuesday(&api, 10);
    api.notify().await;
    let held = book(&api, &client, &provider, "Reportage journée", &day, None).await;
    let id = held.body["booking"]["id"].as_str().unwrap().to_owned();
    api.notify().await;
    let request = api
        .mails_to("photo@example.fr")
        .pop()
        .expect("the provider is told");
    assert!(
        request.subject.starts_with("Demande de réservation de"),
        "{}",
        request.subject
    );
    assert!(request.text.contains("/calendrier"));
    let confirmed = api
        .post_as(
            &format!("/api/bookings/{id}/answer"),
            Some(json!({"action": "confirm"})),
            &provider.token,
        )
        .await;
    assert_eq!(confirmed.status, 200);
    api.notify().await;
    // The confirmation opens a project: its email tells both sides, with the .ics.
    for to in ["camille@example.fr", "photo@example.fr"] {
        let mail = api.mails_to(to).pop().unwrap();
        assert!(
            mail.subject.starts_with("Projet confirmé"),
            "{to}: {}",
            mail.subject
        );
        assert!(
            mail.text.contains("Reportage journée") && mail.text.contains("1800,00 €"),
            "{}",
            mail.text
        );
        let ics = mail.ics.expect("an .ics attached");
        assert!(ics.contains(&format!("UID:{id}@estrade")), "{ics}");
        assert!(ics.contains("STATUS:CONFIRMED"), "{ics}");
        let compact = day.replace('-', "");
        assert!(
            ics.contains(&format!("DTSTART;VALUE=DATE:{compact}")),
            "{ics}"
        );
    }
    let cancelled = api
        .post_as(
            &format!("/api/bookings/{id}/cancel"),
            Some(json!({"reason": "Empêchement"})),
            &client.token,
        )
        .await;
    assert_eq!(cancelled.status, 200);
    api.notify().await;
    let told = api.mails_to("photo@example.fr").pop().unwrap();
    assert!(
        told.subject.starts_with("Réservation annulée"),
        "{}",
        told.subject
    );
    assert!(told.text.contains("> Empêchement"));
    assert_eq!(
        api.mails_to("camille@example.fr").len(),
        2,
        "the client cancelled: not told"
    );
}

#[tokio::test]
async fn the_feed_is_secret_rotatable_and_lists_each_booking_once() {
    let api = TestApi::new();
    let provider = photographer(&api).await;
    let client = member(&api, "camille@example.fr", "client").await;
    let first = book(
        &api,
        &client,
        &provider,
        "Reportage journée",
        &tuesday(&api, 10),
        None,
    )
    .await;
    let second = book(
        &api,
        &client,
        &provider,
        "Séance portrait",
        &tuesday(&api, 17),
        Some("10:00"),
    )
    .await;
    let id = |a: &Answer| a.body["booking"]["id"].as_str().unwrap().to_owned();
    api.post_as(
        &format!("/api/bookings/{}/answer", id(&second)),
        Some(json!({"action": "decline"})),
        &provider.token,
    )
    .await;
    let client_asks = api
        .post_as("/api/me/calendar/feed", None, &client.token)
        .await;
    assert_eq!(client_asks.status, 403);
    let old = api
        .post_as("/api/me/calendar/feed", None, &provider.token)
        .await;
    let new = api
        .post_as("/api/me/calendar/feed", None, &provider.token)
        .await;
    let path = |a: &Answer| {
        a.body["url"]
            .as_str()
            .unwrap()
            .trim_start_matches("http://estrade.test")
            .to_owned()
    };
    assert_eq!(
        api.call("GET", &path(&old), None, &[]).await.status,
        404,
        "the old address ends"
    );
    let forged = format!("/api/calendar/{}.not-the-secret.ics", provider.id);
    assert_eq!(api.call("GET", &forged, None, &[]).await.status, 404);
    let feed = api.call("GET", &path(&new), None, &[]).await;
    assert_eq!(feed.status, 200);
    assert!(
        feed.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/calendar")
    );
    let text = feed.body.as_str().unwrap();
    assert_eq!(text.matches("BEGIN:VEVENT").count(), 2, "{text}");
    assert!(text.contains(&format!("UID:{}@estrade", id(&first))));
    assert!(
        text.contains("STATUS:TENTATIVE") && text.contains("STATUS:CANCELLED"),
        "{text}"
    );
}

#[tokio::test]
async fn rules_and_the_feed_secret_stay_off_the_public_profile() {
    let api = TestApi::new();
    let provider = photographer(&api).await;
    let mut rules = json!({
        "week": [{"start": "10:00", "end": "18:00"}, null, null, null, null, null, null],
        "blocked": [{"from": "2027-08-01", "to": "2027-08-15", "note": "Congés"}],
        "notice_days": 1, "horizon_days": 200, "step_minutes": 60, "hold_hours": 24
    });
    let saved = api
        .call(
            "PUT",
            "/api/me/calendar/rules",
            Some(rules.clone()),
            &[("authorization", &format!("Bearer {}", provider.token))],
        )
        .await;
    assert_eq!((saved.status, &saved.body["rules"]), (200, &rules));
    assert_eq!(
        api.post_as("/api/me/calendar/feed", None, &provider.token)
            .await
            .status,
        200
    );
    for path in [
        format!("/api/providers/{}", provider.id),
        "/api/me/profile".to_owned(),
    ] {
        let read = api.get_as(&path, &provider.token).await;
        assert_eq!(read.status, 200, "{path}: {}", read.body);
        let profile = read.body["profile"].as_object().unwrap();
        assert!(
            !profile.contains_key("calendar") && !profile.contains_key("feed_digest"),
            "{path}"
        );
    }
    let month = api
        .get_as(
            &format!("/api/me/calendar?month={}", &tuesday(&api, 10)[..7]),
            &provider.token,
        )
        .await;
    assert_eq!(month.body["rules"]["step_minutes"], 60);
    rules["step_minutes"] = json!(20);
    let refused = api
        .call(
            "PUT",
            "/api/me/calendar/rules",
            Some(rules),
            &[("authorization", &format!("Bearer {}", provider.token))],
        )
        .await;
    assert_eq!((refused.status, refused.code()), (400, "invalid_field"));
}

#[tokio::test]
async fn a_day_whose_sessions_are_all_gone_can_be_taken_whole_again() {
    let api = TestApi::new();
    let provider = photographer(&api).await;
    let client = member(&api, "camille@example.fr", "client").await;
    let organiser = member(&api, "sam@example.fr", "client").await;
    let (first, second) = (tuesday(&api, 10), tuesday(&api, 17));
    for day in [&first, &second] {
        let session = book(
            &api,
            &client,
            &provider,
            "Séance portrait",
            day,
            Some("10:00"),
        )
        .await;
        let id = session.body["booking"]["id"].as_str().unwrap().to_owned();
        let whole = book(&api, &organiser, &provider, "Reportage journée", day, None).await;
        assert_eq!(
            (whole.status, whole.code()),
            (409, "date_taken"),
            "a live session"
        );
        let cancelled = api
            .post_as(
                &format!("/api/bookings/{id}/cancel"),
                Some(json!({"reason": "Empêchement"})),
                &client.token,
            )
            .await;
        assert_eq!(cancelled.status, 200);
    }
    // A calendar booking takes the first day over its stale marker.
    let whole = book(
        &api,
        &organiser,
        &provider,
        "Reportage journée",
        &first,
        None,
    )
    .await;
    assert_eq!(whole.status, 201, "{}", whole.body);
    // An event's booking takes the second.
    let event = api
        .post_as(
            "/api/events",
            Some(json!({"name": "Mariage", "date": second, "city": "Nantes", "needs": ["photo"]})),
            &organiser.token,
        )
        .await;
    let event_id = event.body["event"]["id"].as_str().unwrap().to_owned();
    api.post_as(
        &format!("/api/events/{event_id}/requests"),
        Some(json!({"provider_id": provider.id, "need": "photo"})),
        &organiser.token,
    )
    .await;
    api.post_as(
        &format!("/api/events/{event_id}/requests/{}/answer", provider.id),
        Some(json!({"action": "accept"})),
        &provider.token,
    )
    .await;
    let booked = api
        .post_as(
            &format!("/api/events/{event_id}/requests/{}/book", provider.id),
            None,
            &organiser.token,
        )
        .await;
    assert_eq!(booked.status, 200, "{}", booked.body);
    let session = book(
        &api,
        &client,
        &provider,
        "Séance portrait",
        &second,
        Some("14:00"),
    )
    .await;
    assert_eq!(
        (session.status, session.code()),
        (409, "date_taken"),
        "now taken whole"
    );
}
