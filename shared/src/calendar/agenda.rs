//! A provider's calendar for a month (`GET /api/me/calendar?month=YYYY-MM`, function
//! `calendar-read`): its bookings of the month (every state), the days its event requests
//! took, its rules and its imported calendars.
//!
//! Table calls: 4 (1 GetItem of the profile for the rules; 1 Query of its bookings on
//! gsi1; 1 Query of its days; 1 Query of its imported calendars).

use super::day_items;
use super::imports::{self, Import};
use super::model::Booking;
use super::provider;
use super::rules::Rules;
use crate::app::App;
use crate::auth::Role;
use crate::auth::tokens::AccessClaims;
use crate::dates;
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use crate::keys;
use serde_json::json;

/// A month of the provider's calendar.
#[derive(Debug)]
pub struct Agenda {
    pub rules: Rules,
    pub bookings: Vec<Booking>,
    /// Days taken whole by an event's booking.
    pub event_days: Vec<String>,
    /// Its imported calendars.
    pub imports: Vec<Import>,
}

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let caller = req.auth(app).await?;
    let agenda = run(app, &caller, req.query("month").unwrap_or_default()).await?;
    let now = app.clock.now();
    let bookings: Vec<_> = agenda.bookings.iter().map(|b| b.view(now)).collect();
    Ok(Reply::ok(json!({
        "rules": agenda.rules,
        "bookings": bookings,
        "event_days": agenda.event_days,
        "imports": agenda.imports.iter().map(Import::view).collect::<Vec<_>>(),
    })))
}

pub async fn run(app: &App, caller: &AccessClaims, month: &str) -> Result<Agenda, Error> {
    if caller.role != Role::Provider {
        return Err(Error::forbidden("only providers keep a calendar"));
    }
    let first = dates::date("month", &format!("{month}-01"))
        .map_err(|_| Error::invalid_field("month", "a month written YYYY-MM"))?;
    let (from, to) = (first.to_string(), first.last_of_month().to_string());
    let item = app
        .table
        .get(&keys::profile(&caller.sub))
        .await?
        .ok_or_else(|| Error::unauthorized("this account no longer exists"))?;
    let rules = Rules::of_profile(&item)?;
    let bookings = provider::bookings(app, &caller.sub, &from, Some(&to), 1000).await?;
    let now = app.clock.now();
    let taken = day_items::taken(app, &caller.sub, &from, &to, now).await?;
    let event_days = taken
        .into_iter()
        .filter(|(date, t)| {
            t.whole
                && !t.imported
                && !bookings
                    .iter()
                    .any(|b| &b.date == date && b.is_live(now) && b.slots.is_empty())
        })
        .map(|(date, _)| date)
        .collect();
    Ok(Agenda {
        rules,
        bookings,
        event_days,
        imports: imports::of(app, &caller.sub).await?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Role;
    use crate::error::Kind;
    use crate::testing::{self, member, photographer, tuesday};

    use crate::calendar::book::{self, NewBooking};

    #[tokio::test]
    async fn the_provider_sees_its_month() {
        let app = testing::app();
        let provider = photographer(&app).await;
        let (_, client) = member(&app, "camille@example.fr", Role::Client).await;
        let day = tuesday(&app, 40);
        let input = NewBooking {
            provider_id: provider.sub.clone(),
            service: "Reportage journée".into(),
            date: day.clone(),
            ..Default::default()
        };
        let booking = book::run(&app, &client, input).await.unwrap();
        let agenda = run(&app, &provider, &day[..7]).await.unwrap();
        assert_eq!(agenda.bookings, [booking]);
        assert!(agenda.event_days.is_empty());
        assert_eq!(
            run(&app, &client, &day[..7]).await.unwrap_err().kind,
            Kind::Forbidden
        );
    }
}
