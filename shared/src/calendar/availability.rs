//! A month of a provider's availability for one of its services
//! (`GET /api/providers/{id}/availability?service=&month=YYYY-MM`, function
//! `calendar-read`, public): for each day, whether it can be booked, and for a session the
//! free start times. Nothing else: who holds a day is private.
//!
//! Without a service, whether each day is wholly free: a working day (not off, not
//! blocked) that nothing holds, whatever the booking notice and horizon. The invitation
//! form of an event shows with it that a provider is not free that day.
//!
//! Table calls: 2 (1 GetItem of the profile, with its services and rules; 1 Query of the
//! month's days and slots).

use super::day::{self, Day};
use super::day_items::{self, Taken};
use super::provider::Offer;
use super::rules::Rules;
use crate::app::App;
use crate::dates;
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use crate::profiles::model::BookingKind;
use jiff::civil::Date;
use serde::Serialize;
use serde_json::json;

/// One day of the month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Free {
    pub date: String,
    pub free: bool,
    /// A session's free start times, `HH:MM` (none for a whole-day service).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub starts: Vec<String>,
}

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let service = req.query("service").unwrap_or_default();
    let month = req.query("month").unwrap_or_default();
    let days = run(app, req.param("id"), service, month).await?;
    Ok(Reply::ok(json!({"month": month, "days": days})))
}

pub async fn run(
    app: &App,
    provider_id: &str,
    service: &str,
    month: &str,
) -> Result<Vec<Free>, Error> {
    let first = dates::date("month", &format!("{month}-01"))
        .map_err(|_| Error::invalid_field("month", "a month written YYYY-MM"))?;
    let last = first.last_of_month();
    let offer = Offer::of(app, provider_id).await?;
    let service = match service.trim() {
        "" => None,
        name => Some(offer.service(name)?),
    };
    let rules = &offer.rules;
    let now = app.clock.now();
    let taken =
        day_items::taken(app, provider_id, &first.to_string(), &last.to_string(), now).await?;
    let today = dates::today(now);
    let mut days = Vec::new();
    let mut date = first;
    while date <= last {
        let taken = taken.get(&date.to_string());
        let starts = match service {
            Some(service) => free_starts(rules, service.booking, date, today, taken),
            None => (rules.works_on(date).is_ok()
                && taken.is_none_or(|t| !t.whole && t.slots.is_empty()))
            .then(Vec::new),
        };
        days.push(Free {
            date: date.to_string(),
            free: starts.is_some(),
            starts: starts.unwrap_or_default(),
        });
        // The calendar's last day (9999-12-31) has no next one: the month ends there.
        let Ok(next) = date.tomorrow() else { break };
        date = next;
    }
    Ok(days)
}

/// A day's free start times (empty for a free whole day); `None` when it cannot be booked.
pub fn free_starts(
    rules: &Rules,
    kind: BookingKind,
    date: Date,
    today: Date,
    taken: Option<&Taken>,
) -> Option<Vec<String>> {
    let hours = rules.open(date, today).ok()?;
    let empty = Taken::default();
    let taken = taken.unwrap_or(&empty);
    if taken.whole {
        return None;
    }
    match kind {
        BookingKind::WholeDay => taken.slots.is_empty().then(Vec::new),
        BookingKind::Session {
            minutes,
            buffer_minutes,
        } => {
            let day = Day::of(date);
            let (minutes, buffer) = (i64::from(minutes), i64::from(buffer_minutes));
            let starts: Vec<_> = rules
                .starts(&day, hours, minutes)
                .into_iter()
                .filter(|start| {
                    day::slots(*start, start + minutes + buffer, day.minutes)
                        .iter()
                        .all(|slot| !taken.slots.contains(slot))
                })
                .map(|start| day.wall(start))
                .collect();
            (!starts.is_empty()).then_some(starts)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Role;
    use crate::testing::{self, member, photographer, tuesday};

    use crate::calendar::book::{self, NewBooking};

    #[tokio::test]
    async fn a_month_shows_free_days_and_free_starts_only() {
        let app = testing::app();
        let provider = photographer(&app).await;
        let (_, client) = member(&app, "camille@example.fr", Role::Client).await;
        let day = tuesday(&app, 40);
        let month = &day[..7];
        let input = NewBooking {
            provider_id: provider.sub.clone(),
            service: "Séance portrait".into(),
            date: day.clone(),
            start: Some("10:00".into()),
            ..Default::default()
        };
        book::run(&app, &client, input).await.unwrap();
        let sessions = run(&app, &provider.sub, "séance portrait", month)
            .await
            .unwrap();
        let that = sessions.iter().find(|d| d.date == day).unwrap();
        assert!(that.free);
        // 09:00 to 11:00 would reach the 10:00 session (or its buffer), with their own.
        for taken in ["09:00", "09:30", "10:00", "10:30", "11:00"] {
            assert!(!that.starts.contains(&taken.to_owned()), "{taken}");
        }
        assert_eq!(that.starts.first().map(String::as_str), Some("11:30"));
        assert_eq!(that.starts.last().map(String::as_str), Some("18:00"));
        let any = run(&app, &provider.sub, "", month).await.unwrap();
        assert!(
            !any.iter().find(|d| d.date == day).unwrap().free,
            "not wholly free"
        );
        let whole = run(&app, &provider.sub, "Reportage journée", month)
            .await
            .unwrap();
        assert!(
            !whole.iter().find(|d| d.date == day).unwrap().free,
            "a day with a session"
        );
        assert!(whole.iter().filter(|d| d.free).all(|d| d.starts.is_empty()));
        assert_eq!(
            run(&app, &provider.sub, "Mariage", month)
                .await
                .unwrap_err()
                .code,
            "unknown_service"
        );
        assert_eq!(
            run(&app, &provider.sub, "Reportage journée", "2026-13")
                .await
                .unwrap_err()
                .code,
            "invalid_field"
        );
    }

    #[tokio::test]
    async fn the_calendars_last_month_ends() {
        let app = testing::app();
        let provider = photographer(&app).await;
        let days = run(&app, &provider.sub, "", "9999-12").await.unwrap();
        assert_eq!(days.len(), 31);
        assert_eq!(days.last().unwrap().date, "9999-12-31");
    }
}
