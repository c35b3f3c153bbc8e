//! Projects and their contracts: a notice to the open tabs of both sides
//! (`{"type": "project", "project_id", "status", "what"}`) and emails, to those who asked
//! for them:
//! - a project opened (`what: opened`): both sides, with a recap (who, what, when,
//!   where, price, what comes next) and the `.ics`;
//! - its status changed (`status`): the side that did not act (both for the platform's
//!   own steps), with the note written; not a cancellation made with its calendar
//!   booking's, whose email tells it;
//! - its contract changed (`contract`): the client signed → the provider, to countersign
//!   (a sent or countersigned contract is a status change already);
//! - its signed PDF is ready (`pdf`): both sides.
//!
//! Table calls: 2 Query (each side's connections) and, per email, 1 GetItem (the account);
//! a contract or PDF change, 1 GetItem (the project) first.

use super::Notice;
use super::compose::{self, Links, Wording};
use crate::accounts::Account;
use crate::app::App;
use crate::error::Error;
use crate::live;
use crate::ports::{Attachment, Item};
use crate::projects::ics;
use crate::projects::model::{self as projects, Actor, Origin, Project};
use crate::projects::status::Status;
use serde::Serialize;
use serde_json::Value;

/// What changed about a project.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum What {
    Opened,
    Status,
    Contract,
    Pdf,
}

/// A project's record created or changed.
pub(super) async fn changed(app: &App, old: Option<&Item>, new: &Item) -> Result<(), Error> {
    let project = Project::from_item(new.clone())?;
    let before = old.and_then(|o| o.get("status")).and_then(Value::as_str);
    let what = match old {
        None => What::Opened,
        Some(_) if before != Some(project.status.as_str()) => What::Status,
        // Only its awaited signature changed: the contract's change tells it.
        Some(_) => return Ok(()),
    };
    push(app, &project, what).await?;
    let told: &[Actor] = match (what, project.last_actor, &project.origin) {
        // The calendar booking's cancellation, made in the same transaction, tells it.
        (What::Status, _, Origin::Booking { .. }) if project.status == Status::Cancelled => &[],
        (What::Opened, ..) | (_, Actor::Platform, _) => &[Actor::Client, Actor::Provider],
        (_, Actor::Client, _) => &[Actor::Provider],
        (_, Actor::Provider, _) => &[Actor::Client],
    };
    for side in told {
        mail(app, &project, *side, what).await?;
    }
    Ok(())
}

/// A project's contract (`CONTRACT`) or signed PDF (`PDF`) created or changed.
pub(super) async fn part_changed(
    app: &App,
    old: Option<&Item>,
    new: &Item,
    sk: &str,
) -> Result<(), Error> {
    let number = |i: Option<&Item>, name: &str| i.and_then(|i| i.get(name)).cloned();
    let what = match sk {
        "PDF" if old.is_none() => What::Pdf,
        "CONTRACT"
            if number(old, "signed_by") != number(Some(new), "signed_by")
                || number(old, "status") != number(Some(new), "status") =>
        {
            What::Contract
        }
        _ => return Ok(()),
    };
    let id = new
        .get("pk")
        .and_then(Value::as_str)
        .and_then(|pk| pk.strip_prefix("PROJECT#"))
        .ok_or_else(|| Error::internal("a project item outside a PROJECT# partition"))?;
    let Some(project) = projects::get(app, id).await? else {
        return Ok(());
    };
    push(app, &project, what).await?;
    let client_signed = what == What::Contract
        && new.get("signed_by").and_then(Value::as_i64) == Some(1)
        && number(old, "signed_by").and_then(|v| v.as_i64()) == Some(0);
    match what {
        What::Pdf => {
            mail(app, &project, Actor::Client, what).await?;
            mail(app, &project, Actor::Provider, what).await?;
        }
        What::Contract if client_signed => mail(app, &project, Actor::Provider, what).await?,
        _ => {}
    }
    Ok(())
}

async fn push(app: &App, project: &Project, what: What) -> Result<(), Error> {
    let notice = Notice::Project {
        project_id: &project.id,
        status: project.status,
        what,
    };
    live::notify_user(app, &project.client_id, &notice).await?;
    live::notify_user(app, &project.provider_id, &notice).await?;
    Ok(())
}

async fn mail(app: &App, project: &Project, side: Actor, what: What) -> Result<(), Error> {
    let user = match side {
        Actor::Client => &project.client_id,
        _ => &project.provider_id,
    };
    let now = app.clock.now();
    let page = format!("/projets/{}", project.id);
    compose::send_to(app, user, &page, |account, links| {
        email(account, project, side, what, links, now)
    })
    .await
}

fn email(
    to: &Account,
    project: &Project,
    side: Actor,
    what: What,
    links: &Links,
    now: i64,
) -> crate::ports::Email {
    let w = Wording {
        english: to.lang == "en",
    };
    let (subject, intro) = w.project_lines(project, side, what);
    let mut attachments = Vec::new();
    if what == What::Opened {
        attachments.push(Attachment {
            filename: w.pick("projet.ics", "project.ics").to_owned(),
            content_type: "text/calendar; charset=utf-8; method=PUBLISH".into(),
            data: ics::calendar(project, side, now).into_bytes(),
        });
    }
    let notice = compose::Notice {
        subject,
        intro,
        written: None,
        action: w.pick("Voir le projet", "See the project"),
        attachments,
    };
    compose::email(to, &w, notice, links)
}

impl Wording {
    fn status_label(&self, status: Status) -> &'static str {
        match status {
            Status::Confirmed => self.pick("confirmé", "confirmed"),
            Status::ContractSent => self.pick("contrat envoyé", "contract sent"),
            Status::ContractSigned => self.pick("contrat signé", "contract signed"),
            Status::InPreparation => self.pick("en préparation", "in preparation"),
            Status::Done => self.pick("prestation réalisée", "done"),
            Status::InProduction => self.pick("en production", "in production"),
            Status::Delivered => self.pick("livré", "delivered"),
            Status::Completed => self.pick("terminé", "completed"),
            Status::Cancelled => self.pick("annulé", "cancelled"),
        }
    }

    /// Subject and body of a project's email to `side`.
    fn project_lines(&self, p: &Project, side: Actor, what: What) -> (String, String) {
        let title = self.quote(&p.title);
        let other = match side {
            Actor::Client => &p.provider_name,
            _ => &p.client_name,
        };
        let mut when = self.date(&p.date);
        if let (Some(start), Some(end)) = (&p.start, &p.end) {
            when = format!("{when}, {start}–{end}");
        }
        let to_be_agreed = self.pick("à convenir", "to be agreed");
        let place = p.place.clone().unwrap_or_else(|| to_be_agreed.to_owned());
        let price = p
            .price_cents
            .map(|c| self.price(c))
            .unwrap_or_else(|| to_be_agreed.to_owned());
        let colon = self.pick("\u{a0}:", ":");
        let label = self.quote(self.status_label(p.status));
        match what {
            What::Opened => {
                let next = match side {
                    Actor::Client => self.pick(
                        "Et ensuite : le prestataire vous enverra le contrat à signer sur la page du projet, où vous suivrez chaque étape jusqu'à la livraison.",
                        "What comes next: the provider will send you the contract to sign on the project's page, where you follow each step up to the delivery.",
                    ),
                    _ => self.pick(
                        "Et ensuite : préparez et envoyez le contrat depuis la page du projet ; le client le signera en ligne.",
                        "What comes next: prepare and send the contract from the project's page; the client signs it online.",
                    ),
                };
                let lines = [
                    (self.pick("Avec", "With"), other.clone()),
                    (self.pick("Quoi", "What"), title.clone()),
                    (self.pick("Quand", "When"), when),
                    (self.pick("Où", "Where"), place),
                    (self.pick("Prix", "Price"), price),
                ];
                let recap: Vec<String> =
                    lines.iter().map(|(k, v)| format!("{k}{colon} {v}")).collect();
                (
                    format!("{} {title}", self.pick("Projet confirmé :", "Project confirmed:")),
                    format!(
                        "{}\n{}\n\n{next}",
                        self.pick(
                            "Votre réservation est confirmée : elle devient un projet.",
                            "Your booking is confirmed: it becomes a project."
                        ),
                        recap.join("\n")
                    ),
                )
            }
            What::Status => (
                format!("{title}{colon} {}", self.status_label(p.status)),
                format!(
                    "{} {title} {} {label}.",
                    self.pick("Le projet", "The project"),
                    self.pick("passe à l'étape", "moves to"),
                ),
            ),
            What::Contract => (
                format!("{} {title}", self.pick("Contrat signé par le client :", "Contract signed by the client:")),
                format!(
                    "{other} {}",
                    self.pick(
                        "a signé le contrat. Contresignez-le sur la page du projet pour le conclure.",
                        "signed the contract. Countersign it on the project's page to conclude it."
                    )
                ),
            ),
            What::Pdf => (
                format!("{} {title}", self.pick("Contrat signé disponible :", "Signed contract ready:")),
                self.pick(
                    "Les deux parties ont signé le contrat. Son PDF signé, avec la page de preuve, est disponible sur la page du projet.",
                    "Both sides signed the contract. Its signed PDF, with the evidence page, is ready on the project's page.",
                )
                .to_owned(),
            ),
        }
    }
}
