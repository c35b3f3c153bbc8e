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
pub struct Found {
    pub profile: Profile,
    pub updated_at: i64,
    pub email: Option<String>,
}

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let caller = req.auth(app)?;
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
