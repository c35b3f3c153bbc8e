//! A side reads its project's contract (function `contract-read`):
//! `GET /api/projects/{id}/contract` → `{contract}` (null before one is prepared). The
//! client's first look at a sent contract is recorded in the audit trail (`viewed`).
//!
//! Table calls: 1 Query; the first view, 1 GetItem + 1 TransactWriteItems more (the
//! trail shown holds its entry without a second read).

use super::audit::{self, Action, Evidence};
use super::model::{Contract, Status};
use crate::app::App;
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use crate::projects::model::{self as projects, Actor, Loaded};
use crate::{items, keys};
use serde_json::json;

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let caller = req.auth(app).await?;
    let evidence = super::evidence(req.source_ip.as_deref(), req.header("user-agent"));
    let (contract, loaded) = run(app, &caller.sub, req.param("id"), &evidence).await?;
    Ok(Reply::ok(
        json!({"contract": contract.as_ref().map(|c| c.view(&loaded))}),
    ))
}

pub async fn run(
    app: &App,
    user_id: &str,
    project_id: &str,
    evidence: &Evidence,
) -> Result<(Option<Contract>, Loaded), Error> {
    let mut loaded = projects::load(app, project_id, user_id).await?;
    let contract = Contract::of(&loaded)?;
    let first_look = contract.as_ref().is_some_and(|c| {
        c.status != Status::Draft
            && loaded.side == Actor::Client
            && !audit::entries(&loaded)
                .iter()
                .any(|e| e.action == Action::Viewed && e.actor == Actor::Client)
    });
    if first_look {
        let viewed = Action::Viewed;
        let entry =
            audit::append(app, project_id, viewed, Actor::Client, Some(evidence), None).await?;
        // Shown with the rest of the trail, without reading the project again.
        let key = keys::audit_entry(project_id, entry.n);
        loaded.others.push(items::with_key(&key, &entry));
    }
    let contract = Contract::of(&loaded)?;
    if loaded.side == Actor::Client {
        // The client never sees the provider's draft.
        return Ok((contract.filter(|c| c.status != Status::Draft), loaded));
    }
    Ok((contract, loaded))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contracts::prepare::{self, Prepare};
    use crate::contracts::send::{self, Send};
    use crate::testing::{self, confirmed_project};

    #[tokio::test]
    async fn the_client_never_sees_a_draft_and_its_first_look_is_audited_once() {
        let app = testing::app();
        let (provider, client, project) = confirmed_project(&app).await;
        let here = Evidence::default();
        let prepare = Prepare {
            template_id: "model".into(),
        };
        prepare::run(&app, &provider.sub, &project.id, prepare)
            .await
            .unwrap();
        assert!(
            run(&app, &client.sub, &project.id, &here)
                .await
                .unwrap()
                .0
                .is_none()
        );
        assert!(
            run(&app, &provider.sub, &project.id, &here)
                .await
                .unwrap()
                .0
                .is_some()
        );
        send::run(
            &app,
            &provider.sub,
            &project.id,
            Send { revision: 1 },
            &here,
        )
        .await
        .unwrap();
        for _ in 0..2 {
            let (contract, _) = run(&app, &client.sub, &project.id, &here).await.unwrap();
            assert_eq!(contract.unwrap().status, Status::Sent);
        }
        let (_, loaded) = run(&app, &provider.sub, &project.id, &here).await.unwrap();
        let views = audit::entries(&loaded)
            .iter()
            .filter(|e| e.action == Action::Viewed)
            .count();
        assert_eq!(views, 1);
    }
}
