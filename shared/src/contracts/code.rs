//! A signer asks for its signing code (function `contract-code`):
//! `POST /api/projects/{id}/contract/code`. A six-digit code is emailed at that moment to
//! the signer's verified address; it is good for 10 minutes and 5 attempts, and a new one
//! replaces it (at most one a minute: 429 `too_many_attempts`). Only its digest is stored.
//! A forwarded link alone cannot sign: signing takes the code from the signer's mailbox.
//!
//! One transaction: the code's item (replacing any previous one) and `code_sent` appended
//! to the audit trail; then the email.
//!
//! Table calls: 1 Query (the project) + 1 GetItem (the account) + 1 TransactWriteItems.

use super::audit::{self, Action, Evidence, Head, New};
use super::model::required;
use super::sign::turn;
use crate::accounts::mails::escape;
use crate::accounts::model as accounts;
use crate::app::App;
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use crate::items;
use crate::keys;
use crate::ports::{Email, StoreError, TxOp};
use crate::projects::model::{self as projects, Actor};
use serde_json::json;

/// How long a code is good for, in seconds.
pub const CODE_TTL: i64 = 600;
/// Wrong codes allowed before a new one must be asked for.
pub const MAX_ATTEMPTS: i64 = 5;
/// The least time between two codes, in seconds.
pub const CODE_EVERY: i64 = 60;

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let caller = req.auth(app).await?;
    let evidence = super::evidence(req.source_ip.as_deref(), req.header("user-agent"));
    run(app, &caller.sub, req.param("id"), &evidence).await?;
    Ok(Reply::json(
        202,
        json!({"expires_in": CODE_TTL, "attempts": MAX_ATTEMPTS}),
    ))
}

/// Emails a new code to `user_id`, whose turn it is to sign; returns the code (for tests
/// and the caller's own use: it is never answered over HTTP).
pub async fn run(
    app: &App,
    user_id: &str,
    project_id: &str,
    evidence: &Evidence,
) -> Result<String, Error> {
    let loaded = projects::load(app, project_id, user_id).await?;
    let contract = required(&loaded)?;
    turn(&contract, loaded.side)?;
    let now = app.clock.now();
    if let Some(last) = loaded.item(&keys::signing_code(project_id, user_id).sk) {
        let created = last.get("created_at").and_then(|v| v.as_i64()).unwrap_or(0);
        let wait = created + CODE_EVERY - now;
        if wait > 0 && last.get("expires_at").and_then(|v| v.as_i64()).unwrap_or(0) > now {
            return Err(Error::too_many(
                "too_many_attempts",
                "a code was just sent: check your mailbox, or wait a minute",
                wait,
            ));
        }
    }
    let account = accounts::get(app, user_id)
        .await?
        .ok_or_else(projects::not_found)?;
    if !account.email_verified {
        return Err(Error::forbidden("verify your email address before signing"));
    }
    let code = format!("{:06}", rand::random_range(0..1_000_000u32));
    let record = json!({
        "digest": digest(project_id, user_id, &code),
        "created_at": now,
        "expires_at": now + CODE_TTL,
        "attempts": 0,
        "ttl": now + CODE_TTL,
    });
    let mut ops = vec![TxOp::Put {
        item: items::with_key(&keys::signing_code(project_id, user_id), record),
        condition: None,
    }];
    let new = New {
        action: Action::CodeSent,
        actor: loaded.side,
        evidence: Some(evidence),
        detail: None,
    };
    ops.extend(audit::append_ops(project_id, &Head::loaded(&loaded), new, now).1);
    match app.table.transact(ops).await {
        Ok(()) => {}
        Err(StoreError::TransactionCancelled { .. }) => {
            return Err(Error::conflict(
                "contract_changed",
                "this contract changed meanwhile: ask for a code again",
            ));
        }
        Err(e) => return Err(e.into()),
    }
    let title = &loaded.project.title;
    app.mailer
        .send(email(&account, title, &code, loaded.side))
        .await?;
    Ok(code)
}

/// The digest stored for a code (a code is good for one signer of one project).
pub fn digest(project_id: &str, user_id: &str, code: &str) -> String {
    super::model::sha256(format!("{project_id}:{user_id}:{code}").as_bytes())
}

fn email(to: &accounts::Account, title: &str, code: &str, side: Actor) -> Email {
    let english = to.lang == "en";
    let (subject, lead, rest) = if english {
        (
            "Your signing code".to_owned(),
            format!("Here is the code to sign the contract for “{title}”:"),
            "It is good for 10 minutes. If you did not ask for it, ignore this email: nobody can sign without this code.",
        )
    } else {
        (
            "Votre code de signature".to_owned(),
            format!("Voici le code pour signer le contrat «\u{a0}{title}\u{a0}»\u{202f}:"),
            "Il est valable 10\u{a0}minutes. Si vous ne l'avez pas demandé, ignorez cet email\u{202f}: personne ne peut signer sans ce code.",
        )
    };
    let greeting = if english { "Hello" } else { "Bonjour" };
    let who = match side {
        Actor::Provider if !english => " (contresignature)",
        Actor::Provider => " (countersignature)",
        _ => "",
    };
    Email {
        to: to.email.clone(),
        subject: format!("{subject}{who} – Estrade"),
        text: format!(
            "{greeting} {},\n\n{lead}\n\n    {code}\n\n{rest}\n",
            to.name
        ),
        html: format!(
            "<p>{greeting} {},</p><p>{}</p><p style=\"font-size:28px;letter-spacing:6px\"><strong>{code}</strong></p><p>{}</p>",
            escape(&to.name),
            escape(&lead),
            escape(rest)
        ),
        attachments: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contracts::prepare::{self, Prepare};
    use crate::contracts::send::{self, Send};
    use crate::error::Kind;
    use crate::testing::{self, confirmed_project, last_code};

    #[tokio::test]
    async fn the_signer_whose_turn_it_is_gets_a_code_by_email_once_a_minute() {
        let app = testing::app();
        let (provider, client, project) = confirmed_project(&app).await;
        let evidence = Evidence::default();
        let early = run(&app, &client.sub, &project.id, &evidence)
            .await
            .unwrap_err();
        assert_eq!(early.code, "no_contract");
        let prepare = Prepare {
            template_id: "model".into(),
        };
        prepare::run(&app, &provider.sub, &project.id, prepare)
            .await
            .unwrap();
        let draft = run(&app, &client.sub, &project.id, &evidence)
            .await
            .unwrap_err();
        assert_eq!(draft.code, "not_sent");
        send::run(
            &app,
            &provider.sub,
            &project.id,
            Send { revision: 1 },
            &evidence,
        )
        .await
        .unwrap();
        let turn = run(&app, &provider.sub, &project.id, &evidence)
            .await
            .unwrap_err();
        assert_eq!(turn.code, "not_your_turn");
        let code = run(&app, &client.sub, &project.id, &evidence)
            .await
            .unwrap();
        assert_eq!(last_code(&app, "camille@example.fr"), code);
        let mail = app.sent.to("camille@example.fr").pop().unwrap();
        assert!(mail.subject.starts_with("Votre code de signature"));
        let soon = run(&app, &client.sub, &project.id, &evidence)
            .await
            .unwrap_err();
        assert_eq!(soon.kind, Kind::TooMany { retry_after: 60 });
        app.advance(61);
        let next = run(&app, &client.sub, &project.id, &evidence)
            .await
            .unwrap();
        assert_eq!(last_code(&app, "camille@example.fr"), next);
        let stored = app
            .table
            .get(&keys::signing_code(&project.id, &client.sub))
            .await
            .unwrap()
            .unwrap();
        assert!(
            !stored.values().any(|v| v.as_str() == Some(next.as_str())),
            "only a digest"
        );
    }
}
