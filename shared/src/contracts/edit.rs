//! The provider edits its draft's text (function `contract-prepare`):
//! `PUT /api/projects/{id}/contract` with `{text, revision}` (the revision the page shows:
//! another edit meanwhile is 409 `contract_changed`). Known `{{variables}}` typed in it are
//! filled; an unknown one is 400 `unknown_variable`. Once sent, 409 `contract_sent`.
//!
//! Table calls: 1 Query (the project) + 1 PutItem (on condition that the draft is still
//! the one read).

use super::markup;
use super::model::{Contract, required};
use super::prepare::{changed, provider_draft, write};
use super::templates::MAX_BODY;
use super::terms;
use crate::app::App;
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use crate::projects::model::Loaded;
use crate::validate;
use serde::Deserialize;
use serde_json::json;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Edit {
    pub text: String,
    pub revision: i64,
}

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let caller = req.auth(app).await?;
    let (contract, loaded) = run(app, &caller.sub, req.param("id"), req.json()?).await?;
    Ok(Reply::ok(json!({"contract": contract.view(&loaded)})))
}

pub async fn run(
    app: &App,
    user_id: &str,
    project_id: &str,
    input: Edit,
) -> Result<(Contract, Loaded), Error> {
    let text = validate::text("text", &input.text, 1, MAX_BODY)?;
    markup::check_variables(&text)?;
    let loaded = provider_draft(app, project_id, user_id).await?;
    let before = required(&loaded)?;
    if before.revision != input.revision {
        return Err(changed());
    }
    let now = app.clock.now();
    let mut after = before.clone();
    after.text = markup::fill(&text, |name| terms::value(&loaded.project, name, now));
    after.revision += 1;
    after.updated_at = now;
    write(app, &after, before.unchanged()).await?;
    Ok((after, loaded))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contracts::prepare::{self, Prepare};
    use crate::testing::{self, confirmed_project};

    #[tokio::test]
    async fn the_draft_changes_on_its_revision_with_known_variables() {
        let app = testing::app();
        let (provider, _, project) = confirmed_project(&app).await;
        let prepare = Prepare {
            template_id: "model".into(),
        };
        prepare::run(&app, &provider.sub, &project.id, prepare)
            .await
            .unwrap();
        let edit = |text: &str, revision| Edit {
            text: text.into(),
            revision,
        };
        let (edited, _) = run(
            &app,
            &provider.sub,
            &project.id,
            edit("# Contrat\n\nPour {{client.name}}.", 1),
        )
        .await
        .unwrap();
        assert_eq!(
            edited.text,
            format!("# Contrat\n\nPour {}.", project.client_name)
        );
        assert_eq!(edited.revision, 2);
        let stale = run(&app, &provider.sub, &project.id, edit("x", 1))
            .await
            .unwrap_err();
        assert_eq!(stale.code, "contract_changed");
        let unknown = run(&app, &provider.sub, &project.id, edit("{{iban}}", 2))
            .await
            .unwrap_err();
        assert_eq!(unknown.code, "unknown_variable");
    }
}
