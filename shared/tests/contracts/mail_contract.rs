//! Contract of the mailer port, run against the outbox folder (parsed back with mail-parser)
//! and SES v2 (moto, read back through its data API).

use crate::support;

use estrade::adapters::outbox::OutboxMailer;
use estrade::adapters::ses::SesMailer;
use estrade::ports::{Attachment, Email, MailError, Mailer};
use mail_parser::MimeHeaders;
use std::path::{Path, PathBuf};
use std::time::Duration;

const FROM: &str = "Estrade <noreply@estrade.example>";

fn email(to: &str) -> Email {
    Email {
        to: to.into(),
        subject: "Nouvelle demande à Orléans".into(),
        text: "Bonjour, un client d'Orléans vous écrit.".into(),
        html: "<p>Bonjour, un client d'<b>Orléans</b> vous écrit.</p>".into(),
        attachments: Vec::new(),
    }
}

/// The email with a calendar file attached (its name accented).
fn with_ics(to: &str) -> Email {
    let mut email = email(to);
    email.attachments.push(Attachment {
        filename: "réservation.ics".into(),
        content_type: "text/calendar; charset=utf-8".into(),
        data: ICS.as_bytes().to_vec(),
    });
    email
}

const ICS: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Estrade//FR\r\nEND:VCALENDAR\r\n";

fn outbox_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("outbox-{}", uuid::Uuid::new_v4()))
}

/// The `.eml` files of an outbox, sorted by name.
fn eml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "eml"))
        .collect();
    files.sort();
    files
}

#[tokio::test]
async fn outbox_writes_a_parsable_multipart_email() {
    let dir = outbox_dir();
    let mailer = OutboxMailer::new(&dir, FROM).unwrap();
    mailer.send(email("claire@example.fr")).await.unwrap();

    let files = eml_files(&dir);
    assert_eq!(files.len(), 1);
    assert_eq!(
        std::fs::read_dir(&dir).unwrap().count(),
        1,
        "no temporary file left"
    );
    let raw = std::fs::read(&files[0]).unwrap();
    let message = mail_parser::MessageParser::default().parse(&raw).unwrap();
    let address = |a: Option<&mail_parser::Address>| {
        a.unwrap().first().unwrap().address().unwrap().to_owned()
    };
    assert_eq!(address(message.to()), "claire@example.fr");
    assert_eq!(address(message.from()), "noreply@estrade.example");
    assert_eq!(message.subject(), Some("Nouvelle demande à Orléans"));
    assert_eq!(
        message.body_text(0).unwrap().trim_end(),
        "Bonjour, un client d'Orléans vous écrit."
    );
    assert_eq!(
        message.body_html(0).unwrap().trim_end(),
        "<p>Bonjour, un client d'<b>Orléans</b> vous écrit.</p>"
    );
    assert!(message.date().is_some() && message.message_id().is_some());
}

#[tokio::test]
async fn outbox_keeps_the_bodies_and_the_attachments() {
    let dir = outbox_dir();
    let mailer = OutboxMailer::new(&dir, FROM).unwrap();
    mailer.send(with_ics("claire@example.fr")).await.unwrap();
    let raw = std::fs::read(&eml_files(&dir)[0]).unwrap();
    let message = mail_parser::MessageParser::default().parse(&raw).unwrap();
    assert_eq!(
        message.body_text(0).unwrap().trim_end(),
        "Bonjour, un client d'Orléans vous écrit."
    );
    assert!(message.body_html(0).is_some());
    assert_eq!(message.attachment_count(), 1);
    let file = message.attachment(0).unwrap();
    assert_eq!(file.attachment_name(), Some("réservation.ics"));
    assert_eq!(file.contents(), ICS.as_bytes());
}

#[tokio::test]
async fn outbox_file_names_sort_by_time() {
    let dir = outbox_dir();
    let mailer = OutboxMailer::new(&dir, FROM).unwrap();
    for subject in ["first", "second", "third"] {
        mailer
            .send(Email {
                subject: subject.into(),
                ..email("a@example.fr")
            })
            .await
            .unwrap();
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    let subjects: Vec<String> = eml_files(&dir)
        .iter()
        .map(|path| {
            let raw = std::fs::read(path).unwrap();
            let message = mail_parser::MessageParser::default().parse(&raw).unwrap();
            message.subject().unwrap().to_owned()
        })
        .collect();
    assert_eq!(subjects, ["first", "second", "third"]);
}

#[tokio::test]
async fn outbox_rejects_bad_addresses() {
    assert!(matches!(
        OutboxMailer::new(outbox_dir(), "not an address"),
        Err(MailError::Invalid(_))
    ));
    let mailer = OutboxMailer::new(outbox_dir(), FROM).unwrap();
    assert!(matches!(
        mailer.send(email("nobody")).await,
        Err(MailError::Invalid(_))
    ));
}

async fn ses_client() -> aws_sdk_sesv2::Client {
    aws_sdk_sesv2::Client::new(&support::moto::aws_config().await)
}

#[tokio::test]
async fn ses_sends_through_sesv2() {
    let client = ses_client().await;
    let from = "noreply@estrade.example";
    client
        .create_email_identity()
        .email_identity(from)
        .send()
        .await
        .unwrap();
    let to = format!("{}@example.fr", uuid::Uuid::new_v4());
    let mailer = SesMailer {
        client,
        from: from.into(),
    };
    mailer.send(email(&to)).await.unwrap();
    // An attachment goes in the same simple content (moto keeps only the HTML body).
    mailer.send(with_ics(&to)).await.unwrap();

    let url = format!("{}/moto-api/data.json", support::moto::moto().endpoint);
    let data: serde_json::Value = reqwest::get(url).await.unwrap().json().await.unwrap();
    let messages = &data["ses"]["Message"];
    let sent: Vec<&serde_json::Value> = messages
        .as_array()
        .unwrap_or_else(|| panic!("no SES messages: {messages}"))
        .iter()
        .filter(|m| m["destinations"]["ToAddresses"][0] == to.as_str())
        .collect();
    assert_eq!(sent.len(), 2, "{messages}");
    assert_eq!(sent[0]["subject"], "Nouvelle demande à Orléans");
    assert_eq!(
        sent[0]["body"],
        "<p>Bonjour, un client d'<b>Orléans</b> vous écrit.</p>"
    );
}

#[tokio::test]
async fn ses_rejects_an_unverified_sender() {
    let mailer = SesMailer {
        client: ses_client().await,
        from: "stranger@elsewhere.example".into(),
    };
    assert!(matches!(
        mailer.send(email("claire@example.fr")).await,
        Err(MailError::Invalid(_))
    ));
}
