//! A provider saves its contract templates (function `contract-templates`):
//! `POST /api/me/contract-templates` (a new one, at most 20), `PUT …/{id}` (a change),
//! `DELETE …/{id}` (`super::template_delete`). A template's variables are checked when it is saved: an unknown one
//! is 400 `unknown_variable`. A contract prepared from a template keeps its own text:
//! changing or deleting the template changes no contract.
//!
//! Table calls: a new one, 1 Query + 1 PutItem; a change, 1 PutItem (on condition that it
//! exists).

use super::templates::{self, MAX_TEMPLATES, Template};
use crate::app::App;
use crate::auth::Role;
use crate::auth::secrets;
use crate::auth::tokens::AccessClaims;
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use crate::items;
use crate::keys;
use crate::ports::{Condition, StoreError};
use serde::Deserialize;
use serde_json::json;

/// The body of a template's creation or change.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Input {
    pub name: String,
    pub body: String,
}

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let caller = req.auth(app)?;
    let id = Some(req.param("id")).filter(|id| !id.is_empty());
    let template = save(app, &caller, id, req.json()?).await?;
    let status = if id.is_some() { 200 } else { 201 };
    Ok(Reply::json(status, json!({"template": template})))
}

/// Saves a new template (`id` None) or a change of the template `id`.
pub async fn save(
    app: &App,
    caller: &AccessClaims,
    id: Option<&str>,
    input: Input,
) -> Result<Template, Error> {
    providers_only(caller)?;
    let (name, body) = Template::checked(&input.name, &input.body)?;
    let template = Template {
        id: id.map(str::to_owned).unwrap_or_else(secrets::new_id),
        name,
        body,
        updated_at: app.clock.now(),
    };
    let item = items::with_key(
        &keys::contract_template(&caller.sub, &template.id),
        &template,
    );
    let condition = match id {
        None => {
            if templates::mine(app, &caller.sub).await?.len() >= MAX_TEMPLATES {
                return Err(Error::conflict(
                    "too_many_templates",
                    format!("keep at most {MAX_TEMPLATES} templates: delete one first"),
                ));
            }
            Condition::NotExists
        }
        Some(_) => Condition::Exists,
    };
    match app.table.put(item, Some(condition)).await {
        Ok(()) => Ok(template),
        Err(StoreError::ConditionFailed) => Err(Error::not_found("no such template")),
        Err(e) => Err(e.into()),
    }
}

pub fn providers_only(caller: &AccessClaims) -> Result<(), Error> {
    if caller.role == Role::Provider {
        Ok(())
    } else {
        Err(Error::forbidden("contract templates are the providers'"))
    }
}
