//! The provider prepares its project's contract (function `contract-prepare`):
//! `POST /api/projects/{id}/contract` with `{template_id}` (`model` for the platform's
//! model) writes a draft whose text is the template with the project's terms filled in.
//! Preparing again replaces the draft; once sent, 409 `contract_sent`. A contract is
//! prepared while the project is confirmed (409 `transition_not_allowed` after).
//!
//! Table calls: 1 Query (the project) + 1 GetItem (the template) + 1 PutItem (on condition
//! that the draft is still the one read, or that there is none).

use super::markup;
use super::model::{self, Contract, Status};
use super::templates;
use super::terms;
use crate::app::App;
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use crate::ports::{Condition, StoreError};
use crate::projects::model::{self as projects, Actor, Loaded};
use crate::projects::status::Status as ProjectStatus;
use serde::Deserialize;
use serde_json::json;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Prepare {
    pub template_id: String,
}

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let caller = req.auth(app).await?;
    let (contract, loaded) = run(app, &caller.sub, req.param("id"), req.json()?).await?;
    Ok(Reply::json(
        201,
        json!({"contract": contract.view(&loaded)}),
    ))
}

pub async fn run(
    app: &App,
    user_id: &str,
    project_id: &str,
    input: Prepare,
) -> Result<(Contract, Loaded), Error> {
    let loaded = provider_draft(app, project_id, user_id).await?;
    let existing = Contract::of(&loaded)?;
    let project = &loaded.project;
    let template = templates::get(app, &project.provider_id, &input.template_id).await?;
    let now = app.clock.now();
    let text = markup::fill(&template.body, |name| terms::value(project, name, now));
    let contract = Contract {
        project_id: project.id.clone(),
        template_name: template.name,
        text,
        status: Status::Draft,
        revision: existing.as_ref().map_or(1, |c| c.revision + 1),
        sha256: None,
        sent_at: None,
        signed_by: 0,
        client_signature: None,
        provider_signature: None,
        signed_at: None,
        created_at: existing.as_ref().map_or(now, |c| c.created_at),
        updated_at: now,
    };
    let condition = existing
        .as_ref()
        .map_or(Condition::NotExists, Contract::unchanged);
    write(app, &contract, condition).await?;
    Ok((contract, loaded))
}

/// The project `project_id` loaded for its provider, whose contract (if any) is still a
/// draft and may change: 403 for the client, 409 once sent or once the project moved on.
pub async fn provider_draft(app: &App, project_id: &str, user_id: &str) -> Result<Loaded, Error> {
    let loaded = projects::load(app, project_id, user_id).await?;
    if loaded.side != Actor::Provider {
        return Err(Error::forbidden("the provider prepares the contract"));
    }
    if Contract::of(&loaded)?.is_some_and(|c| c.status != Status::Draft) {
        return Err(model::already_sent());
    }
    if loaded.project.status != ProjectStatus::Confirmed {
        return Err(Error::conflict(
            "transition_not_allowed",
            "a contract is prepared and sent while the project is confirmed",
        ));
    }
    Ok(loaded)
}

/// Puts a draft on `condition`: 409 `contract_changed` if it no longer holds.
pub async fn write(app: &App, contract: &Contract, condition: Condition) -> Result<(), Error> {
    match app.table.put(contract.item(), Some(condition)).await {
        Ok(()) => Ok(()),
        Err(StoreError::ConditionFailed) => Err(changed()),
        Err(e) => Err(e.into()),
    }
}

pub fn changed() -> Error {
    Error::conflict(
        "contract_changed",
        "this contract changed since you read it: reload it",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Kind;
    use crate::testing::{self, confirmed_project};

    #[tokio::test]
    async fn the_provider_prepares_a_draft_with_the_projects_terms() {
        let app = testing::app();
        let (provider, client, project) = confirmed_project(&app).await;
        let model = || Prepare {
            template_id: "model".into(),
        };
        let by_client = run(&app, &client.sub, &project.id, model())
            .await
            .unwrap_err();
        assert_eq!(by_client.kind, Kind::Forbidden);
        let (draft, _) = run(&app, &provider.sub, &project.id, model())
            .await
            .unwrap();
        assert_eq!((draft.status, draft.revision), (Status::Draft, 1));
        assert!(
            draft.text.contains("**Claire Photographie**"),
            "{}",
            draft.text
        );
        assert!(draft.text.contains("«\u{a0}Reportage journée\u{a0}»"));
        assert!(draft.text.contains("1\u{a0}800,00\u{a0}€"));
        assert!(draft.text.contains("toute la journée") && !draft.text.contains("{{"));
        let (again, _) = run(&app, &provider.sub, &project.id, model())
            .await
            .unwrap();
        assert_eq!(again.revision, 2, "preparing again replaces the draft");
    }
}
