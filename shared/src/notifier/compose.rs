//! The notification emails of the notifier (a request's or a booking's new state), in
//! the recipient's language (French first, English second), as plain text and HTML
//! (every user-written text escaped in the HTML), with an action link and the one-click
//! unsubscribe link.

use super::unsubscribe;
use crate::accounts::mails::escape;
use crate::accounts::{Account, model};
use crate::app::App;
use crate::error::Error;
use crate::ports::{Attachment, Email};

/// The two links of the email.
pub(super) struct Links {
    /// The page the action leads to.
    pub page: String,
    /// The one-click unsubscribe page (`/desabonnement?token=…`).
    pub unsubscribe: String,
}

/// How the email says it, in French or English.
pub(super) struct Wording {
    pub english: bool,
}

impl Wording {
    pub fn pick(&self, fr: &'static str, en: &'static str) -> &'static str {
        if self.english { en } else { fr }
    }

    /// A quoted user text: « … » in French, “…” in English.
    pub fn quote(&self, text: &str) -> String {
        if self.english {
            format!("“{text}”")
        } else {
            format!("« {text} »")
        }
    }

    pub fn date(&self, value: &str) -> String {
        match value.parse::<jiff::civil::Date>() {
            Ok(day) if !self.english => day.strftime("%d/%m/%Y").to_string(),
            _ => value.to_owned(),
        }
    }

    pub fn price(&self, cents: u64) -> String {
        let (units, rest) = (cents / 100, cents % 100);
        if self.english {
            format!("€{units}.{rest:02}")
        } else {
            format!("{units},{rest:02} €")
        }
    }
}

/// Emails `user_id`, if its address is confirmed and it asked for emails: the email `write`
/// makes for its account, with the link to the page at `path` and the one-click
/// unsubscribe link.
///
/// Table calls: 1 GetItem (the account).
pub(super) async fn send_to(
    app: &App,
    user_id: &str,
    path: &str,
    write: impl FnOnce(&Account, &Links) -> Email,
) -> Result<(), Error> {
    let Some(account) = model::get(app, user_id).await? else {
        return Ok(());
    };
    if !(account.notify_by_email && account.email_verified) {
        return Ok(());
    }
    let links = Links {
        page: app.link(path),
        unsubscribe: unsubscribe::link(app, &account),
    };
    app.mailer.send(write(&account, &links)).await?;
    Ok(())
}

/// What one notification says.
pub(super) struct Notice<'a> {
    pub subject: String,
    /// The first paragraph (plain text, user texts unescaped).
    pub intro: String,
    /// What the other side wrote with this step, quoted.
    pub written: Option<&'a str>,
    pub action: &'static str,
    pub attachments: Vec<Attachment>,
}

/// The email of `notice` to `to`.
pub(super) fn email(to: &Account, w: &Wording, notice: Notice<'_>, links: &Links) -> Email {
    let Notice {
        subject,
        intro,
        written,
        action,
        attachments,
    } = notice;
    let written = written.filter(|text| !text.trim().is_empty());
    let greeting = w.pick("Bonjour", "Hello");
    let footer = w.pick(
        "Vous recevez cet email car les notifications par email sont activées sur votre compte.",
        "You receive this email because email notifications are on for your account.",
    );
    let unsubscribe = w.pick("Ne plus recevoir ces emails", "Stop these emails");
    let colon = w.pick(" :", ":");
    let quoted: String = written
        .map(|text| {
            text.lines()
                .map(|line| format!("> {line}\n"))
                .collect::<String>()
                + "\n"
        })
        .unwrap_or_default();
    let text = format!(
        "{greeting} {},\n\n{intro}\n\n{quoted}{action}{colon} {}\n\n{footer}\n{unsubscribe}{colon} {}\n",
        to.name, links.page, links.unsubscribe
    );
    let html_quote = written
        .map(|text| {
            format!(
                "<blockquote style=\"white-space: pre-wrap\">{}</blockquote>",
                escape(text)
            )
        })
        .unwrap_or_default();
    let html = format!(
        "<p>{greeting} {},</p><p>{}</p>{html_quote}\
         <p><a href=\"{}\">{action}</a></p>\
         <p><small>{footer} <a href=\"{}\">{unsubscribe}</a></small></p>",
        escape(&to.name),
        escape(&intro),
        escape(&links.page),
        escape(&links.unsubscribe),
    );
    // A header holds one line: no control character from a user-written name.
    let subject: String = subject.chars().filter(|c| !c.is_control()).collect();
    Email {
        to: to.email.clone(),
        subject: format!("{subject} – Estrade"),
        text,
        html,
        attachments,
    }
}
