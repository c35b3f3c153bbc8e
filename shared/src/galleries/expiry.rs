//! A week before a delivered gallery expires, its client is emailed a reminder (run by
//! `projects-sweep`, hourly; the local gateway's timer): the galleries waiting in
//! `GALLERIES_EXPIRING` whose expiry is within 7 days are reminded once each, and their
//! entry deleted. A gallery extended since has a new entry; the old one is skipped.
//!
//! Table calls: 1 Query, then per gallery 1 GetItem (+ 1 GetItem, the client's account) +
//! 1 DeleteItem.

use super::model::{self, Gallery, Status};
use crate::accounts::mails::escape;
use crate::accounts::model as accounts;
use crate::app::App;
use crate::error::Error;
use crate::keys;
use crate::ports::Email;
use crate::ports::table::{Query, SK, SortKey};
use serde_json::Value;

/// How long before its expiry a gallery's client is reminded, in seconds.
pub const REMIND_BEFORE: i64 = 7 * 86_400;

/// Sends the reminders due; returns how many it sent.
pub async fn run(app: &App) -> Result<usize, Error> {
    let now = app.clock.now();
    let until = format!("{:012}", now + REMIND_BEFORE);
    let query = Query::partition(keys::GALLERIES_EXPIRING)
        .sort(SortKey::LessThan(until))
        .limit(200);
    let mut sent = 0;
    for entry in app.table.query(query).await?.items {
        let sk = entry.get(SK).and_then(Value::as_str).unwrap_or_default();
        let Some((at, id)) = sk.split_once('#') else {
            continue;
        };
        let at: i64 = at.parse().unwrap_or_default();
        let gallery = model::get(app, id).await?;
        if let Some(g) =
            gallery.filter(|g| g.status == Status::Delivered && g.expires_at == Some(at))
        {
            sent += usize::from(remind(app, &g).await?);
        }
        app.table
            .delete(&keys::gallery_expiring(at, id), None)
            .await?;
    }
    Ok(sent)
}

/// Emails the gallery's client (if its address is verified); true if sent.
async fn remind(app: &App, gallery: &Gallery) -> Result<bool, Error> {
    let Some(account) = accounts::get(app, &gallery.client_id).await? else {
        return Ok(false);
    };
    if !account.email_verified {
        return Ok(false);
    }
    let when = gallery
        .expires_at
        .and_then(|at| jiff::Timestamp::from_second(at).ok())
        .map(|t| {
            t.to_zoned(crate::dates::FRANCE.clone())
                .strftime("%d/%m/%Y")
                .to_string()
        })
        .unwrap_or_default();
    let link = app.link(&format!(
        "/projets/{}/galeries/{}",
        gallery.project_id, gallery.id
    ));
    let english = account.lang == "en";
    let (subject, body) = if english {
        (
            format!("Your gallery “{}” expires on {when}", gallery.name),
            format!(
                "The gallery “{}” that {} delivered to you expires on {when}. Download your files before then:",
                gallery.name, gallery.provider_name
            ),
        )
    } else {
        (
            format!(
                "Votre galerie «\u{a0}{}\u{a0}» expire le {when}",
                gallery.name
            ),
            format!(
                "La galerie «\u{a0}{}\u{a0}» que {} vous a livrée expire le {when}. Téléchargez vos fichiers d'ici là\u{202f}:",
                gallery.name, gallery.provider_name
            ),
        )
    };
    let greeting = if english { "Hello" } else { "Bonjour" };
    app.mailer
        .send(Email {
            to: account.email.clone(),
            subject: format!("{subject} – Estrade"),
            text: format!("{greeting} {},\n\n{body}\n{link}\n", account.name),
            html: format!(
                "<p>{greeting} {},</p><p>{}</p><p><a href=\"{}\">{}</a></p>",
                escape(&account.name),
                escape(&body),
                escape(&link),
                escape(&link)
            ),
            attachments: Vec::new(),
        })
        .await?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn nothing_is_due_on_an_empty_platform() {
        let app = crate::testing::app();
        assert_eq!(run(&app).await.unwrap(), 0);
    }
}
