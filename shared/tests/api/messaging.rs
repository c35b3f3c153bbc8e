//! Messaging use cases through the HTTP router, on the embedded adapters: starting a
//! conversation, sending, the inbox and its counters, history pages, mark read,
//! archive, confidentiality, and bad input.

use crate::support;

use serde_json::{Value, json};
use support::api::{Answer, TestApi};
use tokio::sync::mpsc::UnboundedReceiver;

/// A client and a listed provider, logged in: (id, access token) each.
struct Pair {
    client: (String, String),
    provider: (String, String),
}

async fn pair(api: &TestApi, client: &str, provider: &str) -> Pair {
    let (client_id, client_token, _) = api.member(client, "client").await;
    let (provider_id, provider_token, _) = api.member(provider, "provider").await;
    Pair {
        client: (client_id, client_token),
        provider: (provider_id, provider_token),
    }
}

async fn start(api: &TestApi, token: &str, body: Value) -> Answer {
    api.post_as("/api/conversations", Some(body), token).await
}

/// Starts the pair's conversation; returns its id.
async fn started(api: &TestApi, pair: &Pair) -> String {
    let answer = start(api, &pair.client.1, json!({"provider_id": pair.provider.0})).await;
    assert_eq!(answer.status, 201, "{}", answer.body);
    answer.body["conversation"]["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn send(api: &TestApi, token: &str, conversation: &str, text: &str) -> Answer {
    api.post_as(
        &format!("/api/conversations/{conversation}/messages"),
        Some(json!({ "text": text })),
        token,
    )
    .await
}

/// Sends and checks it was stored; returns the message.
async fn sent(api: &TestApi, token: &str, conversation: &str, text: &str) -> Value {
    let answer = send(api, token, conversation, text).await;
    assert_eq!(answer.status, 201, "{}", answer.body);
    answer.body["message"].clone()
}

async fn inbox(api: &TestApi, token: &str, query: &str) -> Vec<Value> {
    let answer = api
        .get_as(&format!("/api/conversations{query}"), token)
        .await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    answer.body["conversations"].as_array().unwrap().clone()
}

async fn unread_total(api: &TestApi, token: &str) -> i64 {
    let answer = api.get_as("/api/me/unread", token).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    answer.body["unread_total"].as_i64().unwrap()
}

fn ids(rows: &[Value]) -> Vec<&str> {
    rows.iter().map(|r| r["id"].as_str().unwrap()).collect()
}

#[tokio::test]
async fn a_client_starts_one_conversation_per_provider() {
    let api = TestApi::new();
    let pair = pair(&api, "camille@example.fr", "trio@example.fr").await;
    let (client, provider) = (&pair.client.0, &pair.provider.0);
    let about = json!({"kind": "provider", "id": provider, "title": "  Trio Sirocco "});
    let first = start(
        &api,
        &pair.client.1,
        json!({"provider_id": provider, "about": about}),
    )
    .await;
    assert_eq!(first.status, 201, "{}", first.body);
    let row = &first.body["conversation"];
    assert_eq!(row["id"], format!("{client}.{provider}"));
    assert_eq!(row["other"], json!({"id": provider, "name": "Test User"}));
    assert_eq!(
        (row["unread"].as_i64(), &row["archived"]),
        (Some(0), &json!(false))
    );
    assert_eq!(row["about"]["title"], "Trio Sirocco", "titles are trimmed");
    assert!(row["last_text"].is_null() && row["last_sender_id"].is_null());

    let again = start(&api, &pair.client.1, json!({"provider_id": provider})).await;
    assert_eq!(again.status, 200, "{}", again.body);
    assert_eq!(again.body["conversation"]["id"], row["id"]);
    assert_eq!(again.body["conversation"]["about"]["title"], "Trio Sirocco");
    let event = json!({"kind": "event", "id": "ev1", "title": "Mariage"});
    let subject = start(
        &api,
        &pair.client.1,
        json!({"provider_id": provider, "about": event}),
    )
    .await;
    assert_eq!(subject.status, 200);
    assert_eq!(
        subject.body["conversation"]["about"], event,
        "the latest subject is kept"
    );

    let id = row["id"].as_str().unwrap();
    let theirs = api
        .get_as(&format!("/api/conversations/{id}"), &pair.provider.1)
        .await;
    assert_eq!(theirs.status, 200, "{}", theirs.body);
    assert_eq!(theirs.body["conversation"]["other"]["id"], *client);
    assert_eq!(theirs.body["conversation"]["about"], event);
    assert_eq!(ids(&inbox(&api, &pair.provider.1, "").await), [id]);
    assert_eq!(ids(&inbox(&api, &pair.client.1, "").await), [id]);
}

#[tokio::test]
async fn a_provider_starts_a_conversation_only_with_a_client_who_granted_it() {
    let api = TestApi::new();
    let pair = pair(&api, "c@example.fr", "p@example.fr").await;
    let (_, other_provider, _) = api.member("p2@example.fr", "provider").await;
    for target in [&pair.client.0, &pair.provider.0, "0123456789abcdef"] {
        let answer = start(&api, &other_provider, json!({"client_id": target})).await;
        assert_eq!(
            (answer.status, answer.code()),
            (403, "forbidden"),
            "{target}"
        );
    }
    let cold = start(
        &api,
        &other_provider,
        json!({"provider_id": pair.provider.0}),
    )
    .await;
    assert_eq!(
        (cold.status, cold.code()),
        (400, "invalid_field"),
        "{}",
        cold.body
    );
    // The client wrote first: its provider may now start (here: reopen) the conversation.
    let id = started(&api, &pair).await;
    let reopened = start(&api, &pair.provider.1, json!({"client_id": pair.client.0})).await;
    assert_eq!(reopened.status, 200, "{}", reopened.body);
    assert_eq!(reopened.body["conversation"]["id"], id);
    assert_eq!(reopened.body["conversation"]["other"]["id"], pair.client.0);
    let anonymous = api
        .post(
            "/api/conversations",
            json!({"provider_id": pair.provider.0}),
        )
        .await;
    assert_eq!((anonymous.status, anonymous.code()), (401, "unauthorized"));
}

#[tokio::test]
async fn only_listed_providers_can_be_contacted() {
    let api = TestApi::new();
    let pair = pair(&api, "c@example.fr", "p@example.fr").await;
    let (other_client, _, _) = api.member("c2@example.fr", "client").await;
    let unverified = api.sign_up("new@example.fr", "provider").await;
    let unverified = unverified.body["user"]["id"].as_str().unwrap().to_owned();
    for target in [
        "0123456789abcdef",
        unverified.as_str(),
        other_client.as_str(),
    ] {
        let answer = start(&api, &pair.client.1, json!({"provider_id": target})).await;
        assert_eq!(
            (answer.status, answer.code()),
            (404, "not_found"),
            "{target}"
        );
    }
    for target in ["a.b", "", "x/y", &"a".repeat(65)] {
        let answer = start(&api, &pair.client.1, json!({"provider_id": target})).await;
        assert_eq!(
            (answer.status, answer.code()),
            (400, "invalid_field"),
            "{target}"
        );
    }
    assert!(inbox(&api, &pair.client.1, "").await.is_empty());
}

#[tokio::test]
async fn messages_keep_the_inbox_newest_activity_first_with_unread_counts() {
    let api = TestApi::new();
    let first = pair(&api, "camille@example.fr", "trio@example.fr").await;
    let (dj, dj_token, _) = api.member("dj@example.fr", "provider").await;
    let camille = &first.client.1;
    let with_trio = started(&api, &first).await;
    api.advance_ms(5);
    let with_dj = start(&api, camille, json!({"provider_id": dj})).await;
    let with_dj = with_dj.body["conversation"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(ids(&inbox(&api, camille, "").await), [&with_dj, &with_trio]);

    api.advance_ms(5);
    sent(
        &api,
        camille,
        &with_trio,
        "Bonjour, êtes-vous libres le 12 juin ?",
    )
    .await;
    api.advance_ms(5);
    sent(&api, camille, &with_trio, "Pour un concert au salon.").await;
    api.advance_ms(5);
    let answer = sent(&api, &first.provider.1, &with_trio, "Oui, avec plaisir !").await;
    assert_eq!(answer["sender_id"], first.provider.0);
    assert_eq!(answer["conversation_id"], with_trio);
    assert!(answer.get("recipient_id").is_none(), "{answer}");

    let rows = inbox(&api, camille, "").await;
    assert_eq!(ids(&rows), [&with_trio, &with_dj], "newest activity first");
    assert_eq!(rows[0]["last_text"], "Oui, avec plaisir !");
    assert_eq!(rows[0]["last_sender_id"], first.provider.0);
    assert_eq!(rows[0]["last_at_ms"], answer["at_ms"]);
    assert_eq!(rows[0]["unread"], 1);
    assert_eq!(rows[1]["unread"], 0);
    let trio_rows = inbox(&api, &first.provider.1, "").await;
    assert_eq!(trio_rows[0]["unread"], 2);
    assert_eq!(trio_rows[0]["last_text"], "Oui, avec plaisir !");

    api.advance_ms(5);
    sent(&api, camille, &with_dj, "Et vous, DJ Nova ?").await;
    assert_eq!(ids(&inbox(&api, camille, "").await), [&with_dj, &with_trio]);
    assert_eq!(unread_total(&api, camille).await, 1);
    assert_eq!(unread_total(&api, &first.provider.1).await, 2);
    assert_eq!(unread_total(&api, &dj_token).await, 1);
}

#[tokio::test]
async fn history_pages_run_oldest_to_newest_with_a_cursor_to_older_messages() {
    let api = TestApi::new();
    let pair = pair(&api, "c@example.fr", "p@example.fr").await;
    let conversation = started(&api, &pair).await;
    let mut texts = Vec::new();
    for i in 0..120_usize {
        api.advance_ms(1);
        let token = if i.is_multiple_of(2) {
            &pair.client.1
        } else {
            &pair.provider.1
        };
        texts.push(sent(&api, token, &conversation, &format!("message {i}")).await);
    }
    let path = format!("/api/conversations/{conversation}/messages");
    let mut pages = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let query = cursor.map_or(String::new(), |c| format!("?cursor={c}"));
        let page = api
            .get_as(&format!("{path}{query}"), &pair.provider.1)
            .await;
        assert_eq!(page.status, 200, "{}", page.body);
        pages.push(page.body["messages"].as_array().unwrap().clone());
        match page.body["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => break,
        }
    }
    let sizes: Vec<usize> = pages.iter().map(Vec::len).collect();
    assert_eq!(&sizes[..3], [50, 50, 20]);
    assert!(sizes[3..].iter().all(|s| *s == 0), "{sizes:?}");
    assert_eq!(
        pages[0][0]["text"], "message 70",
        "the first page is the newest 50"
    );
    assert_eq!(pages[0][49]["text"], "message 119");
    let history: Vec<Value> = pages.into_iter().rev().flatten().collect();
    assert_eq!(history, texts, "every message once, oldest to newest");
    let times: Vec<i64> = history
        .iter()
        .map(|m| m["at_ms"].as_i64().unwrap())
        .collect();
    assert!(times.windows(2).all(|w| w[0] < w[1]), "{times:?}");
    let rows = inbox(&api, &pair.client.1, "").await;
    assert_eq!(rows[0]["last_text"], "message 119");
    assert_eq!(rows[0]["last_at_ms"], times[119]);

    let bad = api
        .get_as(&format!("{path}?cursor=garbage"), &pair.client.1)
        .await;
    assert_eq!((bad.status, bad.code()), (400, "invalid_cursor"));
}

#[tokio::test]
async fn mark_read_clears_the_count_and_the_total() {
    let api = TestApi::new();
    let first = pair(&api, "c@example.fr", "p1@example.fr").await;
    let (other, other_token, _) = api.member("p2@example.fr", "provider").await;
    let client = &first.client.1;
    let one = started(&api, &first).await;
    let two = start(&api, client, json!({"provider_id": other})).await;
    let two = two.body["conversation"]["id"].as_str().unwrap().to_owned();
    for text in ["un", "deux", "trois"] {
        sent(&api, &first.provider.1, &one, text).await;
    }
    sent(&api, &other_token, &two, "quatre").await;
    assert_eq!(unread_total(&api, client).await, 4);

    let read = api
        .post_as(&format!("/api/conversations/{one}/read"), None, client)
        .await;
    assert_eq!(read.status, 200, "{}", read.body);
    assert_eq!(read.body["unread_total"], 1);
    assert_eq!(unread_total(&api, client).await, 1);
    let row = api
        .get_as(&format!("/api/conversations/{one}"), client)
        .await;
    assert_eq!(row.body["conversation"]["unread"], 0);
    let again = api
        .post_as(&format!("/api/conversations/{one}/read"), None, client)
        .await;
    assert_eq!(
        again.body["unread_total"], 1,
        "reading twice changes nothing"
    );
    let sender = api
        .post_as(
            &format!("/api/conversations/{one}/read"),
            None,
            &first.provider.1,
        )
        .await;
    assert_eq!(sender.body["unread_total"], 0);
    api.post_as(&format!("/api/conversations/{two}/read"), None, client)
        .await;
    assert_eq!(unread_total(&api, client).await, 0);
    assert!(
        inbox(&api, client, "")
            .await
            .iter()
            .all(|r| r["unread"] == 0)
    );
}

#[tokio::test]
async fn archived_conversations_come_back_when_a_message_arrives() {
    let api = TestApi::new();
    let pair = pair(&api, "c@example.fr", "p@example.fr").await;
    let conversation = started(&api, &pair).await;
    sent(&api, &pair.client.1, &conversation, "Bonjour").await;
    let path = format!("/api/conversations/{conversation}/archive");
    let archive = async |token: &str, archived: bool| {
        api.post_as(&path, Some(json!({ "archived": archived })), token)
            .await
    };
    let archived = archive(&pair.provider.1, true).await;
    assert_eq!(archived.status, 200, "{}", archived.body);
    assert_eq!(archived.body["conversation"]["archived"], true);
    assert_eq!(archived.body["conversation"]["unread"], 1);
    assert!(inbox(&api, &pair.provider.1, "").await.is_empty());
    assert_eq!(
        ids(&inbox(&api, &pair.provider.1, "?archived=true").await),
        [&conversation]
    );
    assert_eq!(
        ids(&inbox(&api, &pair.client.1, "").await),
        [&conversation],
        "archiving is per participant"
    );

    let back = archive(&pair.provider.1, false).await;
    assert_eq!(back.body["conversation"]["archived"], false);
    assert_eq!(
        ids(&inbox(&api, &pair.provider.1, "").await),
        [&conversation]
    );
    assert!(
        inbox(&api, &pair.provider.1, "?archived=true")
            .await
            .is_empty()
    );

    archive(&pair.provider.1, true).await;
    archive(&pair.client.1, true).await;
    api.advance_ms(10);
    sent(&api, &pair.client.1, &conversation, "Vous êtes là ?").await;
    let rows = inbox(&api, &pair.provider.1, "").await;
    assert_eq!(ids(&rows), [&conversation], "a new message unarchives it");
    assert_eq!(
        (&rows[0]["archived"], &rows[0]["unread"]),
        (&json!(false), &json!(2))
    );
    assert!(
        inbox(&api, &pair.client.1, "").await.is_empty(),
        "the sender's own message leaves their archive alone"
    );
    assert_eq!(
        inbox(&api, &pair.client.1, "?archived=true").await[0]["last_text"],
        "Vous êtes là ?"
    );
}

#[tokio::test]
async fn a_third_party_gets_404_on_every_conversation_route() {
    let api = TestApi::new();
    let pair = pair(&api, "c@example.fr", "p@example.fr").await;
    let conversation = started(&api, &pair).await;
    sent(&api, &pair.client.1, &conversation, "secret").await;
    let (_, other_client, _) = api.member("c2@example.fr", "client").await;
    let (_, other_provider, _) = api.member("p2@example.fr", "provider").await;
    for token in [&other_client, &other_provider] {
        for id in [conversation.as_str(), "nodot", "a.b.c", "x.y"] {
            let base = format!("/api/conversations/{id}");
            let answers = [
                api.get_as(&base, token).await,
                api.get_as(&format!("{base}/messages"), token).await,
                send(&api, token, id, "hello").await,
                api.post_as(&format!("{base}/read"), None, token).await,
                api.post_as(
                    &format!("{base}/archive"),
                    Some(json!({"archived": true})),
                    token,
                )
                .await,
            ];
            for answer in answers {
                assert_eq!((answer.status, answer.code()), (404, "not_found"), "{id}");
            }
        }
        assert!(inbox(&api, token, "").await.is_empty());
    }
    let anonymous = api
        .call(
            "GET",
            &format!("/api/conversations/{conversation}/messages"),
            None,
            &[],
        )
        .await;
    assert_eq!(anonymous.status, 401);
    let history = api
        .get_as(
            &format!("/api/conversations/{conversation}/messages"),
            &pair.client.1,
        )
        .await;
    assert_eq!(
        history.body["messages"].as_array().unwrap().len(),
        1,
        "nothing was added"
    );
    assert_eq!(unread_total(&api, &pair.provider.1).await, 1);

    // A participant-shaped id of a conversation that was never started.
    let (dj, _, _) = api.member("dj@example.fr", "provider").await;
    let never = format!("{}.{dj}", pair.client.0);
    let base = format!("/api/conversations/{never}");
    assert_eq!(api.get_as(&base, &pair.client.1).await.status, 404);
    assert_eq!(
        api.get_as(&format!("{base}/messages"), &pair.client.1)
            .await
            .status,
        404
    );
    assert_eq!(send(&api, &pair.client.1, &never, "hi").await.status, 404);
    assert_eq!(unread_total(&api, &pair.client.1).await, 0);
}

#[tokio::test]
async fn bad_input_gets_a_clear_4xx_json_error() {
    let api = TestApi::new();
    let pair = pair(&api, "c@example.fr", "p@example.fr").await;
    let conversation = started(&api, &pair).await;
    let token = &pair.client.1;
    let path = format!("/api/conversations/{conversation}/messages");
    let post = |body: &str, content_type: &str| {
        lambda_http::http::Request::builder()
            .method("POST")
            .uri(&path)
            .header("authorization", format!("Bearer {token}"))
            .header("content-type", content_type)
            .body(lambda_http::Body::Text(body.to_owned()))
            .unwrap()
    };
    let cases = [
        (
            post("{\"text\": \"   \"}", "application/json"),
            400,
            "invalid_field",
        ),
        (
            post("{\"text\": \"hi\"", "application/json"),
            400,
            "invalid_json",
        ),
        (
            post("{\"text\": 5}", "application/json"),
            400,
            "invalid_field",
        ),
        (
            post("{\"text\": \"hi\", \"html\": true}", "application/json"),
            400,
            "invalid_field",
        ),
        (post("{}", "application/json"), 400, "invalid_field"),
        (
            post("{\"text\": \"hi\"}", "text/plain"),
            415,
            "unsupported_media_type",
        ),
    ];
    for (request, status, code) in cases {
        let answer = api.send(request).await;
        assert_eq!(
            (answer.status, answer.code()),
            (status, code),
            "{}",
            answer.body
        );
        assert!(answer.body["error"]["message"].is_string());
    }
    let too_long = send(&api, token, &conversation, &"é".repeat(4001)).await;
    assert_eq!((too_long.status, too_long.code()), (400, "invalid_field"));
    assert!(
        too_long.body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("text")
    );
    let longest = sent(
        &api,
        token,
        &conversation,
        &format!("  {}\n", "é".repeat(4000)),
    )
    .await;
    assert_eq!(longest["text"].as_str().unwrap().chars().count(), 4000);
    let html = "<script>alert('x')</script> <b>gras</b> & https://example.fr";
    api.advance_ms(1);
    assert_eq!(sent(&api, token, &conversation, html).await["text"], html);
    let history = api.get_as(&path, token).await;
    assert_eq!(
        history.body["messages"][1]["text"], html,
        "stored verbatim, as text"
    );

    let starts = [
        json!({"provider_id": pair.provider.0, "about": {"kind": "party", "id": "x", "title": "t"}}),
        json!({"provider_id": pair.provider.0, "about": {"kind": "event", "id": "x", "title": "t".repeat(201)}}),
        json!({"provider_id": pair.provider.0, "about": {"kind": "event", "id": "x.y", "title": "t"}}),
        json!({"provider_id": pair.provider.0, "about": {"kind": "event", "id": "x"}}),
        json!({"provider_id": pair.provider.0, "subject": "hello"}),
        json!({"provider": pair.provider.0}),
    ];
    for body in starts {
        let answer = start(&api, token, body.clone()).await;
        assert_eq!(
            (answer.status, answer.code()),
            (400, "invalid_field"),
            "{body}"
        );
    }
    let archive = api
        .post_as(
            &format!("/api/conversations/{conversation}/archive"),
            Some(json!({"archived": "yes"})),
            token,
        )
        .await;
    assert_eq!((archive.status, archive.code()), (400, "invalid_field"));
    let folder = api.get_as("/api/conversations?archived=maybe", token).await;
    assert_eq!((folder.status, folder.code()), (400, "invalid_field"));
    let cursor = api.get_as("/api/conversations?cursor=%%%", token).await;
    assert_eq!((cursor.status, cursor.code()), (400, "invalid_cursor"));
}

#[tokio::test]
async fn the_provider_reads_the_client_profile_once_contacted() {
    let api = TestApi::new();
    let pair = pair(&api, "camille@example.fr", "trio@example.fr").await;
    let (_, other_provider, _) = api.member("dj@example.fr", "provider").await;
    let profile = format!("/api/clients/{}", pair.client.0);
    assert_eq!(api.get_as(&profile, &pair.provider.1).await.status, 404);
    started(&api, &pair).await;
    let read = api.get_as(&profile, &pair.provider.1).await;
    assert_eq!(read.status, 200, "{}", read.body);
    assert_eq!(read.body["profile"]["role"], "client");
    assert_eq!(read.body["profile"]["id"], pair.client.0);
    let stranger = api.get_as(&profile, &other_provider).await;
    assert_eq!((stranger.status, stranger.code()), (404, "not_found"));
}

/// Everything a tab received so far.
fn received(events: &mut UnboundedReceiver<Value>) -> Vec<Value> {
    std::iter::from_fn(|| events.try_recv().ok()).collect()
}

#[tokio::test]
async fn a_sent_message_reaches_both_sides_live_and_the_recipient_by_email() {
    message_notifications(TestApi::new()).await;
}

/// The same with the table on DynamoDB: the notifier follows the table's stream.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_sent_message_reaches_both_sides_live_and_the_recipient_by_email_on_dynamodb() {
    message_notifications(TestApi::on_dynamodb().await).await;
}

/// What the notifier makes of a message sent through the API, once `notify` hands it
/// the table's changes.
async fn message_notifications(api: TestApi) {
    let pair = pair(&api, "camille@example.fr", "trio@example.fr").await;
    let conversation = started(&api, &pair).await;
    api.notify().await;
    let mut client_tab = api.tab(&pair.client.0).await;
    let mut provider_tab = api.tab(&pair.provider.0).await;
    let mails = api.mails_to("trio@example.fr").len();

    let text = "Bonjour, êtes-vous libres le 14 ?";
    let message = sent(&api, &pair.client.1, &conversation, text).await;
    assert!(received(&mut provider_tab).is_empty(), "not before notify");
    assert_eq!(api.mails_to("trio@example.fr").len(), mails);
    api.notify().await;

    assert_eq!(
        received(&mut provider_tab),
        [
            json!({"type": "message", "message": message, "unread_total": 1}),
            json!({"type": "unread", "unread_total": 1}),
        ]
    );
    assert_eq!(
        received(&mut client_tab),
        [json!({"type": "message", "message": message})]
    );
    let mail = api.mails_to("trio@example.fr").pop().unwrap();
    assert_eq!(mail.subject, "Test User vous a écrit – Estrade");
    assert!(mail.text.contains(&format!("> {text}")), "{}", mail.text);
    assert!(
        mail.text
            .contains(&format!("http://estrade.test/messages/{conversation}")),
        "{}",
        mail.text
    );
    assert_eq!(api.mails_to("trio@example.fr").len(), mails + 1);
    api.notify().await;
    assert!(received(&mut provider_tab).is_empty(), "notified once");
}
