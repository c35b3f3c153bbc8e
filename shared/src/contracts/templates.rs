//! A provider's contract templates (`USER#{provider}` / `TEMPLATE#{id}`), and the list
//! it picks from (`GET /api/me/contract-templates`): its own, the platform's model
//! (id `model`, not stored), and the variables a template may use.
//!
//! Table calls (the list): 1 Query.

use super::markup::{self, VARIABLES};
use super::model_text;
use crate::app::App;
use crate::auth::Role;
use crate::auth::tokens::AccessClaims;
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use crate::items;
use crate::keys;
use crate::ports::table::{Query, SortKey};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// The id of the platform's model.
pub const MODEL_ID: &str = "model";
/// Most templates a provider keeps.
pub const MAX_TEMPLATES: usize = 20;
/// Longest template, in characters.
pub const MAX_BODY: usize = 50_000;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Template {
    pub id: String,
    pub name: String,
    pub body: String,
    pub updated_at: i64,
}

impl Template {
    /// The platform's model.
    pub fn model() -> Template {
        Template {
            id: MODEL_ID.into(),
            name: model_text::NAME.into(),
            body: model_text::TEXT.into(),
            updated_at: 0,
        }
    }

    /// Checks a template's name and body: 400 `invalid_field`, `unknown_variable`,
    /// `invalid_template`.
    pub fn checked(name: &str, body: &str) -> Result<(String, String), Error> {
        let name = crate::validate::line("name", name, 1, 100)?;
        let body = crate::validate::text("body", body, 1, MAX_BODY)?;
        markup::check_variables(&body)?;
        Ok((name, body))
    }
}

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let caller = req.auth(app).await?;
    let templates = run(app, &caller).await?;
    let variables: Vec<_> = VARIABLES
        .iter()
        .map(|(name, means)| json!({"name": name, "means": means}))
        .collect();
    Ok(Reply::ok(json!({
        "templates": templates,
        "model": Template::model(),
        "variables": variables,
    })))
}

/// The provider's own templates, by id.
pub async fn run(app: &App, caller: &AccessClaims) -> Result<Vec<Template>, Error> {
    if caller.role != Role::Provider {
        return Err(Error::forbidden("contract templates are the providers'"));
    }
    mine(app, &caller.sub).await
}

pub async fn mine(app: &App, provider_id: &str) -> Result<Vec<Template>, Error> {
    let query = Query::partition(format!("USER#{provider_id}"))
        .sort(SortKey::BeginsWith(keys::TEMPLATES.into()))
        .limit(MAX_TEMPLATES + 1);
    let page = app.table.query(query).await?;
    page.items.into_iter().map(items::record).collect()
}

/// The template `id` of the provider (or the model).
pub async fn get(app: &App, provider_id: &str, id: &str) -> Result<Template, Error> {
    if id == MODEL_ID {
        return Ok(Template::model());
    }
    let not_found = || Error::not_found("no such template");
    if !crate::messaging::model::is_id(id) {
        return Err(not_found());
    }
    let item = app
        .table
        .get(&keys::contract_template(provider_id, id))
        .await?;
    item.map(items::record).transpose()?.ok_or_else(not_found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{self, member, photographer};

    #[tokio::test]
    async fn a_provider_lists_its_templates_and_the_model_checks() {
        let app = testing::app();
        let provider = photographer(&app).await;
        assert!(run(&app, &provider).await.unwrap().is_empty());
        assert!(
            markup::check_variables(model_text::TEXT).is_ok(),
            "the model uses known variables"
        );
        let model = get(&app, &provider.sub, MODEL_ID).await.unwrap();
        assert!(model.body.contains("Modèle proposé par Estrade, à adapter"));
        let (_, client) = member(&app, "camille@example.fr", crate::auth::Role::Client).await;
        assert_eq!(
            run(&app, &client).await.unwrap_err().kind,
            crate::error::Kind::Forbidden
        );
        let missing = get(&app, &provider.sub, "0123abcd").await.unwrap_err();
        assert_eq!(missing.kind, crate::error::Kind::NotFound);
    }
}
