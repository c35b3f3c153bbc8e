//! A provider adds the secret iCal address of another of its calendars
//! (`POST /api/me/calendar/imports`, function `calendar-settings`): at most
//! [`MAX_IMPORTS`]; the address must be one the sync may fetch (https). The next sync
//! (every 15 minutes) reads it.
//!
//! Table calls: 1 Query (its calendars) + 1 PutItem.

use super::fetch;
use super::imports::{self, Import, MAX_IMPORTS};
use crate::app::App;
use crate::auth::Role;
use crate::auth::secrets;
use crate::auth::tokens::AccessClaims;
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use crate::ports::Condition;
use serde::Deserialize;
use serde_json::json;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Body {
    url: String,
}

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let caller = req.auth(app).await?;
    let Body { url } = req.json()?;
    let import = run(app, &caller, &url).await?;
    Ok(Reply::json(201, json!({ "import": import.view() })))
}

pub async fn run(app: &App, caller: &AccessClaims, url: &str) -> Result<Import, Error> {
    if caller.role != Role::Provider {
        return Err(Error::forbidden("only providers keep a calendar"));
    }
    let url = fetch::check_url(url, &imports::policy(app))
        .map_err(|refused| Error::invalid_field("url", refused.0))?;
    if imports::of(app, &caller.sub).await?.len() >= MAX_IMPORTS {
        return Err(Error::conflict(
            "too_many_calendars",
            format!("at most {MAX_IMPORTS} calendars are imported"),
        ));
    }
    let import = Import {
        id: secrets::new_id(),
        provider_id: caller.sub.clone(),
        url: url.to_string(),
        added_at: app.clock.now(),
        last_sync_at: None,
        last_error: None,
        blocks: Vec::new(),
    };
    app.table
        .put(import.item(), Some(Condition::NotExists))
        .await?;
    Ok(import)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::import_remove;
    use crate::error::Kind;
    use crate::testing::{self, member, photographer};

    #[tokio::test]
    async fn only_fetchable_addresses_and_five_calendars_are_kept() {
        let app = testing::app();
        let provider = photographer(&app).await;
        let (_, client) = member(&app, "camille@example.fr", Role::Client).await;
        let refused = run(&app, &provider, "http://calendar.example.com/x.ics").await;
        assert_eq!(refused.unwrap_err().code, "invalid_field");
        assert_eq!(
            run(&app, &client, "https://calendar.example.com/x.ics")
                .await
                .unwrap_err()
                .kind,
            Kind::Forbidden
        );
        for i in 0..MAX_IMPORTS {
            run(
                &app,
                &provider,
                &format!("https://calendar.example.com/{i}.ics"),
            )
            .await
            .unwrap();
        }
        let sixth = run(&app, &provider, "https://calendar.example.com/6.ics").await;
        assert_eq!(sixth.unwrap_err().code, "too_many_calendars");
        assert_eq!(
            import_remove::run(&app, &provider.sub, "nope")
                .await
                .unwrap_err()
                .code,
            "not_found"
        );
    }
}
