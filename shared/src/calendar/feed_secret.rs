//! A provider draws its calendar feed's secret anew (`POST /api/me/calendar/feed`,
//! function `calendar-settings`): the old address stops working at once. Only the
//! secret's digest is kept, on the profile item. One UpdateItem.

use super::provider;
use crate::app::App;
use crate::auth::Role;
use crate::auth::secrets;
use crate::auth::tokens::AccessClaims;
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use crate::ports::Update;
use serde_json::json;

/// `POST /api/me/calendar/feed`: a new secret address (the old one stops working).
pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let caller = req.auth(app).await?;
    let url = run(app, &caller).await?;
    Ok(Reply::ok(json!({ "url": url })))
}

/// Draws the provider's feed secret anew; returns the feed's address.
pub async fn run(app: &App, caller: &AccessClaims) -> Result<String, Error> {
    if caller.role != Role::Provider {
        return Err(Error::forbidden("only providers keep a calendar"));
    }
    let secret = secrets::random_token();
    let update = Update::default().set("feed_digest", secrets::digest(&secret));
    provider::save_setting(app, &caller.sub, update).await?;
    Ok(app.link(&format!("/api/calendar/{}.{secret}.ics", caller.sub)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::feed;
    use crate::error::Kind;
    use crate::testing::{self, member, photographer};

    #[tokio::test]
    async fn a_new_secret_ends_the_old_address() {
        let app = testing::app();
        let provider = photographer(&app).await;
        let (_, client) = member(&app, "camille@example.fr", Role::Client).await;
        let old = run(&app, &provider).await.unwrap();
        let new = run(&app, &provider).await.unwrap();
        assert_ne!(old, new);
        let token = |url: &str| url.rsplit('/').next().unwrap().to_owned();
        assert_eq!(
            feed::run(&app, &token(&old)).await.unwrap_err().kind,
            Kind::NotFound
        );
        assert!(feed::run(&app, &token(&new)).await.is_ok());
        assert_eq!(run(&app, &client).await.unwrap_err().kind, Kind::Forbidden);
    }
}
