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
    let caller = req.auth(app).await?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{self, photographer};

    fn input(name: &str, body: &str) -> Input {
        Input {
            name: name.into(),
            body: body.into(),
        }
    }

    #[tokio::test]
    async fn templates_are_saved_with_known_variables_only() {
        let app = testing::app();
        let provider = photographer(&app).await;
        let saved = save(
            &app,
            &provider,
            None,
            input("Mariage", "# Contrat\n{{client.name}}"),
        )
        .await
        .unwrap();
        let unknown = save(&app, &provider, None, input("X", "{{client.phone}}"))
            .await
            .unwrap_err();
        assert_eq!(unknown.code, "unknown_variable");
        let changed = save(
            &app,
            &provider,
            Some(&saved.id),
            input("Mariage 2027", "{{date}}"),
        )
        .await
        .unwrap();
        assert_eq!(
            templates::mine(&app, &provider.sub).await.unwrap(),
            vec![changed]
        );
        let ghost = save(&app, &provider, Some("0123abcd"), input("X", "y"))
            .await
            .unwrap_err();
        assert_eq!(ghost.kind, crate::error::Kind::NotFound);
        for i in 1..MAX_TEMPLATES {
            save(&app, &provider, None, input(&format!("T{i}"), "x"))
                .await
                .unwrap();
        }
        let over = save(&app, &provider, None, input("Trop", "x"))
            .await
            .unwrap_err();
        assert_eq!(over.code, "too_many_templates");
    }
}
