//! Replace one's own profile (function `update-profile`): the profile fields and the
//! email preference change together, in one transaction.

use super::model::{ClientProfile, Profile, ProviderProfile};
use crate::accounts::model as accounts;
use crate::app::App;
use crate::auth::Role;
use crate::http::{ApiError, Reply, Req};
use crate::keys;
use crate::ports::table::{Condition, TxOp, Update};
use serde_json::{Map, Value, json};

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let claims = req.auth(app)?;
    let mut body: Map<String, Value> = req.json()?;
    let notify_by_email = match body.remove("notify_by_email") {
        None => None,
        Some(Value::Bool(b)) => Some(b),
        Some(_) => return Err(ApiError::invalid_field("notify_by_email", "true or false")),
    };
    let fields = Value::Object(body);
    let parse_error = |e: serde_json::Error| ApiError::bad_request("invalid_field", e.to_string());
    let profile = match claims.role {
        Role::Provider => Profile::Provider(
            serde_json::from_value::<ProviderProfile>(fields)
                .map_err(parse_error)?
                .validated()?,
        ),
        Role::Client | Role::Admin => Profile::Client(
            serde_json::from_value::<ClientProfile>(fields)
                .map_err(parse_error)?
                .validated()?,
        ),
    };
    let view = save(app, &claims.sub, &profile, notify_by_email).await?;
    Ok(Reply::ok(json!({ "profile": view })))
}

/// Replaces the profile of `user_id` (and its email preference, when given);
/// returns the owner's view of it.
pub async fn save(
    app: &App,
    user_id: &str,
    profile: &Profile,
    notify_by_email: Option<bool>,
) -> Result<Value, ApiError> {
    let now = app.clock.now();
    let Value::Object(record) = serde_json::to_value(profile).expect("profiles serialize") else {
        unreachable!("a profile is an object")
    };
    let update = record
        .into_iter()
        .fold(Update::default(), |u, (name, value)| u.set(name, value))
        .set("updated_at", now);
    let mut ops = vec![TxOp::Update {
        key: keys::profile(user_id),
        update,
        condition: Some(Condition::Exists),
    }];
    if let Some(notify) = notify_by_email {
        ops.push(TxOp::Update {
            key: keys::account(user_id),
            update: Update::default().set("notify_by_email", notify),
            condition: Some(Condition::Exists),
        });
    }
    app.table.transact(ops).await?;
    let account = accounts::get(app, user_id).await?;
    let mut view = profile.view(user_id, now);
    if let Some(account) = account {
        view["notify_by_email"] = json!(account.notify_by_email);
        view["email"] = json!(account.email);
    }
    Ok(view)
}
