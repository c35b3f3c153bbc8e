//! The caller's projects (`GET /api/projects`): as a client, its rows; as a provider, its
//! projects on gsi1; by date.
//!
//! Table calls: 1 Query.

use super::model::{self, Actor, Project};
use crate::app::App;
use crate::auth::Role;
use crate::auth::tokens::AccessClaims;
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use serde_json::json;

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let caller = req.auth(app)?;
    let (projects, side) = run(app, &caller).await?;
    let views: Vec<_> = projects.iter().map(|p| p.view(side)).collect();
    Ok(Reply::ok(json!({"projects": views})))
}

pub async fn run(app: &App, caller: &AccessClaims) -> Result<(Vec<Project>, Actor), Error> {
    match caller.role {
        Role::Provider => Ok((model::of_provider(app, &caller.sub).await?, Actor::Provider)),
        _ => Ok((model::of_client(app, &caller.sub).await?, Actor::Client)),
    }
}
