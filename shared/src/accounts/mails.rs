//! The account emails, in the account's language (French first, English second).

use crate::ports::Email;

struct Wording {
    subject: &'static str,
    greeting: &'static str,
    body: &'static str,
    action: &'static str,
    footer: &'static str,
}

fn wording(kind: Kind, lang: &str) -> Wording {
    let english = lang == "en";
    match (kind, english) {
        (Kind::Verify, false) => Wording {
            subject: "Confirmez votre adresse email – Estrade",
            greeting: "Bonjour",
            body: "Bienvenue sur Estrade ! Confirmez votre adresse email pour activer votre compte.",
            action: "Confirmer mon adresse",
            footer: "Ce lien est valable 48 heures. Si vous n'avez pas créé de compte, ignorez ce message.",
        },
        (Kind::Verify, true) => Wording {
            subject: "Confirm your email address – Estrade",
            greeting: "Hello",
            body: "Welcome to Estrade! Confirm your email address to activate your account.",
            action: "Confirm my address",
            footer: "This link is valid for 48 hours. If you did not sign up, ignore this message.",
        },
        (Kind::Reset, false) => Wording {
            subject: "Réinitialisation de votre mot de passe – Estrade",
            greeting: "Bonjour",
            body: "Vous avez demandé à changer votre mot de passe. Choisissez-en un nouveau ici :",
            action: "Choisir un nouveau mot de passe",
            footer: "Ce lien est valable une heure. Si vous n'êtes pas à l'origine de cette demande, ignorez ce message.",
        },
        (Kind::Reset, true) => Wording {
            subject: "Reset your password – Estrade",
            greeting: "Hello",
            body: "You asked to change your password. Choose a new one here:",
            action: "Choose a new password",
            footer: "This link is valid for one hour. If you did not ask for it, ignore this message.",
        },
    }
}

#[derive(Debug, Clone, Copy)]
pub enum Kind {
    Verify,
    Reset,
}

/// An email with one call to action, as plain text and HTML (names escaped).
pub fn with_link(kind: Kind, lang: &str, to: &str, name: &str, link: &str) -> Email {
    let w = wording(kind, lang);
    let text = format!(
        "{} {name},\n\n{}\n\n{link}\n\n{}\n",
        w.greeting, w.body, w.footer
    );
    let html = format!(
        "<p>{} {},</p><p>{}</p><p><a href=\"{link}\">{}</a></p><p><small>{}</small></p>",
        w.greeting,
        escape(name),
        w.body,
        w.action,
        w.footer
    );
    Email {
        to: to.to_owned(),
        subject: w.subject.to_owned(),
        text,
        html,
        attachments: Vec::new(),
    }
}

pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
