//! A side signs its project's contract (function `contract-sign`):
//! `POST /api/projects/{id}/contract/sign` with `{name, consent, consent_version, sha256,
//! code}`. The client signs first, then the provider countersigns: the provider wrote
//! the text, so the client's signature is the acceptance of the offer, and the provider's
//! confirms it as signed, as with a quote.
//!
//! Refused, with nothing written but the failed attempt in the audit trail (never the
//! code): an empty typed name (400 `name_required`), the consent box unticked (400
//! `consent_required`) or an older consent text (409 `stale_consent`), a contract that
//! changed since it was shown (the page's hash differs: 409 `contract_changed`), signing
//! twice (409 `already_signed`) or out of turn (409 `not_your_turn`), a code expired or
//! never asked for (400 `code_expired`), a wrong code (400 `wrong_code`; its attempts
//! counted), too many wrong codes (429 `too_many_attempts`).
//!
//! One transaction: the signature written into the contract (on condition that it is
//! still sent, with the hash signed and the number of signatures read); the code used up
//! (deleted, on condition that it is the one checked); `signed` or `countersigned`
//! appended to the audit trail; the project waiting for the provider, or, countersigned,
//! → `contract_signed` (on condition that it is still `contract_sent`).
//!
//! Table calls: 1 Query (the project) + 1 TransactWriteItems; a refusal, 1 GetItem +
//! 1 TransactWriteItems (the audit), and 1 UpdateItem for a wrong code.

use super::audit::{self, Action, Evidence, Head, New};
use super::code::{MAX_ATTEMPTS, digest};
use super::model::{CONSENT_VERSION, Contract, Signature, Status, required};
use crate::app::App;
use crate::error::{Error, Kind};
use crate::http::{ApiError, Reply, Req};
use crate::keys;
use crate::ports::{Condition, StoreError, TxOp, Update};
use crate::projects::model::{self as projects, Actor, Loaded};
use crate::projects::status::{self, Status as ProjectStatus};
use serde::Deserialize;
use serde_json::{Value, json};

/// The body of `POST /api/projects/{id}/contract/sign`, and the rule's input.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signing {
    pub name: String,
    pub consent: bool,
    pub consent_version: String,
    pub sha256: String,
    pub code: String,
}

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let caller = req.auth(app).await?;
    let evidence = super::evidence(req.source_ip.as_deref(), req.header("user-agent"));
    let id = req.param("id");
    let (contract, loaded) = run(app, &caller.sub, id, req.json()?, &evidence).await?;
    Ok(Reply::ok(json!({"contract": contract.view(&loaded)})))
}

pub async fn run(
    app: &App,
    user_id: &str,
    project_id: &str,
    input: Signing,
    evidence: &Evidence,
) -> Result<(Contract, Loaded), Error> {
    for attempt in super::RETRY.attempts() {
        let loaded = projects::load(app, project_id, user_id).await?;
        match attempt_once(app, &loaded, user_id, &input, evidence).await {
            Ok(Some(done)) => return Ok(done),
            // Changed meanwhile: read again and check again.
            Ok(None) => super::RETRY.pause(attempt).await,
            Err(error) if !audited(&error) => return Err(error),
            Err(error) => {
                let detail = Some(error.code.to_owned());
                let failed = Action::SignFailed;
                audit::append(app, project_id, failed, loaded.side, Some(evidence), detail).await?;
                return Err(error);
            }
        }
    }
    Err(super::RETRY.busy())
}

/// Whether a refusal is a failed attempt the audit trail records (not a fault of the
/// platform's, nor an attempt on no contract at all).
fn audited(error: &Error) -> bool {
    !matches!(error.kind, Kind::Internal | Kind::Busy { .. }) && error.code != "no_contract"
}

/// Whether `side` may sign `contract` now: 409 `not_sent`, `already_signed`,
/// `not_your_turn`.
pub fn turn(contract: &Contract, side: Actor) -> Result<(), Error> {
    let signed = match side {
        Actor::Client => contract.client_signature.is_some(),
        _ => contract.provider_signature.is_some(),
    };
    if contract.status == Status::Draft {
        Err(Error::conflict(
            "not_sent",
            "this contract was not sent yet",
        ))
    } else if signed || contract.status == Status::Signed {
        Err(Error::conflict(
            "already_signed",
            "you already signed this contract",
        ))
    } else if contract.awaiting() != Some(side) {
        Err(Error::conflict(
            "not_your_turn",
            "the client signs first, then the provider countersigns",
        ))
    } else {
        Ok(())
    }
}

/// One attempt: Some once signed, None after a lost race, an error for a refusal.
async fn attempt_once(
    app: &App,
    loaded: &Loaded,
    user_id: &str,
    input: &Signing,
    evidence: &Evidence,
) -> Result<Option<(Contract, Loaded)>, Error> {
    let contract = required(loaded)?;
    let side = loaded.side;
    turn(&contract, side)?;
    let name = input.name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(Error::invalid(
            "name_required",
            "type your full name to sign (up to 200 characters)",
        ));
    }
    if !input.consent {
        return Err(Error::invalid(
            "consent_required",
            "tick the consent box to sign",
        ));
    }
    if input.consent_version != CONSENT_VERSION {
        return Err(Error::conflict(
            "stale_consent",
            "the consent text changed: reload the page",
        ));
    }
    let hash = contract.sha256.clone().unwrap_or_default();
    if input.sha256 != hash {
        return Err(Error::conflict(
            "contract_changed",
            "this is not the contract you were shown: reload it",
        ));
    }
    let now = app.clock.now();
    let project = &loaded.project;
    let code_key = keys::signing_code(&project.id, user_id);
    let code = loaded
        .item(&code_key.sk)
        .filter(|c| c.get("expires_at").and_then(Value::as_i64).unwrap_or(0) > now)
        .ok_or_else(|| Error::invalid("code_expired", "ask for a new code: this one expired"))?;
    let attempts = code.get("attempts").and_then(Value::as_i64).unwrap_or(0);
    if attempts >= MAX_ATTEMPTS {
        return Err(Error::too_many(
            "too_many_attempts",
            "too many wrong codes: ask for a new one",
            0,
        ));
    }
    let stored = code
        .get("digest")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if digest(&project.id, user_id, input.code.trim()) != stored {
        let counted = app
            .table
            .update(
                &code_key,
                Update::default().add("attempts", 1),
                Some(Condition::Equals("digest".into(), json!(stored))),
            )
            .await;
        if let Err(e) = counted
            && !matches!(e, StoreError::ConditionFailed)
        {
            return Err(e.into());
        }
        let left = MAX_ATTEMPTS - attempts - 1;
        return Err(Error::invalid(
            "wrong_code",
            format!("this is not the code we sent: {left} attempts left"),
        ));
    }
    let signature = Signature {
        user_id: user_id.to_owned(),
        name: name.to_owned(),
        at: now,
        ip: evidence.ip.clone(),
        user_agent: evidence.user_agent.clone(),
        consent_version: CONSENT_VERSION.to_owned(),
        sha256: hash.clone(),
    };
    let mut after = contract.clone();
    after.signed_by += 1;
    after.updated_at = now;
    let field = match side {
        Actor::Client => {
            after.client_signature = Some(signature.clone());
            "client_signature"
        }
        _ => {
            after.provider_signature = Some(signature.clone());
            after.status = Status::Signed;
            after.signed_at = Some(now);
            "provider_signature"
        }
    };
    let mut update = Update::default()
        .set(field, json!(signature))
        .set("signed_by", after.signed_by)
        .set("updated_at", now);
    if after.status == Status::Signed {
        update = update
            .set("status", json!(Status::Signed))
            .set("signed_at", now);
    }
    let mut still = vec![contract.unchanged()];
    still.push(Condition::Equals("sha256".into(), json!(hash)));
    let mut ops = vec![
        TxOp::Update {
            key: contract.key(),
            update,
            condition: Some(Condition::And(still)),
        },
        TxOp::Delete {
            key: code_key,
            condition: Some(Condition::Equals("digest".into(), json!(stored))),
        },
    ];
    let action = match side {
        Actor::Client => Action::Signed,
        _ => Action::Countersigned,
    };
    let new = New {
        action,
        actor: side,
        evidence: Some(evidence),
        detail: Some(hash),
    };
    ops.extend(audit::append_ops(&project.id, &Head::loaded(loaded), new, now).1);
    let mut project_after = project.clone();
    match side {
        Actor::Client => {
            let waiting = Update::default().set("awaiting_signature", json!(Actor::Provider));
            let still = Condition::Equals("status".into(), json!(ProjectStatus::ContractSent));
            ops.push(TxOp::Update {
                key: project.key(),
                update: waiting.clone(),
                condition: Some(still),
            });
            ops.push(TxOp::Update {
                key: project.client_row_key(),
                update: waiting,
                condition: None,
            });
            project_after.awaiting_signature = Some(Actor::Provider);
        }
        _ => {
            status::check(
                project.status,
                ProjectStatus::ContractSigned,
                Actor::Platform,
            )?;
            let done = Update::default().remove("awaiting_signature");
            let (p, more) = project.change_ops_with(
                ProjectStatus::ContractSigned,
                Actor::Provider,
                None,
                now,
                done,
            );
            project_after = p;
            project_after.awaiting_signature = None;
            ops.extend(more);
        }
    }
    match app.table.transact(ops).await {
        Ok(()) => {
            let mut loaded = loaded.clone();
            loaded.project = project_after;
            Ok(Some((after, loaded)))
        }
        Err(StoreError::TransactionCancelled { .. }) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contracts::code;
    use crate::contracts::prepare::{self, Prepare};
    use crate::contracts::send::{self, Send};
    use crate::testing::{self, TestApp, confirmed_project};

    async fn sent(app: &TestApp) -> (String, String, String, String) {
        let (provider, client, project) = confirmed_project(app).await;
        let prepare = Prepare {
            template_id: "model".into(),
        };
        prepare::run(app, &provider.sub, &project.id, prepare)
            .await
            .unwrap();
        let (contract, _) = send::run(
            app,
            &provider.sub,
            &project.id,
            Send { revision: 1 },
            &Evidence::default(),
        )
        .await
        .unwrap();
        (
            provider.sub,
            client.sub,
            project.id,
            contract.sha256.unwrap(),
        )
    }

    fn signing(name: &str, sha256: &str, code: &str) -> Signing {
        Signing {
            name: name.into(),
            consent: true,
            consent_version: CONSENT_VERSION.into(),
            sha256: sha256.into(),
            code: code.into(),
        }
    }

    fn from(ip: &str) -> Evidence {
        Evidence {
            ip: ip.into(),
            user_agent: "Firefox/140".into(),
        }
    }

    #[tokio::test]
    async fn the_client_signs_then_the_provider_countersigns_with_their_codes() {
        let app = testing::app();
        let (provider, client, project, hash) = sent(&app).await;
        let code = code::run(&app, &client, &project, &from("192.0.2.1"))
            .await
            .unwrap();
        let (signed, loaded) = run(
            &app,
            &client,
            &project,
            signing(" Camille Martin ", &hash, &code),
            &from("192.0.2.1"),
        )
        .await
        .unwrap();
        let signature = signed.client_signature.clone().unwrap();
        assert_eq!(
            (signature.name.as_str(), signature.ip.as_str()),
            ("Camille Martin", "192.0.2.1")
        );
        assert_eq!(
            (signature.sha256.as_str(), signature.user_agent.as_str()),
            (hash.as_str(), "Firefox/140")
        );
        assert_eq!(signed.awaiting(), Some(Actor::Provider));
        assert_eq!(loaded.project.awaiting_signature, Some(Actor::Provider));
        let twice = run(
            &app,
            &client,
            &project,
            signing("Camille", &hash, &code),
            &from("192.0.2.1"),
        )
        .await;
        assert_eq!(twice.unwrap_err().code, "already_signed");
        let code = code::run(&app, &provider, &project, &from("198.51.100.7"))
            .await
            .unwrap();
        let (done, loaded) = run(
            &app,
            &provider,
            &project,
            signing("Claire Durand", &hash, &code),
            &from("198.51.100.7"),
        )
        .await
        .unwrap();
        assert_eq!((done.status, done.signed_by), (Status::Signed, 2));
        assert_eq!(loaded.project.status, ProjectStatus::ContractSigned);
        let reread = projects::load(&app, &project, &client).await.unwrap();
        let trail = audit::entries(&reread);
        assert!(audit::is_chained(&trail));
        let actions: Vec<_> = trail.iter().map(|e| e.action).collect();
        use Action::*;
        assert_eq!(
            actions,
            [Sent, CodeSent, Signed, SignFailed, CodeSent, Countersigned]
        );
        assert_eq!(trail[3].detail.as_deref(), Some("already_signed"));
    }

    #[tokio::test]
    async fn each_bad_attempt_is_refused_writes_nothing_and_is_audited_without_the_code() {
        let app = testing::app();
        let (provider, client, project, hash) = sent(&app).await;
        let here = from("192.0.2.1");
        let no_code = run(
            &app,
            &client,
            &project,
            signing("Camille", &hash, "123456"),
            &here,
        )
        .await;
        assert_eq!(no_code.unwrap_err().code, "code_expired");
        let code = code::run(&app, &client, &project, &here).await.unwrap();
        let wrong = if code == "000000" { "111111" } else { "000000" };
        let cases = [
            (signing("  ", &hash, &code), "name_required"),
            (
                Signing {
                    consent: false,
                    ..signing("Camille", &hash, &code)
                },
                "consent_required",
            ),
            (
                Signing {
                    consent_version: "2020-01-01".into(),
                    ..signing("Camille", &hash, &code)
                },
                "stale_consent",
            ),
            (
                signing("Camille", &"0".repeat(64), &code),
                "contract_changed",
            ),
            (signing("Camille", &hash, wrong), "wrong_code"),
        ];
        for (input, expected) in cases {
            let refused = run(&app, &client, &project, input, &here)
                .await
                .unwrap_err();
            assert_eq!(refused.code, expected);
        }
        let early = run(
            &app,
            &provider,
            &project,
            signing("Claire", &hash, &code),
            &here,
        )
        .await;
        assert_eq!(early.unwrap_err().code, "not_your_turn");
        let loaded = projects::load(&app, &project, &client).await.unwrap();
        let contract = Contract::of(&loaded).unwrap().unwrap();
        assert_eq!(
            (contract.signed_by, contract.status),
            (0, Status::Sent),
            "nothing signed"
        );
        let failed: Vec<_> = audit::entries(&loaded)
            .into_iter()
            .filter(|e| e.action == Action::SignFailed)
            .collect();
        assert_eq!(failed.len(), 7);
        assert!(failed.iter().all(|e| !format!("{e:?}").contains(&code)));
        // Wrong codes are counted: after five, even the right one is refused.
        for _ in 0..4 {
            run(
                &app,
                &client,
                &project,
                signing("Camille", &hash, wrong),
                &here,
            )
            .await
            .unwrap_err();
        }
        let locked = run(
            &app,
            &client,
            &project,
            signing("Camille", &hash, &code),
            &here,
        )
        .await;
        assert_eq!(locked.unwrap_err().code, "too_many_attempts");
        // And a code runs out after ten minutes.
        app.advance(61);
        let fresh = code::run(&app, &client, &project, &here).await.unwrap();
        app.advance(601);
        let late = run(
            &app,
            &client,
            &project,
            signing("Camille", &hash, &fresh),
            &here,
        )
        .await;
        assert_eq!(late.unwrap_err().code, "code_expired");
    }
}
