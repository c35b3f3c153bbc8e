//! Read-only profile routes (function `profiles-read`).
//!
//! A provider's profile is public once its email is verified. A client's profile is
//! confidential: only its owner, admins, and the providers the client started a
//! conversation with or invited to an event (a contact grant) read it; to anyone else it
//! does not exist.

use super::model::{self, Profile};
use crate::accounts::model as accounts;
use crate::app::App;
use crate::auth::Role;
use crate::auth::tokens::AccessClaims;
use crate::http::{ApiError, Reply, Req};
use crate::keys;
use crate::ports::{Cursor, Index, Query};
use serde_json::{Value, json};

pub const PAGE_SIZE: usize = 20;

/// The caller's own profile, with its private settings.
pub async fn mine(app: &App, req: Req) -> Result<Reply, ApiError> {
    let claims = req.auth(app)?;
    let account = accounts::get(app, &claims.sub)
        .await?
        .ok_or_else(|| ApiError::unauthorized("this account no longer exists"))?;
    let item = app
        .table
        .get(&keys::profile(&account.id))
        .await?
        .ok_or_else(not_found)?;
    let (profile, updated_at) = model::from_item(item)?;
    let mut view = profile.view(&account.id, updated_at);
    view["notify_by_email"] = json!(account.notify_by_email);
    view["email"] = json!(account.email);
    Ok(Reply::ok(json!({ "profile": view })))
}

pub async fn provider(app: &App, req: Req) -> Result<Reply, ApiError> {
    let id = req.param("id");
    let item = app
        .table
        .get(&keys::profile(id))
        .await?
        .ok_or_else(not_found)?;
    if !model::is_listed(&item) {
        return Err(not_found());
    }
    match model::from_item(item)? {
        (profile @ Profile::Provider(_), updated_at) => {
            Ok(Reply::ok(json!({"profile": profile.view(id, updated_at)})))
        }
        _ => Err(not_found()),
    }
}

/// Listed providers, newest first, a page at a time.
pub async fn list_providers(app: &App, req: Req) -> Result<Reply, ApiError> {
    let page = app
        .table
        .query(
            Query::partition(keys::PROVIDERS)
                .on(Index::Gsi1)
                .backward()
                .limit(PAGE_SIZE)
                .after(req.query("cursor").map(|c| Cursor(c.to_owned()))),
        )
        .await?;
    let providers = page
        .items
        .into_iter()
        .map(|item| {
            let id = item.get("pk").and_then(Value::as_str).unwrap_or_default();
            let id = id.strip_prefix("USER#").unwrap_or(id).to_owned();
            let (profile, updated_at) = model::from_item(item)?;
            Ok(profile.view(&id, updated_at))
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    Ok(Reply::ok(json!({
        "providers": providers,
        "next_cursor": page.next.map(|c| c.0),
    })))
}

pub async fn client(app: &App, req: Req) -> Result<Reply, ApiError> {
    let claims = req.auth(app)?;
    let id = req.param("id");
    if claims.sub != id && claims.role != Role::Admin && !contacted(app, id, &claims).await? {
        return Err(not_found());
    }
    let item = app
        .table
        .get(&keys::profile(id))
        .await?
        .ok_or_else(not_found)?;
    match model::from_item(item)? {
        (profile @ Profile::Client(_), updated_at) => {
            let mut view = profile.view(id, updated_at);
            if let Some(account) = accounts::get(app, id).await? {
                view["email"] = json!(account.email);
            }
            Ok(Reply::ok(json!({"profile": view})))
        }
        _ => Err(not_found()),
    }
}

/// Whether the caller is a provider the client started a conversation with or invited.
async fn contacted(app: &App, client_id: &str, claims: &AccessClaims) -> Result<bool, ApiError> {
    Ok(claims.role == Role::Provider
        && app
            .table
            .get(&keys::contact_grant(client_id, &claims.sub))
            .await?
            .is_some())
}

fn not_found() -> ApiError {
    ApiError::not_found("no such profile")
}
