//! The notifier: a new message item reaches both participants' live connections and,
//! if they asked for it, the recipient's mailbox (with a one-click unsubscribe link);
//! a changed unread total reaches its user. Fed by hand, by the local change log (as
//! the gateway does) and by DynamoDB stream events (as the `notifier` function is).

use crate::support;

use estrade::notifier::{self, digest, local, stream};
use estrade::ports::Change;
use estrade::ports::table::{Condition, Item, TxOp, Update};
use estrade::{items, keys};
use serde_json::{Value, json};
use std::time::Duration;
use support::api::TestApi;
use tokio::sync::mpsc::error::TryRecvError;

/// A verified client and a provider (stage name "Trio Sirocco"); their ids and emails.
struct Pair {
    client: String,
    client_email: &'static str,
    client_token: String,
    provider: String,
    conversation: String,
}

async fn pair(api: &TestApi) -> Pair {
    let client_email = "camille@example.com";
    let (client, client_token, _) = api.member(client_email, "client").await;
    let (provider, _, _) = api.member("trio@example.com", "provider").await;
    let stage_name = Update::default().set("stage_name", "Trio Sirocco");
    let profile = keys::profile(&provider);
    api.platform
        .app
        .table
        .update(&profile, stage_name, Some(Condition::Exists))
        .await
        .unwrap();
    let conversation = keys::conversation_id(&client, &provider);
    Pair {
        client,
        client_email,
        client_token,
        provider,
        conversation,
    }
}

/// Writes a message item, the recipient's row and unread total as the send transaction
/// does; returns the message item.
async fn write_message(
    api: &TestApi,
    conversation: &str,
    sender: &str,
    recipient: &str,
    text: &str,
) -> Item {
    let item = write_message_in(&api.platform.app, conversation, sender, recipient, text).await;
    api.advance_ms(1);
    item
}

/// [`write_message`] on `app`, at its clock's time.
async fn write_message_in(
    app: &estrade::app::App,
    conversation: &str,
    sender: &str,
    recipient: &str,
    text: &str,
) -> Item {
    let at_ms = app.clock.now_ms();
    let id = format!("m{at_ms}");
    let item = items::with_key(
        &keys::message(conversation, at_ms, &id),
        json!({"id": id, "conversation_id": conversation, "sender_id": sender,
               "recipient_id": recipient, "text": text, "at_ms": at_ms}),
    );
    let ops = vec![
        TxOp::Put {
            item: item.clone(),
            condition: Some(Condition::NotExists),
        },
        TxOp::Update {
            key: keys::unread_total(recipient),
            update: Update::default().add("count", 1),
            condition: None,
        },
        TxOp::Update {
            key: keys::membership(recipient, conversation),
            update: Update::default().add("unread", 1),
            condition: None,
        },
    ];
    app.table.transact(ops).await.unwrap();
    item
}

fn inserted(item: &Item) -> Change {
    Change {
        old: None,
        new: Some(item.clone()),
    }
}

/// The API's view of a message item.
fn shown(item: &Item) -> Value {
    json!({"id": item["id"], "conversation_id": item["conversation_id"],
           "sender_id": item["sender_id"], "text": item["text"], "at_ms": item["at_ms"]})
}

/// The value of `token=` in an email's text.
fn link_token(text: &str) -> String {
    let start = text.find("token=").expect("a token link") + "token=".len();
    text[start..].split_whitespace().next().unwrap().to_owned()
}

#[tokio::test]
async fn a_new_message_reaches_every_tab_of_the_recipient_with_the_unread_total_and_the_senders_tabs()
 {
    let api = TestApi::new();
    let app = &api.platform.app;
    let p = pair(&api).await;
    let mut client_tabs = [api.tab(&p.client).await, api.tab(&p.client).await];
    let mut provider_tab = api.tab(&p.provider).await;
    let mut stranger_tab = api.tab("someone-else").await;

    write_message(&api, &p.conversation, &p.provider, &p.client, "Bonjour !").await;
    let item = write_message(
        &api,
        &p.conversation,
        &p.provider,
        &p.client,
        "Dispo le 14 ?",
    )
    .await;
    notifier::notify(app, &inserted(&item)).await.unwrap();

    let to_recipient = json!({"type": "message", "message": shown(&item), "unread_total": 2});
    for events in &mut client_tabs {
        assert_eq!(events.try_recv().unwrap(), to_recipient);
    }
    let to_sender = json!({"type": "message", "message": shown(&item)});
    assert_eq!(provider_tab.try_recv().unwrap(), to_sender);
    assert_eq!(stranger_tab.try_recv(), Err(TryRecvError::Empty));
    assert_eq!(
        client_tabs[0].try_recv(),
        Err(TryRecvError::Empty),
        "one push per message"
    );
}

#[tokio::test]
async fn the_recipient_is_emailed_in_their_language_with_the_conversation_and_unsubscribe_links() {
    let api = TestApi::new();
    let app = &api.platform.app;
    let p = pair(&api).await;
    let text = "Bonjour Camille,\n<b>dispo</b> le 14 & le 15 ?";
    let item = write_message(&api, &p.conversation, &p.provider, &p.client, text).await;
    notifier::notify(app, &inserted(&item)).await.unwrap();

    let mails = api.mails_to(p.client_email);
    let mail = mails.last().unwrap();
    assert_eq!(mail.subject, "Trio Sirocco vous a écrit – Estrade");
    let conversation_link = format!("http://estrade.test/messages/{}", p.conversation);
    assert!(
        mail.text
            .contains("> Bonjour Camille,\n> <b>dispo</b> le 14 & le 15 ?"),
        "{}",
        mail.text
    );
    assert!(mail.text.contains(&conversation_link), "{}", mail.text);
    assert!(
        mail.text
            .contains("http://estrade.test/desabonnement?token="),
        "{}",
        mail.text
    );
    assert!(
        mail.html
            .contains("&lt;b&gt;dispo&lt;/b&gt; le 14 &amp; le 15"),
        "{}",
        mail.html
    );
    assert!(!mail.html.contains("<b>dispo"), "user text is never HTML");
    assert!(mail.html.contains(&format!("href=\"{conversation_link}\"")));

    let english = Update::default().set("lang", "en");
    app.table
        .update(&keys::account(&p.client), english, None)
        .await
        .unwrap();
    // Read: the next message is emailed at once.
    estrade::messaging::mark_read::run(app, &p.client, &p.conversation)
        .await
        .unwrap();
    let item = write_message(&api, &p.conversation, &p.provider, &p.client, "See you").await;
    notifier::notify(app, &inserted(&item)).await.unwrap();
    let mails = api.mails_to(p.client_email);
    assert_eq!(
        mails.last().unwrap().subject,
        "Trio Sirocco sent you a message – Estrade"
    );

    // The provider gets the client's name (from the client's profile).
    let reply = write_message(&api, &p.conversation, &p.client, &p.provider, "Oui").await;
    notifier::notify(app, &inserted(&reply)).await.unwrap();
    let mails = api.mails_to("trio@example.com");
    assert_eq!(
        mails.last().unwrap().subject,
        "Test User vous a écrit – Estrade"
    );
}

/// Writes and notifies a message from the provider to the client.
async fn say(api: &TestApi, p: &Pair, text: &str) {
    let item = write_message(api, &p.conversation, &p.provider, &p.client, text).await;
    notifier::notify(&api.platform.app, &inserted(&item))
        .await
        .unwrap();
}

#[tokio::test]
async fn a_chatty_sender_gives_one_email_then_one_digest_per_quiet_period() {
    let api = TestApi::new();
    let app = &api.platform.app;
    let p = pair(&api).await;
    let before = api.mails_to(p.client_email).len();
    say(&api, &p, "Bonjour !").await;
    for i in 1..=12 {
        api.advance(20);
        say(&api, &p, &format!("Précision n° {i}")).await;
    }
    assert_eq!(
        api.mails_to(p.client_email).len(),
        before + 1,
        "the first message only"
    );
    assert_eq!(digest::sweep(app).await.unwrap(), 0, "not due yet");
    api.advance(15 * 60);
    assert_eq!(digest::sweep(app).await.unwrap(), 1);
    let mails = api.mails_to(p.client_email);
    assert_eq!(mails.len(), before + 2);
    let digest_mail = mails.last().unwrap();
    assert!(
        digest_mail
            .text
            .contains("vous a envoyé 12 messages sur Estrade :"),
        "{}",
        digest_mail.text
    );
    // The ten newest are quoted, oldest first.
    assert!(!digest_mail.text.contains("> Précision n° 2\n"));
    let (third, last) = (
        digest_mail.text.find("> Précision n° 3\n").unwrap(),
        digest_mail.text.find("> Précision n° 12\n").unwrap(),
    );
    assert!(third < last);
    assert_eq!(digest::sweep(app).await.unwrap(), 0, "sent once");

    // A new quiet period started with the digest: the next message waits too...
    say(&api, &p, "Encore une chose").await;
    assert_eq!(api.mails_to(p.client_email).len(), before + 2);
    // ...until the client reads: the digest is dropped, and the next message goes at once.
    estrade::messaging::mark_read::run(app, &p.client, &p.conversation)
        .await
        .unwrap();
    api.advance(15 * 60);
    assert_eq!(digest::sweep(app).await.unwrap(), 0, "read: no digest");
    say(&api, &p, "Merci !").await;
    let mails = api.mails_to(p.client_email);
    assert_eq!(mails.len(), before + 3);
    assert!(mails.last().unwrap().text.contains("> Merci !"));
}

/// A mailer that, as the first digest goes out, lets one more message arrive and be
/// notified (it finds the digest still waiting, so it writes nothing).
struct MessageDuringDigest {
    inner: std::sync::Arc<dyn estrade::ports::Mailer>,
    app: estrade::app::App,
    pair: (String, String, String),
    done: std::sync::atomic::AtomicBool,
}

#[async_trait::async_trait]
impl estrade::ports::Mailer for MessageDuringDigest {
    async fn send(&self, email: estrade::ports::Email) -> Result<(), estrade::ports::MailError> {
        let digest = email.text.contains("messages sur Estrade");
        if digest && !self.done.swap(true, std::sync::atomic::Ordering::SeqCst) {
            let (conversation, provider, client) = &self.pair;
            let late = "Arrivé pendant l’envoi";
            let item = write_message_in(&self.app, conversation, provider, client, late).await;
            notifier::notify(&self.app, &inserted(&item)).await.unwrap();
        }
        self.inner.send(email).await
    }
}

#[tokio::test]
async fn a_message_written_while_a_digest_goes_out_waits_for_the_next_one() {
    let mut api = TestApi::new();
    let p = pair(&api).await;
    say(&api, &p, "Bonjour !").await;
    api.advance(20);
    say(&api, &p, "Une question").await;
    api.advance(20);
    say(&api, &p, "Et une autre").await;
    api.advance(15 * 60);
    let app = api.platform.app.clone();
    api.platform.app.mailer = std::sync::Arc::new(MessageDuringDigest {
        inner: app.mailer.clone(),
        app: app.clone(),
        pair: (p.conversation.clone(), p.provider.clone(), p.client.clone()),
        done: Default::default(),
    });
    let before = api.mails_to(p.client_email).len();
    assert_eq!(digest::sweep(&api.platform.app).await.unwrap(), 1);
    assert!(
        !api.mails_to(p.client_email)
            .last()
            .unwrap()
            .text
            .contains("Arrivé pendant"),
        "written after the digest read its messages"
    );
    api.advance(15 * 60);
    assert_eq!(digest::sweep(&api.platform.app).await.unwrap(), 1);
    let mails = api.mails_to(p.client_email);
    assert_eq!(mails.len(), before + 2);
    assert!(
        mails
            .last()
            .unwrap()
            .text
            .contains("> Arrivé pendant l’envoi"),
        "{}",
        mails.last().unwrap().text
    );
}

#[tokio::test]
async fn no_email_when_the_recipient_turned_message_emails_off() {
    let api = TestApi::new();
    let app = &api.platform.app;
    let p = pair(&api).await;
    let off = Update::default().set("notify_by_email", false);
    app.table
        .update(&keys::account(&p.client), off, None)
        .await
        .unwrap();
    let before = api.mails_to(p.client_email).len();
    let mut client_tab = api.tab(&p.client).await;

    let item = write_message(&api, &p.conversation, &p.provider, &p.client, "Bonjour").await;
    notifier::notify(app, &inserted(&item)).await.unwrap();

    assert_eq!(
        client_tab.try_recv().unwrap()["type"],
        "message",
        "still pushed live"
    );
    assert_eq!(api.mails_to(p.client_email).len(), before);
}

#[tokio::test]
async fn the_unsubscribe_link_turns_message_emails_off_and_is_no_access_token() {
    let api = TestApi::new();
    let app = &api.platform.app;
    let p = pair(&api).await;
    let item = write_message(&api, &p.conversation, &p.provider, &p.client, "Bonjour").await;
    notifier::notify(app, &inserted(&item)).await.unwrap();
    let token = link_token(&api.mails_to(p.client_email).last().unwrap().text);

    let as_access = api.get_as("/api/me", &token).await;
    assert_eq!(
        as_access.status, 401,
        "an unsubscribe token is not an access token"
    );
    for bad in [p.client_token.as_str(), "garbage", ""] {
        let refused = api
            .post("/api/email/unsubscribe", json!({"token": bad}))
            .await;
        assert_eq!((refused.status, refused.code()), (400, "invalid_token"));
    }
    let profile = api.get_as("/api/me/profile", &p.client_token).await;
    assert_eq!(profile.body["profile"]["notify_by_email"], true);

    let done = api
        .post("/api/email/unsubscribe", json!({"token": token}))
        .await;
    assert_eq!(
        (done.status, &done.body),
        (200, &json!({"notify_by_email": false}))
    );
    let again = api
        .post("/api/email/unsubscribe", json!({"token": token}))
        .await;
    assert_eq!(again.status, 200, "a second click changes nothing");
    let profile = api.get_as("/api/me/profile", &p.client_token).await;
    assert_eq!(profile.body["profile"]["notify_by_email"], false);

    let before = api.mails_to(p.client_email).len();
    let item = write_message(&api, &p.conversation, &p.provider, &p.client, "Relance").await;
    notifier::notify(app, &inserted(&item)).await.unwrap();
    assert_eq!(api.mails_to(p.client_email).len(), before);
}

#[tokio::test]
async fn a_changed_unread_total_is_pushed_to_its_user_and_other_changes_to_no_one() {
    let api = TestApi::new();
    let app = &api.platform.app;
    let mut events = api.tab("u1").await;
    let unread = |count: i64| items::with_key(&keys::unread_total("u1"), json!({"count": count}));

    let read = Change {
        old: Some(unread(3)),
        new: Some(unread(1)),
    };
    notifier::notify(app, &read).await.unwrap();
    assert_eq!(
        events.try_recv().unwrap(),
        json!({"type": "unread", "unread_total": 1})
    );
    let first = Change {
        old: None,
        new: Some(unread(1)),
    };
    notifier::notify(app, &first).await.unwrap();
    assert_eq!(
        events.try_recv().unwrap(),
        json!({"type": "unread", "unread_total": 1})
    );

    let profile = items::with_key(&keys::profile("u1"), json!({"role": "client", "name": "A"}));
    let message = items::with_key(
        &keys::message("c.p", 1, "m1"),
        json!({"id": "m1", "conversation_id": "c.p", "sender_id": "p",
               "recipient_id": "u1", "text": "x", "at_ms": 1}),
    );
    let quiet = [
        Change {
            old: Some(unread(2)),
            new: Some(unread(2)),
        },
        Change {
            old: None,
            new: Some(profile),
        },
        Change {
            old: Some(message.clone()),
            new: Some(message.clone()),
        },
        Change {
            old: Some(message),
            new: None,
        },
        Change {
            old: Some(unread(2)),
            new: None,
        },
    ];
    for change in &quiet {
        notifier::notify(app, change).await.unwrap();
    }
    assert_eq!(events.try_recv(), Err(TryRecvError::Empty));
}

#[tokio::test]
async fn the_local_feed_notifies_each_write_as_it_commits_and_prunes_the_log() {
    let api = TestApi::new();
    let p = pair(&api).await;
    let mut client_tab = api.tab(&p.client).await;
    let follower = local::follow(&api.platform.app, &api.platform.table);
    let scenario = async {
        let item = write_message(&api, &p.conversation, &p.provider, &p.client, "Salut").await;
        let wait = Duration::from_secs(5);
        // The unread total's insert and the message come from one transaction, in its order.
        let pushed = tokio::time::timeout(wait, client_tab.recv())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            pushed,
            json!({"type": "message", "message": shown(&item), "unread_total": 1})
        );
        let pushed = tokio::time::timeout(wait, client_tab.recv())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(pushed, json!({"type": "unread", "unread_total": 1}));
        let started = tokio::time::Instant::now();
        while !api
            .platform
            .table
            .changes_after(0, 10)
            .await
            .unwrap()
            .is_empty()
        {
            assert!(started.elapsed() < wait, "the consumed changes are pruned");
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    };
    tokio::select! {
        () = follower => unreachable!("the follower runs until dropped"),
        () = scenario => {}
    }
}

/// The stream batch fixture as the `notifier` function receives it (JSON, attribute values
/// typed): an INSERT of message m1 from p1 to c1, then a MODIFY of c1's unread total from 1
/// to 0.
const STREAM_BATCH: &str = include_str!("../data/dynamodb_stream_batch.json");

/// The fixture's record of `event_name` (INSERT: the message; MODIFY: the unread total),
/// renumbered `sequence`.
fn stream_record(event_name: &str, sequence: &str) -> Value {
    let batch: Value = serde_json::from_str(STREAM_BATCH).unwrap();
    let mut record = batch["Records"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["eventName"] == event_name)
        .unwrap_or_else(|| panic!("no {event_name} record in the fixture"))
        .clone();
    record["dynamodb"]["SequenceNumber"] = json!(sequence);
    record
}

fn stream_event(records: Vec<Value>) -> aws_lambda_events::event::dynamodb::Event {
    serde_json::from_value(json!({"Records": records})).unwrap()
}

#[test]
fn a_stream_record_becomes_the_change_of_its_item_as_the_table_port_reads_it() {
    let event: aws_lambda_events::event::dynamodb::Event =
        serde_json::from_str(STREAM_BATCH).unwrap();
    let mut records = event.records.into_iter();
    let message = json!({
        "pk": "CONV#c1.p1", "sk": "MSG#1795267200000#m1", "id": "m1", "conversation_id": "c1.p1",
        "sender_id": "p1", "recipient_id": "c1", "text": "Bonjour", "at_ms": 1795267200000i64
    });
    assert_eq!(
        stream::change(records.next().unwrap().change),
        Change {
            old: None,
            new: Some(message.as_object().unwrap().clone())
        }
    );
    let unread = |count: i64| json!({"pk": "USER#c1", "sk": "UNREAD", "count": count});
    assert_eq!(
        stream::change(records.next().unwrap().change),
        Change {
            old: Some(unread(1).as_object().unwrap().clone()),
            new: Some(unread(0).as_object().unwrap().clone())
        }
    );
}

#[tokio::test]
async fn a_failed_stream_record_is_the_batchs_only_failure_and_the_records_after_it_wait() {
    let api = TestApi::new();
    let app = &api.platform.app;
    let mut events = api.tab("c1").await;
    let mut broken = stream_record("INSERT", "101");
    let image = &mut broken["dynamodb"]["NewImage"];
    image.as_object_mut().unwrap().remove("sender_id");
    let event = stream_event(vec![
        stream_record("MODIFY", "100"),
        broken,
        stream_record("INSERT", "102"),
    ]);

    let response = stream::handle_batch(app, event).await;

    let failed: Vec<_> = response
        .batch_item_failures
        .iter()
        .map(|f| f.item_identifier.as_deref())
        .collect();
    assert_eq!(failed, [Some("101")]);
    assert_eq!(
        events.try_recv().unwrap(),
        json!({"type": "unread", "unread_total": 0})
    );
    assert_eq!(
        events.try_recv(),
        Err(TryRecvError::Empty),
        "the record after the failure is left for the retry"
    );
    let all_good = stream_event(vec![stream_record("INSERT", "102")]);
    assert!(
        stream::handle_batch(app, all_good)
            .await
            .batch_item_failures
            .is_empty()
    );
    assert_eq!(events.try_recv().unwrap()["message"]["id"], "m1");
}
