//! A provider's calendar feed: a secret address that calendar apps subscribe to
//! (`GET /api/calendar/{provider_id}.{secret}.ics`, function `calendar-feed`, no log-in),
//! listing its bookings from 60 days ago on (holds as tentative, cancelled ones as
//! cancelled: `super::ics`). Only the secret's digest is kept ([`super::feed_secret`]).
//!
//! Table calls: 1 GetItem (the profile, for the digest) + 1 Query (the bookings on gsi1).

use super::ics::{self, For};
use super::provider;
use crate::app::App;
use crate::auth::secrets;
use crate::dates;
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use crate::keys;
use crate::messaging::model::is_id;
use serde_json::Value;

/// How far back the feed goes, in days.
pub const PAST_DAYS: i64 = 60;
/// Bookings a feed lists at most.
pub const MAX_EVENTS: usize = 1000;

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let text = run(app, req.param("token")).await?;
    Ok(Reply::text("text/calendar; charset=utf-8", text))
}

/// The feed the address `{provider_id}.{secret}.ics` names.
pub async fn run(app: &App, token: &str) -> Result<String, Error> {
    let not_found = || Error::not_found("no such calendar");
    let token = token.strip_suffix(".ics").unwrap_or(token);
    let (provider_id, secret) = token.split_once('.').ok_or_else(not_found)?;
    if !is_id(provider_id) {
        return Err(not_found());
    }
    let profile = app
        .table
        .get(&keys::profile(provider_id))
        .await?
        .ok_or_else(not_found)?;
    let digest = profile.get("feed_digest").and_then(Value::as_str);
    if digest != Some(secrets::digest(secret).as_str()) {
        return Err(not_found());
    }
    let now = app.clock.now();
    let from = dates::add_days(dates::today(now), -PAST_DAYS).to_string();
    let bookings = provider::bookings(app, provider_id, &from, None, MAX_EVENTS).await?;
    Ok(ics::calendar("Estrade", &bookings, For::Provider, now))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Role;
    use crate::calendar::book::{self, NewBooking};
    use crate::calendar::feed_secret;
    use crate::error::Kind;
    use crate::testing::{self, member, photographer, tuesday};

    #[tokio::test]
    async fn the_secret_address_lists_the_bookings() {
        let app = testing::app();
        let provider = photographer(&app).await;
        let (_, client) = member(&app, "camille@example.fr", Role::Client).await;
        let input = NewBooking {
            provider_id: provider.sub.clone(),
            service: "Reportage journée".into(),
            date: tuesday(&app, 10),
            ..Default::default()
        };
        let booking = book::run(&app, &client, input).await.unwrap();
        let url = feed_secret::run(&app, &provider).await.unwrap();
        let token = url.rsplit('/').next().unwrap();
        let text = run(&app, token).await.unwrap();
        assert!(
            text.contains(&format!("UID:{}@estrade", booking.id)),
            "{text}"
        );
        assert!(text.contains("STATUS:TENTATIVE"));
        let wrong = format!("{}.nope.ics", provider.sub);
        assert_eq!(run(&app, &wrong).await.unwrap_err().kind, Kind::NotFound);
        assert_eq!(run(&app, "garbage").await.unwrap_err().kind, Kind::NotFound);
    }
}
