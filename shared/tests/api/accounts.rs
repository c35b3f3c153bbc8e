//! Account use cases through the HTTP router, on the embedded adapters.

use crate::support;

use serde_json::json;
use std::sync::Arc;
use support::api::{PASSWORD, TestApi};

#[tokio::test]
async fn sign_up_creates_an_unverified_account_and_mails_a_link() {
    let api = TestApi::new();
    let answer = api.sign_up("  Alice@Example.FR ", "provider").await;
    assert_eq!(answer.status, 201, "{}", answer.body);
    assert_eq!(answer.body["user"]["email"], "alice@example.fr");
    assert_eq!(answer.body["user"]["role"], "provider");
    assert_eq!(answer.body["user"]["email_verified"], false);
    assert!(answer.body["user"].get("password_hash").is_none());
    let (subject, text) = api.last_mail("alice@example.fr").unwrap();
    assert!(subject.contains("Confirmez"), "{subject}");
    assert!(
        text.contains("http://estrade.test/verifier?token="),
        "{text}"
    );
}

#[tokio::test]
async fn one_email_belongs_to_one_account_even_under_twenty_concurrent_sign_ups() {
    let api = Arc::new(TestApi::new());
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..20 {
        let api = api.clone();
        let role = if i % 2 == 0 { "client" } else { "provider" };
        tasks.spawn(async move { api.sign_up("same@example.fr", role).await.status });
    }
    let statuses = tasks.join_all().await;
    assert_eq!(
        statuses.iter().filter(|s| **s == 201).count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 409).count(),
        19,
        "{statuses:?}"
    );
}

#[tokio::test]
async fn a_verification_link_works_once() {
    let api = TestApi::new();
    api.sign_up("bob@example.fr", "client").await;
    let token = api.mailed_token("bob@example.fr");
    let first = api
        .post("/api/auth/verify-email", json!({"token": token}))
        .await;
    assert_eq!(first.status, 200);
    assert_eq!(first.body["user"]["email_verified"], true);
    let again = api
        .post("/api/auth/verify-email", json!({"token": token}))
        .await;
    assert_eq!((again.status, again.code()), (400, "invalid_token"));
    let forged = api
        .post("/api/auth/verify-email", json!({"token": "not-a-token"}))
        .await;
    assert_eq!((forged.status, forged.code()), (400, "invalid_token"));
}

#[tokio::test]
async fn an_expired_verification_link_is_refused_and_a_new_one_can_be_asked() {
    let api = TestApi::new();
    api.sign_up("late@example.fr", "client").await;
    let old = api.mailed_token("late@example.fr");
    api.advance(49 * 3600);
    let expired = api
        .post("/api/auth/verify-email", json!({"token": old}))
        .await;
    assert_eq!(expired.code(), "invalid_token");
    let resend = api
        .post(
            "/api/auth/verify-email/resend",
            json!({"email": "late@example.fr"}),
        )
        .await;
    assert_eq!(resend.status, 202);
    api.notify().await;
    let fresh = api.mailed_token("late@example.fr");
    assert_ne!(fresh, old);
    assert_eq!(
        api.post("/api/auth/verify-email", json!({"token": fresh}))
            .await
            .status,
        200
    );
    let unknown = api
        .post(
            "/api/auth/verify-email/resend",
            json!({"email": "nobody@example.fr"}),
        )
        .await;
    assert_eq!(unknown.status, 202, "no account enumeration");
    assert!(api.last_mail("nobody@example.fr").is_none());
}

#[tokio::test]
async fn login_gives_a_short_lived_access_token_and_an_http_only_refresh_cookie() {
    let api = TestApi::new();
    let (id, access, _) = api.member("carol@example.fr", "client").await;
    let login = api
        .post(
            "/api/auth/login",
            json!({"email": "carol@example.fr", "password": PASSWORD}),
        )
        .await;
    assert_eq!(login.body["expires_in"], 900);
    let cookie = login.headers.get("set-cookie").unwrap().to_str().unwrap();
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/api/auth"] {
        assert!(cookie.contains(attribute), "{cookie}");
    }
    let me = api.get_as("/api/me", &access).await;
    assert_eq!(
        (me.status, me.body["user"]["id"].as_str()),
        (200, Some(id.as_str()))
    );
}

#[tokio::test]
async fn wrong_passwords_and_unknown_emails_get_the_same_answer() {
    let api = TestApi::new();
    api.member("dan@example.fr", "client").await;
    let wrong = api
        .post(
            "/api/auth/login",
            json!({"email": "dan@example.fr", "password": "wrong password"}),
        )
        .await;
    let unknown = api
        .post(
            "/api/auth/login",
            json!({"email": "who@example.fr", "password": PASSWORD}),
        )
        .await;
    assert_eq!((wrong.status, wrong.code()), (401, "invalid_credentials"));
    assert_eq!((unknown.status, unknown.body.clone()), (401, wrong.body));
}

#[tokio::test]
async fn repeated_failed_logins_are_throttled_until_the_window_ends() {
    let api = TestApi::new();
    api.member("eve@example.fr", "client").await;
    let attempt = |password: &'static str| {
        let body = json!({"email": "eve@example.fr", "password": password});
        api.post("/api/auth/login", body)
    };
    for _ in 0..5 {
        assert_eq!(attempt("wrong password").await.status, 401);
    }
    let blocked = attempt(PASSWORD).await;
    assert_eq!((blocked.status, blocked.code()), (429, "too_many_attempts"));
    let retry: i64 = blocked.headers["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=900).contains(&retry), "{retry}");
    api.advance(retry);
    assert_eq!(attempt(PASSWORD).await.status, 200);
}

#[tokio::test]
async fn concurrent_login_attempts_cannot_pass_the_throttle() {
    let api = Arc::new(TestApi::new());
    api.member("frank@example.fr", "client").await;
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..20 {
        let api = api.clone();
        tasks.spawn(async move {
            api.post(
                "/api/auth/login",
                json!({"email": "frank@example.fr", "password": "wrong password"}),
            )
            .await
            .status
        });
    }
    let statuses = tasks.join_all().await;
    assert_eq!(
        statuses.iter().filter(|s| **s == 401).count(),
        5,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 429).count(),
        15,
        "{statuses:?}"
    );
}

#[tokio::test]
async fn refresh_rotates_the_cookie_and_a_stolen_one_revokes_the_session() {
    let api = TestApi::new();
    let (_, _, first) = api.member("gina@example.fr", "client").await;
    let second = api.refresh(&first).await;
    assert_eq!(second.status, 200, "{}", second.body);
    assert!(second.body["access_token"].is_string());
    let second = second.refresh_cookie().unwrap();
    assert_ne!(second, first);
    // Another tab presenting the same cookie at once is refused but not punished.
    assert_eq!(api.refresh(&first).await.code(), "invalid_refresh");
    let third = api.refresh(&second).await.refresh_cookie().unwrap();
    // The old cookie shows up again later: it was stolen, so the session ends.
    api.advance(60);
    assert_eq!(api.refresh(&first).await.code(), "invalid_refresh");
    assert_eq!(api.refresh(&third).await.code(), "invalid_refresh");
    let garbage = api.refresh("estrade_refresh=nope.nope").await;
    assert_eq!((garbage.status, garbage.code()), (401, "invalid_refresh"));
}

#[tokio::test]
async fn the_cookie_routes_refuse_another_sites_requests() {
    let api = TestApi::new();
    let (_, _, cookie) = api.member("ines@example.fr", "client").await;
    let from =
        |name: &'static str, value: &'static str| [("cookie", cookie.as_str()), (name, value)];
    for path in ["/api/auth/refresh", "/api/auth/logout"] {
        for (name, value) in [
            ("origin", "https://evil.example"),
            ("sec-fetch-site", "cross-site"),
            ("sec-fetch-site", "same-site"),
        ] {
            let refused = api.call("POST", path, None, &from(name, value)).await;
            assert_eq!(
                (refused.status, refused.code()),
                (403, "cross_site"),
                "{path} {name}: {value}"
            );
        }
    }
    // The session is still there: the site itself refreshes it.
    let own = api
        .call(
            "POST",
            "/api/auth/refresh",
            None,
            &from("origin", "http://estrade.test"),
        )
        .await;
    assert_eq!(own.status, 200, "{}", own.body);
    let same = own.refresh_cookie().unwrap();
    let fetch = api
        .call(
            "POST",
            "/api/auth/refresh",
            None,
            &[("cookie", same.as_str()), ("sec-fetch-site", "same-origin")],
        )
        .await;
    assert_eq!(fetch.status, 200, "{}", fetch.body);
}

#[tokio::test]
async fn logout_ends_the_session_and_clears_the_cookie() {
    let api = TestApi::new();
    let (_, _, cookie) = api.member("hugo@example.fr", "client").await;
    let out = api
        .call("POST", "/api/auth/logout", None, &[("cookie", &cookie)])
        .await;
    assert_eq!(out.status, 204);
    assert!(
        out.headers["set-cookie"]
            .to_str()
            .unwrap()
            .contains("Max-Age=0")
    );
    let again = api
        .call("POST", "/api/auth/refresh", None, &[("cookie", &cookie)])
        .await;
    assert_eq!(again.code(), "invalid_refresh");
    assert_eq!(
        api.call("POST", "/api/auth/logout", None, &[]).await.status,
        204
    );
}

#[tokio::test]
async fn password_reset_changes_the_password_and_ends_every_session() {
    let api = TestApi::new();
    let (_, _, cookie) = api.member("ines@example.fr", "client").await;
    let unknown = api
        .post(
            "/api/auth/password-reset",
            json!({"email": "nobody@example.fr"}),
        )
        .await;
    assert_eq!(unknown.status, 202);
    assert_eq!(
        api.post(
            "/api/auth/password-reset",
            json!({"email": "ines@example.fr"})
        )
        .await
        .status,
        202
    );
    api.notify().await;
    let token = api.mailed_token("ines@example.fr");
    let short = api
        .post(
            "/api/auth/password-reset/confirm",
            json!({"token": token, "password": "short"}),
        )
        .await;
    assert_eq!((short.status, short.code()), (400, "invalid_field"));
    let new_password = "a brand new passphrase";
    let done = api
        .post(
            "/api/auth/password-reset/confirm",
            json!({"token": token, "password": new_password}),
        )
        .await;
    assert_eq!(done.status, 204, "{}", done.body);
    let reused = api
        .post(
            "/api/auth/password-reset/confirm",
            json!({"token": token, "password": new_password}),
        )
        .await;
    assert_eq!(reused.code(), "invalid_token");
    let old = api
        .post(
            "/api/auth/login",
            json!({"email": "ines@example.fr", "password": PASSWORD}),
        )
        .await;
    assert_eq!(old.status, 401);
    let new = api
        .post(
            "/api/auth/login",
            json!({"email": "ines@example.fr", "password": new_password}),
        )
        .await;
    assert_eq!(new.status, 200);
    let stale = api
        .call("POST", "/api/auth/refresh", None, &[("cookie", &cookie)])
        .await;
    assert_eq!(
        stale.code(),
        "invalid_refresh",
        "sessions from before the reset end"
    );
}

#[tokio::test]
async fn protected_routes_need_a_valid_access_token() {
    let api = TestApi::new();
    let (_, access, _) = api.member("jade@example.fr", "client").await;
    assert_eq!(api.call("GET", "/api/me", None, &[]).await.status, 401);
    assert_eq!(api.get_as("/api/me", "not.a.jwt").await.status, 401);
    let mut tampered = access.clone();
    tampered.pop();
    assert_eq!(api.get_as("/api/me", &tampered).await.status, 401);
    let ticket = api
        .call(
            "POST",
            "/api/ws/ticket",
            None,
            &[("authorization", &format!("Bearer {access}"))],
        )
        .await;
    assert_eq!(ticket.body["expires_in"], 60);
    let ticket = ticket.body["ticket"].as_str().unwrap();
    assert_eq!(
        api.get_as("/api/me", ticket).await.status,
        401,
        "a WebSocket ticket is not an access token"
    );
}

#[tokio::test]
async fn bad_input_gets_a_clear_4xx_json_error_and_creates_nothing() {
    let api = TestApi::new();
    let cases = [
        (
            json!({"email": "no-at-sign", "password": PASSWORD, "role": "client", "name": "A"}),
            400,
            "invalid_field",
        ),
        (
            json!({"email": "a@example.fr", "password": "short", "role": "client", "name": "A"}),
            400,
            "invalid_field",
        ),
        (
            json!({"email": "a@example.fr", "password": PASSWORD, "role": "wizard", "name": "A"}),
            400,
            "invalid_field",
        ),
        (
            json!({"email": "a@example.fr", "password": PASSWORD, "role": "admin", "name": "A"}),
            403,
            "forbidden",
        ),
        (
            json!({"email": "a@example.fr", "password": PASSWORD, "role": "client"}),
            400,
            "invalid_field",
        ),
        (
            json!({"email": "a@example.fr", "password": PASSWORD, "role": "client", "name": "A", "extra": 1}),
            400,
            "invalid_field",
        ),
        (
            json!({"email": "a@example.fr", "password": PASSWORD, "role": "client", "name": " "}),
            400,
            "invalid_field",
        ),
        (
            json!({"email": "a@example.fr", "password": PASSWORD, "role": "client", "name": "x".repeat(101)}),
            400,
            "invalid_field",
        ),
        (
            json!({"email": "a@example.fr", "password": PASSWORD, "role": "client", "name": "A", "lang": "de"}),
            400,
            "invalid_field",
        ),
        (json!([1, 2]), 400, "invalid_field"),
    ];
    for (body, status, code) in cases {
        let answer = api.post("/api/auth/signup", body.clone()).await;
        assert_eq!(
            (answer.status, answer.code()),
            (status, code),
            "{body}: {}",
            answer.body
        );
        assert!(
            answer.body["error"]["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty())
        );
    }
    let malformed = api
        .call(
            "POST",
            "/api/auth/signup",
            None,
            &[("content-type", "application/json")],
        )
        .await;
    assert_eq!((malformed.status, malformed.code()), (400, "invalid_json"));
    let huge = json!({"email": "a@example.fr", "password": PASSWORD, "role": "client", "name": "x".repeat(70_000)});
    assert_eq!(
        api.post("/api/auth/signup", huge).await.code(),
        "payload_too_large"
    );
    let form = api
        .call(
            "POST",
            "/api/auth/login",
            None,
            &[("content-type", "text/plain")],
        )
        .await;
    assert_eq!((form.status, form.code()), (415, "unsupported_media_type"));
    assert_eq!(api.call("GET", "/api/nowhere", None, &[]).await.status, 404);
    let wrong_method = api.call("DELETE", "/api/auth/signup", None, &[]).await;
    assert_eq!(
        (wrong_method.status, wrong_method.code()),
        (405, "method_not_allowed")
    );
    // Nothing was created: the address is still free.
    assert_eq!(api.sign_up("a@example.fr", "client").await.status, 201);
}

#[tokio::test]
async fn an_api_gateway_http_event_reaches_the_handler() {
    let api = TestApi::new();
    // A sign-up as API Gateway's HTTP API delivers it (payload format 2.0).
    let mut event: serde_json::Value =
        serde_json::from_str(include_str!("../data/apigw_http_v2_request.json")).unwrap();
    event["body"] = json!(
        json!({"email": "event@example.fr", "password": PASSWORD, "role": "client", "name": "Ev"})
            .to_string()
    );
    let request = lambda_http::request::from_str(&event.to_string()).unwrap();
    let answer = api.send(request).await;
    assert_eq!(answer.status, 201, "{}", answer.body);
    assert_eq!(answer.body["user"]["email"], "event@example.fr");
}
