//! A client's confidential profile (`GET /api/clients/{id}`, function
//! `profiles-read`): only its owner, admins, and the providers the client started a
//! conversation with or invited to an event (a contact grant) read it; to anyone else
//! it does not exist.

use super::model::{self, Profile};
use crate::accounts::model as accounts;
use crate::app::App;
use crate::auth::Role;
use crate::auth::tokens::AccessClaims;
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use crate::keys;
use serde_json::json;

/// The client's profile, when it changed, and the client's email.
#[derive(Debug)]
pub struct Found {
    pub profile: Profile,
    pub updated_at: i64,
    pub email: Option<String>,
}

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let caller = req.auth(app).await?;
    let id = req.param("id");
    let found = run(app, &caller, id).await?;
    let mut view = found.profile.view(id, found.updated_at);
    view.email = found.email;
    Ok(Reply::ok(json!({"profile": view})))
}

pub async fn run(app: &App, caller: &AccessClaims, client_id: &str) -> Result<Found, Error> {
    if caller.sub != client_id
        && caller.role != Role::Admin
        && !contacted(app, client_id, caller).await?
    {
        return Err(super::not_found());
    }
    let item = app
        .table
        .get(&keys::profile(client_id))
        .await?
        .ok_or_else(super::not_found)?;
    match model::from_item(item)? {
        (profile @ Profile::Client(_), updated_at) => Ok(Found {
            profile,
            updated_at,
            email: accounts::get(app, client_id).await?.map(|a| a.email),
        }),
        _ => Err(super::not_found()),
    }
}

/// Whether the caller is a provider the client started a conversation with or invited.
async fn contacted(app: &App, client_id: &str, caller: &AccessClaims) -> Result<bool, Error> {
    Ok(caller.role == Role::Provider
        && app
            .table
            .get(&keys::contact_grant(client_id, &caller.sub))
            .await?
            .is_some())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Role;
    use crate::error::Kind;
    use crate::testing::{self, member};

    use crate::messaging::start::{self, Start};

    #[tokio::test]
    async fn only_the_owner_admins_and_contacted_providers_read_it() {
        let app = testing::app();
        let (camille, as_camille) = member(&app, "camille@example.fr", Role::Client).await;
        let (trio, as_trio) = member(&app, "trio@example.fr", Role::Provider).await;
        let found = run(&app, &as_camille, &camille.id).await.unwrap();
        assert_eq!(found.email.as_deref(), Some("camille@example.fr"));
        let hidden = run(&app, &as_trio, &camille.id).await.unwrap_err();
        assert_eq!(hidden.kind, Kind::NotFound);
        let start = Start {
            provider_id: Some(trio.id.clone()),
            ..Default::default()
        };
        start::run(&app, &as_camille, start).await.unwrap();
        assert!(run(&app, &as_trio, &camille.id).await.is_ok());
    }
}
