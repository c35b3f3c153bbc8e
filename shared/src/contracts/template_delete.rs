//! A provider deletes one of its contract templates (function `contract-templates`):
//! `DELETE /api/me/contract-templates/{id}`. Contracts prepared from it keep their text.
//!
//! Table calls: 1 DeleteItem (on condition that it exists).

use super::template_save::providers_only;
use crate::app::App;
use crate::auth::tokens::AccessClaims;
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use crate::keys;
use crate::ports::{Condition, StoreError};

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let caller = req.auth(app).await?;
    run(app, &caller, req.param("id")).await?;
    Ok(Reply::empty(204))
}

pub async fn run(app: &App, caller: &AccessClaims, id: &str) -> Result<(), Error> {
    providers_only(caller)?;
    let key = keys::contract_template(&caller.sub, id);
    match app.table.delete(&key, Some(Condition::Exists)).await {
        Ok(()) => Ok(()),
        Err(StoreError::ConditionFailed) => Err(Error::not_found("no such template")),
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contracts::template_save::{Input, save};
    use crate::contracts::templates;
    use crate::testing::{self, photographer};

    #[tokio::test]
    async fn a_provider_deletes_its_own_template_once() {
        let app = testing::app();
        let provider = photographer(&app).await;
        let input = Input {
            name: "Concert".into(),
            body: "{{price}}".into(),
        };
        let saved = save(&app, &provider, None, input).await.unwrap();
        run(&app, &provider, &saved.id).await.unwrap();
        assert!(
            templates::mine(&app, &provider.sub)
                .await
                .unwrap()
                .is_empty()
        );
        let again = run(&app, &provider, &saved.id).await.unwrap_err();
        assert_eq!(again.kind, crate::error::Kind::NotFound);
    }
}
