//! The email of a new message, in the recipient's language (French first, English
//! second), as plain text and HTML (every user-written text escaped in the HTML).

use crate::accounts::Account;
use crate::accounts::mails::escape;
use crate::ports::Email;

/// The two links of the email.
pub(super) struct Links {
    /// The conversation in the site (`/messages/{conversation_id}`).
    pub conversation: String,
    /// The one-click unsubscribe page (`/desabonnement?token=…`).
    pub unsubscribe: String,
}

struct Wording {
    subject: &'static str,
    greeting: &'static str,
    intro: &'static str,
    /// The intro of a digest, after the number of messages.
    intro_many: &'static str,
    reply: &'static str,
    footer: &'static str,
    unsubscribe: &'static str,
    /// Before a link in the text body (French typography puts a space before ':').
    colon: &'static str,
}

fn wording(lang: &str) -> Wording {
    if lang == "en" {
        Wording {
            subject: "sent you a message – Estrade",
            greeting: "Hello",
            intro: "sent you a message on Estrade:",
            intro_many: "messages on Estrade:",
            reply: "Reply on Estrade",
            footer: "You receive this email because message forwarding by email is on for your account.",
            unsubscribe: "Stop these emails",
            colon: ":",
        }
    } else {
        Wording {
            subject: "vous a écrit – Estrade",
            greeting: "Bonjour",
            intro: "vous a envoyé un message sur Estrade :",
            intro_many: "messages sur Estrade :",
            reply: "Répondre sur Estrade",
            footer: "Vous recevez cet email car le transfert des messages par email est activé sur votre compte.",
            unsubscribe: "Ne plus recevoir ces emails",
            colon: " :",
        }
    }
}

/// The email telling `to` that `sender` wrote `count` messages, the newest of which are
/// `texts` (oldest first): one message, or a digest of several.
pub(super) fn new_messages(
    to: &Account,
    sender: &str,
    (texts, count): (&[&str], usize),
    links: &Links,
) -> Email {
    let w = wording(&to.lang);
    // A header holds one line: no control character from a user-chosen name.
    let subject_sender: String = sender.chars().filter(|c| !c.is_control()).collect();
    let intro = match count.max(texts.len()) {
        1 => w.intro.to_owned(),
        n if to.lang == "en" => format!("sent you {n} {}", w.intro_many),
        n => format!("vous a envoyé {n} {}", w.intro_many),
    };
    let quoted: String = texts
        .iter()
        .map(|text| {
            text.lines()
                .map(|line| format!("> {line}\n"))
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n");
    let blocks: String = texts
        .iter()
        .map(|text| {
            format!(
                "<blockquote style=\"white-space: pre-wrap\">{}</blockquote>",
                escape(text)
            )
        })
        .collect();
    let text_body = format!(
        "{} {},\n\n{sender} {}\n\n{quoted}\n{}{} {}\n\n{}\n{}{} {}\n",
        w.greeting,
        to.name,
        intro,
        w.reply,
        w.colon,
        links.conversation,
        w.footer,
        w.unsubscribe,
        w.colon,
        links.unsubscribe
    );
    let html = format!(
        "<p>{} {},</p><p>{} {}</p>{}\
         <p><a href=\"{}\">{}</a></p>\
         <p><small>{} <a href=\"{}\">{}</a></small></p>",
        w.greeting,
        escape(&to.name),
        escape(sender),
        intro,
        blocks,
        escape(&links.conversation),
        w.reply,
        w.footer,
        escape(&links.unsubscribe),
        w.unsubscribe
    );
    Email {
        to: to.email.clone(),
        subject: format!("{subject_sender} {}", w.subject),
        text: text_body,
        html,
        attachments: Vec::new(),
    }
}
