//! A provider sets its availability rules (`PUT /api/me/calendar/rules`, function
//! `calendar-settings`). One UpdateItem of its profile item (on condition that it
//! exists); bookings already made stay as they are.

use super::provider;
use super::rules::Rules;
use crate::app::App;
use crate::auth::Role;
use crate::auth::tokens::AccessClaims;
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use crate::ports::Update;
use serde_json::json;

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let caller = req.auth(app).await?;
    let rules = run(app, &caller, req.json()?).await?;
    Ok(Reply::ok(json!({ "rules": rules })))
}

pub async fn run(app: &App, caller: &AccessClaims, rules: Rules) -> Result<Rules, Error> {
    if caller.role != Role::Provider {
        return Err(Error::forbidden("only providers keep a calendar"));
    }
    let rules = rules.validated()?;
    let value = serde_json::to_value(&rules).expect("rules serialize");
    provider::save_setting(app, &caller.sub, Update::default().set("calendar", value)).await?;
    Ok(rules)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Role;
    use crate::error::Kind;
    use crate::testing::{self, member, photographer};

    use crate::calendar::rules::Hours;

    #[tokio::test]
    async fn a_provider_sets_checked_rules() {
        let app = testing::app();
        let provider = photographer(&app).await;
        let (_, client) = member(&app, "camille@example.fr", Role::Client).await;
        let mut rules = Rules::default();
        rules.week[6] = Some(Hours {
            start: "10:00".into(),
            end: "12:00".into(),
        });
        rules.notice_days = 0;
        let saved = run(&app, &provider, rules.clone()).await.unwrap();
        assert_eq!(saved, rules);
        let item = app
            .table
            .get(&crate::keys::profile(&provider.sub))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(Rules::of_profile(&item).unwrap(), rules);
        assert_eq!(
            run(&app, &client, rules.clone()).await.unwrap_err().kind,
            Kind::Forbidden
        );
        rules.hold_hours = 0;
        assert_eq!(
            run(&app, &provider, rules).await.unwrap_err().code,
            "invalid_field"
        );
    }
}
