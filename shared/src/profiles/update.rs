//! Replace one's own profile (function `update-profile`): the profile fields and the
//! email preference change together, in one transaction.

use super::model::{ClientProfile, Profile, ProfileView, ProviderProfile};
use crate::accounts::model as accounts;
use crate::app::App;
use crate::auth::Role;
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use crate::keys;
use crate::ports::table::{Condition, TxOp, Update};
use serde_json::{Map, Value, json};

/// A whole new profile of `user_id`, and its email preference when given.
#[derive(Debug)]
pub struct Edit {
    pub user_id: String,
    pub profile: Profile,
    pub notify_by_email: Option<bool>,
}

/// The saved profile, and the owner's account settings it is shown with.
#[derive(Debug)]
pub struct Saved {
    pub user_id: String,
    pub profile: Profile,
    pub updated_at: i64,
    pub email: Option<String>,
    pub notify_by_email: Option<bool>,
}

impl Saved {
    /// The owner's view.
    pub fn view(&self) -> ProfileView<'_> {
        let mut view = self.profile.view(&self.user_id, self.updated_at);
        view.email = self.email.clone();
        view.notify_by_email = self.notify_by_email;
        view
    }
}

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let caller = req.auth(app).await?;
    let mut body: Map<String, Value> = req.json()?;
    let notify_by_email = match body.remove("notify_by_email") {
        None => None,
        Some(Value::Bool(b)) => Some(b),
        Some(_) => return Err(Error::invalid_field("notify_by_email", "true or false").into()),
    };
    let fields = Value::Object(body);
    let parse_error = |e: serde_json::Error| ApiError::new(400, "invalid_field", e.to_string());
    let profile = match caller.role {
        Role::Provider => Profile::Provider(
            serde_json::from_value::<ProviderProfile>(fields).map_err(parse_error)?,
        ),
        Role::Client | Role::Admin => {
            Profile::Client(serde_json::from_value::<ClientProfile>(fields).map_err(parse_error)?)
        }
    };
    let edit = Edit {
        user_id: caller.sub,
        profile,
        notify_by_email,
    };
    let saved = run(app, edit).await?;
    Ok(Reply::ok(json!({ "profile": saved.view() })))
}

/// Checks the profile (each text trimmed, limits, the city and regions resolved) and
/// replaces the stored one (and the email preference, when given).
pub async fn run(app: &App, edit: Edit) -> Result<Saved, Error> {
    let Edit {
        user_id,
        profile,
        notify_by_email,
    } = edit;
    let profile = match profile {
        Profile::Provider(p) => Profile::Provider(p.validated()?),
        Profile::Client(c) => Profile::Client(c.validated()?),
    };
    let now = app.clock.now();
    let Value::Object(record) = serde_json::to_value(&profile).expect("profiles serialize") else {
        unreachable!("a profile is an object")
    };
    let update = record
        .into_iter()
        .fold(Update::default(), |u, (name, value)| u.set(name, value))
        .set("updated_at", now);
    let mut ops = vec![TxOp::Update {
        key: keys::profile(&user_id),
        update,
        condition: Some(Condition::Exists),
    }];
    if let Some(notify) = notify_by_email {
        ops.push(TxOp::Update {
            key: keys::account(&user_id),
            update: Update::default().set("notify_by_email", notify),
            condition: Some(Condition::Exists),
        });
    }
    app.table.transact(ops).await?;
    let account = accounts::get(app, &user_id).await?;
    Ok(Saved {
        user_id,
        profile,
        updated_at: now,
        email: account.as_ref().map(|a| a.email.clone()),
        notify_by_email: account.map(|a| a.notify_by_email),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Role;
    use crate::testing::{self, member};

    use crate::profiles::model::ProviderProfile;

    #[tokio::test]
    async fn replaces_the_profile_with_its_city_resolved() {
        let app = testing::app();
        let (trio, _) = member(&app, "trio@example.fr", Role::Provider).await;
        let edit = |stage_name: &str| Edit {
            user_id: trio.id.clone(),
            profile: Profile::Provider(ProviderProfile {
                stage_name: stage_name.into(),
                kind: "jazz manouche".into(),
                city: "saint-etienne".into(),
                ..Default::default()
            }),
            notify_by_email: Some(false),
        };
        let saved = run(&app, edit("  Trio Sirocco ")).await.unwrap();
        assert_eq!(saved.notify_by_email, Some(false));
        match &saved.profile {
            Profile::Provider(p) => {
                assert_eq!(p.stage_name, "Trio Sirocco");
                assert_eq!(
                    (p.city.as_str(), p.city_code.as_deref()),
                    ("Saint-Étienne", Some("42218"))
                );
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(run(&app, edit("")).await.unwrap_err().code, "invalid_field");
    }
}
