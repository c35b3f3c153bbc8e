//! Profile use cases: public provider pages, confidential client profiles.

use crate::support;

use serde_json::{Value, json};
use support::api::TestApi;

fn provider_profile(stage_name: &str) -> Value {
    json!({
        "stage_name": stage_name, "kind": "jazz manouche",
        "presentation": "Trois musiciens", "description": "Du swing",
        "members": [{"name": "Lucie", "role": "guitare"}],
        "offer": {"venue_kinds": "salon", "duration": "2 × 45 min"},
        "city": "Saint-Étienne", "all_france": false, "regions": ["Auvergne-Rhône-Alpes"],
        "price_text": "à partir de 600 €",
        "services": [{"name": "Concert salon", "description": "", "price_cents": 60000}],
        "notify_by_email": false
    })
}

async fn put_profile(api: &TestApi, token: &str, body: Value) -> support::api::Answer {
    api.call(
        "PUT",
        "/api/me/profile",
        Some(body),
        &[("authorization", &format!("Bearer {token}"))],
    )
    .await
}

#[tokio::test]
async fn a_provider_edits_its_profile_and_anyone_reads_it() {
    let api = TestApi::new();
    let (id, token, _) = api.member("trio@example.fr", "provider").await;
    let saved = put_profile(&api, &token, provider_profile("  Trio Éclair ")).await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    assert_eq!(
        saved.body["profile"]["stage_name"], "Trio Éclair",
        "texts are trimmed"
    );
    assert_eq!(saved.body["profile"]["notify_by_email"], false);
    let public = api
        .call("GET", &format!("/api/providers/{id}"), None, &[])
        .await;
    assert_eq!(public.status, 200);
    let profile = &public.body["profile"];
    assert_eq!(profile["city"], "Saint-Étienne");
    assert_eq!(profile["services"][0]["price_cents"], 60000);
    assert_eq!(profile["members"][0]["role"], "guitare");
    assert!(
        profile.get("notify_by_email").is_none() && profile.get("email").is_none(),
        "{profile}"
    );
    let mine = api.get_as("/api/me/profile", &token).await;
    assert_eq!(mine.body["profile"]["stage_name"], "Trio Éclair");
    assert_eq!(mine.body["profile"]["notify_by_email"], false);
}

#[tokio::test]
async fn an_unverified_provider_is_neither_public_nor_listed() {
    let api = TestApi::new();
    let signed = api.sign_up("new@example.fr", "provider").await;
    let id = signed.body["user"]["id"].as_str().unwrap();
    assert_eq!(
        api.call("GET", &format!("/api/providers/{id}"), None, &[])
            .await
            .status,
        404
    );
    let list = api.call("GET", "/api/providers", None, &[]).await;
    assert_eq!(list.body["providers"].as_array().unwrap().len(), 0);
    let token = api.mailed_token("new@example.fr");
    api.post("/api/auth/verify-email", json!({"token": token}))
        .await;
    assert_eq!(
        api.call("GET", &format!("/api/providers/{id}"), None, &[])
            .await
            .status,
        200
    );
}

#[tokio::test]
async fn providers_are_listed_newest_first_a_page_at_a_time() {
    let api = TestApi::new();
    let mut ids = Vec::new();
    for i in 0..23 {
        ids.push(api.member(&format!("p{i}@example.fr"), "provider").await.0);
        api.advance(1);
    }
    api.member("client@example.fr", "client").await;
    let first = api.call("GET", "/api/providers", None, &[]).await;
    let page: Vec<&str> = first.body["providers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(page.len(), 20);
    assert_eq!(page[0], ids[22]);
    let cursor = first.body["next_cursor"].as_str().unwrap();
    let second = api
        .call("GET", &format!("/api/providers?cursor={cursor}"), None, &[])
        .await;
    let rest: Vec<&str> = second.body["providers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(rest, [ids[2].as_str(), ids[1].as_str(), ids[0].as_str()]);
    let bad = api
        .call("GET", "/api/providers?cursor=garbage", None, &[])
        .await;
    assert_eq!((bad.status, bad.code()), (400, "invalid_cursor"));
}

#[tokio::test]
async fn a_client_profile_is_confidential() {
    let api = TestApi::new();
    let (client, client_token, _) = api.member("camille@example.fr", "client").await;
    let (_, other_client, _) = api.member("other@example.fr", "client").await;
    let (_, provider, _) = api.member("dj@example.fr", "provider").await;
    let saved = put_profile(
        &api,
        &client_token,
        json!({"name": "Camille", "city": "Orléans", "venue_description": "Grand salon", "notify_by_email": true}),
    )
    .await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    let path = format!("/api/clients/{client}");
    let own = api.get_as(&path, &client_token).await;
    assert_eq!(
        (own.status, &own.body["profile"]["city"]),
        (200, &json!("Orléans"))
    );
    assert_eq!(own.body["profile"]["email"], "camille@example.fr");
    assert_eq!(api.get_as(&path, &other_client).await.status, 404);
    assert_eq!(
        api.get_as(&path, &provider).await.status,
        404,
        "no request sent to this provider yet"
    );
    assert_eq!(api.call("GET", &path, None, &[]).await.status, 401);
    assert_eq!(
        api.call("GET", &format!("/api/providers/{client}"), None, &[])
            .await
            .status,
        404
    );
    let list = api.call("GET", "/api/providers", None, &[]).await;
    assert!(!list.body.to_string().contains("Camille"));
}

#[tokio::test]
async fn admins_read_client_profiles() {
    let api = TestApi::new();
    let (client, _, _) = api.member("camille@example.fr", "client").await;
    let admin = estrade::accounts::Account {
        id: "admin1".into(),
        email: "admin@example.fr".into(),
        role: estrade::auth::Role::Admin,
        name: "Admin".into(),
        password_hash: estrade::auth::passwords::hash(support::api::PASSWORD)
            .await
            .unwrap(),
        email_verified: true,
        session_epoch: 0,
        notify_by_email: false,
        lang: "fr".into(),
        created_at: 0,
    };
    estrade::accounts::signup::create(&api.platform.app, &admin)
        .await
        .unwrap();
    let login = api
        .post(
            "/api/auth/login",
            json!({"email": "admin@example.fr", "password": support::api::PASSWORD}),
        )
        .await;
    let token = login.body["access_token"].as_str().unwrap();
    assert_eq!(
        api.get_as(&format!("/api/clients/{client}"), token)
            .await
            .status,
        200
    );
}

#[tokio::test]
async fn invalid_profiles_are_refused_with_the_field_named() {
    let api = TestApi::new();
    let (_, provider, _) = api.member("p@example.fr", "provider").await;
    let (_, client, _) = api.member("c@example.fr", "client").await;
    let mut empty_name = provider_profile("");
    empty_name["stage_name"] = json!("   ");
    let mut pricey = provider_profile("Trio");
    pricey["services"][0]["price_cents"] = json!(100_000_001u64);
    let mut negative = provider_profile("Trio");
    negative["services"][0]["price_cents"] = json!(-5);
    let mut crowded = provider_profile("Trio");
    crowded["members"] = json!(vec![json!({"name": "M"}); 21]);
    let mut notify = provider_profile("Trio");
    notify["notify_by_email"] = json!("yes");
    let cases = [
        (&provider, empty_name, "stage_name"),
        (&provider, pricey, "price_cents"),
        (&provider, negative, "invalid value"),
        (&provider, crowded, "members"),
        (&provider, notify, "notify_by_email"),
        (
            &provider,
            json!({"stage_name": "Trio", "unknown": 1}),
            "unknown",
        ),
        (&client, provider_profile("Trio"), "unknown field"),
        (
            &client,
            json!({"name": "C", "city": "x".repeat(101), "venue_description": ""}),
            "city",
        ),
    ];
    for (token, body, field) in cases {
        let answer = put_profile(&api, token, body.clone()).await;
        assert_eq!(
            (answer.status, answer.code()),
            (400, "invalid_field"),
            "{body}"
        );
        let message = answer.body["error"]["message"].as_str().unwrap();
        assert!(message.contains(field), "{message} should name {field}");
    }
    let unchanged = api.get_as("/api/me/profile", &provider).await;
    assert_eq!(
        unchanged.body["profile"]["stage_name"], "Test User",
        "nothing was saved"
    );
}
