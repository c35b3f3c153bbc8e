//! The provider sends its project's contract to the client (function `contract-send`):
//! `POST /api/projects/{id}/contract/send` with `{revision}` (the draft the page shows).
//! Its text is frozen from then on, identified by its SHA-256.
//!
//! One transaction: the contract → sent with its hash (on condition that it is still the
//! draft read); the project → `contract_sent`, waiting for the client's signature (on
//! condition that it is still confirmed, at the version read); `sent` appended to the
//! audit trail.
//!
//! Table calls: 1 Query (the project) + 1 TransactWriteItems.

use super::audit::{self, Action, Evidence, Head, New};
use super::model::{Contract, Status, required, sha256};
use super::prepare::{changed, provider_draft};
use crate::app::App;
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use crate::ports::{StoreError, TxOp, Update};
use crate::projects::model::{Actor, Loaded};
use crate::projects::status::{self, Status as ProjectStatus};
use serde::Deserialize;
use serde_json::json;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Send {
    pub revision: i64,
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
    input: Send,
    evidence: &Evidence,
) -> Result<(Contract, Loaded), Error> {
    let mut loaded = provider_draft(app, project_id, user_id).await?;
    let before = required(&loaded)?;
    if before.revision != input.revision {
        return Err(changed());
    }
    let project = &loaded.project;
    status::check(project.status, ProjectStatus::ContractSent, Actor::Platform)?;
    let now = app.clock.now();
    let hash = sha256(before.text.as_bytes());
    let mut after = before.clone();
    after.status = Status::Sent;
    after.sha256 = Some(hash.clone());
    after.sent_at = Some(now);
    after.updated_at = now;
    let mut ops = vec![TxOp::Update {
        key: before.key(),
        update: Update::default()
            .set("status", json!(Status::Sent))
            .set("sha256", hash.as_str())
            .set("sent_at", now)
            .set("updated_at", now),
        condition: Some(before.unchanged()),
    }];
    let waiting = Update::default().set("awaiting_signature", json!(Actor::Client));
    let (project_after, project_ops) = project.change_ops_with(
        ProjectStatus::ContractSent,
        Actor::Provider,
        None,
        now,
        waiting,
    );
    ops.extend(project_ops);
    let new = New {
        action: Action::Sent,
        actor: Actor::Provider,
        evidence: Some(evidence),
        detail: Some(hash),
    };
    let (_, audit_ops) = audit::append_ops(&project.id, &Head::loaded(&loaded), new, now);
    ops.extend(audit_ops);
    match app.table.transact(ops).await {
        Ok(()) => {
            loaded.project = project_after;
            loaded.project.awaiting_signature = Some(Actor::Client);
            Ok((after, loaded))
        }
        Err(StoreError::TransactionCancelled { .. }) => Err(changed()),
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contracts::edit::{self, Edit};
    use crate::contracts::prepare::{self, Prepare};
    use crate::projects::model as projects;
    use crate::testing::{self, confirmed_project};

    #[tokio::test]
    async fn sending_freezes_the_text_under_its_hash() {
        let app = testing::app();
        let (provider, client, project) = confirmed_project(&app).await;
        let prepare = Prepare {
            template_id: "model".into(),
        };
        prepare::run(&app, &provider.sub, &project.id, prepare)
            .await
            .unwrap();
        let evidence = Evidence::default();
        let stale = run(
            &app,
            &provider.sub,
            &project.id,
            Send { revision: 7 },
            &evidence,
        )
        .await;
        assert_eq!(stale.unwrap_err().code, "contract_changed");
        let by_client = run(
            &app,
            &client.sub,
            &project.id,
            Send { revision: 1 },
            &evidence,
        )
        .await;
        assert_eq!(by_client.unwrap_err().kind, crate::error::Kind::Forbidden);
        let (sent, loaded) = run(
            &app,
            &provider.sub,
            &project.id,
            Send { revision: 1 },
            &evidence,
        )
        .await
        .unwrap();
        assert_eq!(
            sent.sha256.as_deref(),
            Some(sha256(sent.text.as_bytes()).as_str())
        );
        assert_eq!(loaded.project.status, ProjectStatus::ContractSent);
        assert_eq!(loaded.project.awaiting_signature, Some(Actor::Client));
        let edit = Edit {
            text: "Autre".into(),
            revision: 1,
        };
        let frozen = edit::run(&app, &provider.sub, &project.id, edit)
            .await
            .unwrap_err();
        assert_eq!(frozen.code, "contract_sent");
        let again = run(
            &app,
            &provider.sub,
            &project.id,
            Send { revision: 1 },
            &evidence,
        )
        .await;
        assert_eq!(again.unwrap_err().code, "contract_sent");
        let reread = projects::load(&app, &project.id, &client.sub)
            .await
            .unwrap();
        let trail = audit::entries(&reread);
        assert_eq!(trail.len(), 1);
        assert_eq!(
            (trail[0].action, trail[0].actor),
            (Action::Sent, Actor::Provider)
        );
    }
}
