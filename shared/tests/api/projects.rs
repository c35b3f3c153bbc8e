//! Projects and contracts through the HTTP API, on both tables: a confirmed booking
//! becomes a project both sides see; its contract is prepared, sent, signed with the
//! emailed code and countersigned; the PDF is rendered from the change feed and verified
//! by its hash; nothing about the signed contract can change. Under races: two sides
//! moving a project at once (one wins, the others get 409) and one signature sent many
//! times at once (signed once).

use crate::calendar::{Member, all_at_once, book, codes, member, photographer, tuesday};
use crate::support::api::TestApi;
use estrade::contracts::audit::{Entry, is_chained};
use estrade::contracts::model::Contract;
use estrade::items;
use estrade::keys;
use estrade::ports::{Condition, StoreError};
use serde_json::{Value, json};
use std::sync::Arc;

/// A client's whole-day booking of the photographer, confirmed: its project's id.
pub(crate) async fn confirmed_project(api: &TestApi, client: &Member, provider: &Member) -> String {
    let day = tuesday(api, 10);
    let held = book(api, client, provider, "Reportage journée", &day, None).await;
    assert_eq!(held.status, 201, "{}", held.body);
    let id = held.body["booking"]["id"].as_str().unwrap().to_owned();
    let confirmed = api
        .post_as(
            &format!("/api/bookings/{id}/answer"),
            Some(json!({"action": "confirm"})),
            &provider.token,
        )
        .await;
    assert_eq!(confirmed.status, 200, "{}", confirmed.body);
    confirmed.body["booking"]["project_id"]
        .as_str()
        .expect("the confirmation opened a project")
        .to_owned()
}

/// The six digits of the last signing code mailed to `to`.
fn code_mailed_to(api: &TestApi, to: &str) -> String {
    let mail = api.mails_to(to).pop().expect("a code by email");
    assert!(
        mail.subject.starts_with("Votre code de signature"),
        "{}",
        mail.subject
    );
    mail.text
        .split_whitespace()
        .find(|w| w.len() == 6 && w.bytes().all(|b| b.is_ascii_digit()))
        .expect("six digits")
        .to_owned()
}

/// The project's contract, prepared from the model and sent (the client never sees the
/// draft).
async fn sent_contract(api: &TestApi, provider: &Member, client: &Member, project: &str) -> Value {
    let path = format!("/api/projects/{project}/contract");
    let prepared = api
        .post_as(
            &path,
            Some(json!({"template_id": "model"})),
            &provider.token,
        )
        .await;
    assert_eq!(prepared.status, 201, "{}", prepared.body);
    let whole = api
        .get_as(&format!("/api/projects/{project}"), &client.token)
        .await;
    assert_eq!(whole.body["contract"], Value::Null, "{}", whole.body);
    let read = api.get_as(&path, &client.token).await;
    assert_eq!(read.body["contract"], Value::Null, "{}", read.body);
    let revision = prepared.body["contract"]["revision"].clone();
    let sent = api
        .post_as(
            &format!("{path}/send"),
            Some(json!({"revision": revision})),
            &provider.token,
        )
        .await;
    assert_eq!(sent.status, 200, "{}", sent.body);
    sent.body["contract"].clone()
}

fn signing(name: &str, contract: &Value, code: &str) -> Value {
    json!({
        "name": name, "consent": true,
        "consent_version": contract["consent"]["version"],
        "sha256": contract["sha256"], "code": code,
    })
}

#[tokio::test]
async fn a_booking_becomes_a_project_signed_by_both_sides() {
    signed_by_both_sides(TestApi::new()).await;
}

#[tokio::test]
async fn a_booking_becomes_a_project_signed_by_both_sides_on_dynamodb() {
    signed_by_both_sides(TestApi::on_dynamodb().await).await;
}

async fn signed_by_both_sides(api: TestApi) {
    let provider = photographer(&api).await;
    let client = member(&api, "camille@example.fr", "client").await;
    let stranger = member(&api, "sam@example.fr", "client").await;
    let project = confirmed_project(&api, &client, &provider).await;
    let base = format!("/api/projects/{project}");
    // Both sides see it, nobody else.
    for side in [&client, &provider] {
        let mine = api.get_as("/api/projects", &side.token).await;
        assert_eq!(
            mine.body["projects"][0]["id"],
            json!(project),
            "{}",
            mine.body
        );
        assert_eq!(mine.body["projects"][0]["status"], "confirmed");
    }
    assert_eq!(api.get_as(&base, &stranger.token).await.status, 404);
    assert_eq!(
        api.get_as(&format!("{base}/contract"), &stranger.token)
            .await
            .status,
        404
    );
    // The provider prepares the contract from the model, then sends it.
    let contract = sent_contract(&api, &provider, &client, &project).await;
    let text = contract["text"].as_str().unwrap();
    assert!(
        text.contains("Claire Photographie") && text.contains("1\u{a0}800,00\u{a0}€"),
        "{text}"
    );
    assert!(!text.contains("{{"), "every variable filled: {text}");
    let hash = contract["sha256"].as_str().unwrap().to_owned();
    assert_eq!(hash, estrade::contracts::model::sha256(text.as_bytes()));
    // The provider cannot sign first; the client reads it, asks for a code, signs.
    api.post_as(&format!("{base}/contract/code"), None, &provider.token)
        .await;
    let early = api
        .post_as(&format!("{base}/contract/code"), None, &provider.token)
        .await;
    assert_eq!((early.status, early.code()), (409, "not_your_turn"));
    let read = api.get_as(&format!("{base}/contract"), &client.token).await;
    assert_eq!(read.body["contract"]["sha256"], json!(hash));
    let asked = api
        .post_as(&format!("{base}/contract/code"), None, &client.token)
        .await;
    assert_eq!(asked.status, 202, "{}", asked.body);
    let code = code_mailed_to(&api, "camille@example.fr");
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let refused = api
        .post_as(
            &format!("{base}/contract/sign"),
            Some(signing("Camille Martin", &contract, wrong)),
            &client.token,
        )
        .await;
    assert_eq!((refused.status, refused.code()), (400, "wrong_code"));
    let signed = api
        .post_as(
            &format!("{base}/contract/sign"),
            Some(signing("Camille Martin", &contract, &code)),
            &client.token,
        )
        .await;
    assert_eq!(signed.status, 200, "{}", signed.body);
    assert_eq!(signed.body["contract"]["awaiting"], "provider");
    // The provider countersigns with its own code.
    api.advance(61);
    let asked = api
        .post_as(&format!("{base}/contract/code"), None, &provider.token)
        .await;
    assert_eq!(asked.status, 202, "{}", asked.body);
    let code = code_mailed_to(&api, "photo@example.fr");
    let countersigned = api
        .post_as(
            &format!("{base}/contract/sign"),
            Some(signing("Claire Durand", &contract, &code)),
            &provider.token,
        )
        .await;
    assert_eq!(countersigned.status, 200, "{}", countersigned.body);
    assert_eq!(countersigned.body["contract"]["status"], "signed");
    // Not ready until the change feed renders it; then both download it.
    let early = api
        .post_as(&format!("{base}/contract/pdf"), None, &client.token)
        .await;
    assert_eq!((early.status, early.code()), (409, "pdf_not_ready"));
    api.notify().await;
    let mut pdf_hash = String::new();
    for side in [&client, &provider] {
        let pdf = api
            .post_as(&format!("{base}/contract/pdf"), None, &side.token)
            .await;
        assert_eq!(pdf.status, 200, "{}", pdf.body);
        pdf_hash = pdf.body["sha256"].as_str().unwrap().to_owned();
    }
    let key = format!("contracts/{project}/{pdf_hash}.pdf");
    let meta = api
        .platform
        .app
        .blobs
        .head(&key)
        .await
        .unwrap()
        .expect("the PDF is stored");
    assert_eq!(meta.content_type, "application/pdf");
    let verified = api
        .call("GET", &format!("/api/verify/{pdf_hash}"), None, &[])
        .await;
    assert_eq!(verified.body["signed"], true, "{}", verified.body);
    assert_eq!(
        verified.body.as_object().unwrap().len(),
        2,
        "nothing else: {}",
        verified.body
    );
    let other = api
        .call(
            "GET",
            &format!("/api/verify/{}", "ab".repeat(32)),
            None,
            &[],
        )
        .await;
    assert_eq!(other.body, json!({"signed": false}));
    // The timeline and the audit trail, chained.
    let whole = api.get_as(&base, &client.token).await;
    let steps: Vec<_> = whole.body["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["to"].clone())
        .collect();
    assert_eq!(
        steps,
        [
            json!("confirmed"),
            json!("contract_sent"),
            json!("contract_signed")
        ]
    );
    assert!(
        whole.body.get("notes").is_none(),
        "the client never sees the notes"
    );
    let trail: Vec<Entry> =
        serde_json::from_value(whole.body["contract"]["audit"].clone()).unwrap();
    let actions: Vec<_> = trail.iter().map(|e| json!(e.action)).collect();
    assert_eq!(
        actions,
        [
            "sent",
            "viewed",
            "code_sent",
            "sign_failed",
            "signed",
            "code_sent",
            "countersigned",
            "pdf_rendered",
            "downloaded",
            "downloaded"
        ]
        .map(|a| json!(a))
    );
    assert!(is_chained(&trail));
    assert!(
        trail
            .iter()
            .all(|e| !e.detail.as_deref().unwrap_or("").contains(&code))
    );
    // Nothing about the signed contract can change: through the API…
    let before = api
        .get_as(&format!("{base}/contract"), &provider.token)
        .await
        .body;
    let tries = [
        api.post_as(
            &format!("{base}/contract"),
            Some(json!({"template_id": "model"})),
            &provider.token,
        )
        .await,
        api.call(
            "PUT",
            &format!("{base}/contract"),
            Some(json!({"text": "Autre", "revision": 1})),
            &[("authorization", &format!("Bearer {}", provider.token))],
        )
        .await,
        api.post_as(
            &format!("{base}/contract/send"),
            Some(json!({"revision": 1})),
            &provider.token,
        )
        .await,
        api.post_as(
            &format!("{base}/contract/sign"),
            Some(signing("X", &contract, &code)),
            &client.token,
        )
        .await,
    ];
    assert_eq!(
        codes(&tries).iter().map(|(s, _)| *s).collect::<Vec<_>>(),
        [409, 409, 409, 409],
        "{:?}",
        codes(&tries)
    );
    // … nor by a write on the conditions the use cases put on it.
    let mut sent: Contract = serde_json::from_value(json!({
        "project_id": project, "template_name": "x", "text": "Autre texte", "status": "sent",
        "revision": 1, "signed_by": 1, "created_at": 0, "updated_at": 0,
    }))
    .unwrap();
    sent.sha256 = Some(hash.clone());
    let table = &api.platform.app.table;
    for condition in [sent.unchanged(), Condition::NotExists] {
        let altered = table.put(sent.item(), Some(condition)).await;
        assert!(
            matches!(altered, Err(StoreError::ConditionFailed)),
            "{altered:?}"
        );
    }
    let after = api
        .get_as(&format!("{base}/contract"), &provider.token)
        .await
        .body;
    let same = |v: &Value| {
        (
            v["contract"]["text"].clone(),
            v["contract"]["sha256"].clone(),
            v["contract"]["client_signature"].clone(),
            v["contract"]["provider_signature"].clone(),
        )
    };
    assert_eq!(same(&before), same(&after));
    let stored = table.get(&keys::contract(&project)).await.unwrap().unwrap();
    let stored: Contract = items::record(stored).unwrap();
    assert_eq!(stored.signed_by, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn racing_changes_of_a_project_give_one_winner() {
    racing_changes(TestApi::new()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn racing_changes_of_a_project_give_one_winner_on_dynamodb() {
    racing_changes(TestApi::on_dynamodb().await).await;
}

/// Ten moves to "in preparation" by the provider and ten cancellations by the client, all
/// from "confirmed", at once.
async fn racing_changes(api: TestApi) {
    let provider = photographer(&api).await;
    let client = member(&api, "camille@example.fr", "client").await;
    let project = confirmed_project(&api, &client, &provider).await;
    let api = Arc::new(api);
    let path = format!("/api/projects/{project}/status");
    let jobs: Vec<_> = (0..20)
        .map(|i| {
            let (api, path) = (api.clone(), path.clone());
            let (token, body) = if i % 2 == 0 {
                (
                    provider.token.clone(),
                    json!({"from": "confirmed", "to": "in_preparation"}),
                )
            } else {
                (
                    client.token.clone(),
                    json!({"from": "confirmed", "to": "cancelled", "note": "Empêchement"}),
                )
            };
            async move { api.post_as(&path, Some(body), &token).await }
        })
        .collect();
    let answers = all_at_once(jobs).await;
    let won: Vec<_> = answers.iter().filter(|a| a.status == 200).collect();
    assert_eq!(won.len(), 1, "{:?}", codes(&answers));
    assert!(
        answers
            .iter()
            .all(|a| a.status == 200 || (a.status, a.code()) == (409, "stale_status")),
        "{:?}",
        codes(&answers)
    );
    let whole = api
        .get_as(&format!("/api/projects/{project}"), &client.token)
        .await;
    let history = whole.body["history"].as_array().unwrap();
    assert_eq!(history.len(), 2, "{}", whole.body);
    assert_eq!(
        whole.body["project"]["status"],
        won[0].body["project"]["status"]
    );
    assert_eq!(history[1]["to"], won[0].body["project"]["status"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_signature_sent_many_times_at_once_signs_once() {
    racing_signatures(TestApi::new()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_signature_sent_many_times_at_once_signs_once_on_dynamodb() {
    racing_signatures(TestApi::on_dynamodb().await).await;
}

async fn racing_signatures(api: TestApi) {
    let provider = photographer(&api).await;
    let client = member(&api, "camille@example.fr", "client").await;
    let project = confirmed_project(&api, &client, &provider).await;
    let contract = sent_contract(&api, &provider, &client, &project).await;
    let base = format!("/api/projects/{project}/contract");
    let asked = api
        .post_as(&format!("{base}/code"), None, &client.token)
        .await;
    assert_eq!(asked.status, 202);
    let code = code_mailed_to(&api, "camille@example.fr");
    let api = Arc::new(api);
    let jobs: Vec<_> = (0..8)
        .map(|_| {
            let (api, path, token) = (api.clone(), format!("{base}/sign"), client.token.clone());
            let body = signing("Camille Martin", &contract, &code);
            async move { api.post_as(&path, Some(body), &token).await }
        })
        .collect();
    let answers = all_at_once(jobs).await;
    assert_eq!(
        answers.iter().filter(|a| a.status == 200).count(),
        1,
        "{:?}",
        codes(&answers)
    );
    assert!(
        answers
            .iter()
            .all(|a| a.status == 200 || (a.status, a.code()) == (409, "already_signed")),
        "{:?}",
        codes(&answers)
    );
    let read = api.get_as(&base, &provider.token).await;
    let trail: Vec<Entry> = serde_json::from_value(read.body["contract"]["audit"].clone()).unwrap();
    let signed = trail.iter().filter(|e| json!(e.action) == "signed").count();
    assert_eq!(signed, 1);
    assert!(is_chained(&trail));
    assert_eq!(read.body["contract"]["awaiting"], "provider");
}
