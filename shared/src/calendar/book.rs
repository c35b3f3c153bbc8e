//! Book a provider's service on its calendar (function `book-service`): a client picks a
//! service, a day (and a start time for a session) and writes a message.
//!
//! An instant service is confirmed at once; any other holds its time for the provider's
//! `hold_hours`, until the provider confirms or declines; a hold past its time frees it.
//!
//! One transaction, whose conditions keep one invariant per provider and day, across all
//! of its services and its event requests (`super::model`):
//! 0. the booking is put (on condition that its id is new);
//! 1. a whole day: the day item, on condition that the day is free (no live hold, no
//!    booking, no event's booking, no live session): else 409 `date_taken`;
//!    a session: the day marked as holding sessions, on condition that it is not taken
//!    whole (else 409 `date_taken`), then 2… each slot of the session and its buffer, on
//!    condition that it is free (else 409 `slot_taken`).
//!
//! The booking also gives the provider a contact grant (`crate::profiles::grant`), and an
//! instant booking opens its project in the same transaction (`crate::projects::open`).
//!
//! Table calls: 2 GetItem (the provider's profile with its rules and services, the
//! client's profile) + 1 TransactWriteItems; for a whole day on a day whose sessions are
//! all gone, 1 GetItem + 1 Query more and the transaction again.

use super::day::{self, Day};
use super::model::{self, Booking, State};
use super::provider::Offer;
use super::rules::{self, Rules};
use super::{RETRY, day_items};
use crate::app::App;
use crate::auth::Role;
use crate::auth::secrets;
use crate::auth::tokens::AccessClaims;
use crate::dates;
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use crate::messaging::model::id;
use crate::messaging::start::client_name;
use crate::ports::{Condition, StoreError, TxOp};
use crate::profiles::grant;
use crate::profiles::model::BookingKind;
use crate::projects::{
    self,
    model::{Actor, Project},
};
use crate::validate;
use serde::Deserialize;
use serde_json::json;

/// Longest message, in characters.
pub const MAX_MESSAGE: usize = 2000;

/// The body of `POST /api/bookings`, and the rule's input.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewBooking {
    pub provider_id: String,
    /// The service's name, as the provider's profile lists it (any case).
    pub service: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// `HH:MM`, for a session only.
    #[serde(default)]
    pub start: Option<String>,
    #[serde(default)]
    pub message: String,
}

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let caller = req.auth(app).await?;
    let booking = run(app, &caller, req.json()?).await?;
    let now = app.clock.now();
    Ok(Reply::json(201, json!({"booking": booking.view(now)})))
}

pub async fn run(app: &App, caller: &AccessClaims, input: NewBooking) -> Result<Booking, Error> {
    if caller.role != Role::Client {
        return Err(Error::forbidden("only clients book services"));
    }
    let provider_id = id("provider_id", &input.provider_id)?;
    let message = validate::text("message", &input.message, 0, MAX_MESSAGE)?;
    let date = dates::date("date", &input.date)?;
    let offer = Offer::of(app, &provider_id).await?;
    let service = offer.service(&input.service)?.clone();
    let (provider_name, rules) = (offer.profile.stage_name, offer.rules);
    let now = app.clock.now();
    let hours = rules.open(date, dates::today(now))?.clone();
    let day = Day::of(date);
    let (start, end, slots) = match (service.booking, input.start.as_deref()) {
        (BookingKind::WholeDay, None) => (None, None, Vec::new()),
        (BookingKind::WholeDay, Some(_)) => {
            return Err(Error::invalid_field(
                "start",
                "a whole-day service takes no start time",
            ));
        }
        (BookingKind::Session { .. }, None) => {
            return Err(Error::invalid_field("start", "required for a session"));
        }
        (
            BookingKind::Session {
                minutes,
                buffer_minutes,
            },
            Some(start),
        ) => {
            let at = day.at(rules::wall(start)?)?;
            let minutes = i64::from(minutes);
            if !rules.starts(&day, &hours, minutes).contains(&at) {
                return Err(off_grid(&rules, &hours, start));
            }
            let end = at + minutes;
            let held = day::slots(at, end + i64::from(buffer_minutes), day.minutes);
            (Some(at), Some(end), held)
        }
    };
    let client_name = client_name(app, &caller.sub).await?;
    let date_text = date.to_string();
    let instant = service.instant;
    let booking = Booking {
        id: format!("{}.{}.{}", caller.sub, date_text, &secrets::new_id()[..12]),
        client_id: caller.sub.clone(),
        provider_id,
        client_name,
        provider_name,
        service: service.name,
        price_cents: service.price_cents,
        kind: service.booking,
        date: date_text,
        start: start.map(|m| day.wall(m)),
        end: end.map(|m| day.wall(m)),
        starts_at: day.instant(start.unwrap_or(0)),
        ends_at: day.instant(end.unwrap_or(day.minutes)),
        slots,
        message,
        state: if instant {
            State::Confirmed
        } else {
            State::Held
        },
        hold_until: (!instant).then(|| now + i64::from(rules.hold_hours) * 3600),
        created_at: now,
        answered_at: instant.then_some(now),
        cancelled_at: None,
        cancelled_by: None,
        reason: None,
        sequence: 0,
        project_id: None,
    };
    let project = instant.then(|| projects::open::from_booking(&booking, now));
    let mut booking = booking;
    booking.project_id = project.as_ref().map(|p| p.id.clone());
    write(app, &booking, project.as_ref(), now).await?;
    Ok(booking)
}

fn off_grid(rules: &Rules, hours: &rules::Hours, start: &str) -> Error {
    Error::invalid(
        "off_grid",
        format!(
            "{start} is not a start time: sessions start every {} minutes from {} and end by {}",
            rules.step_minutes, hours.start, hours.end
        ),
    )
}

/// The transaction (see the module documentation): again when a whole day finds its
/// sessions marker stale, or after DynamoDB cancelled it for a concurrent write.
async fn write(
    app: &App,
    booking: &Booking,
    project: Option<&Project>,
    now: i64,
) -> Result<(), Error> {
    let mut stale_gen = None;
    for attempt in RETRY.attempts() {
        let mut ops = vec![TxOp::Put {
            item: booking.item(),
            condition: Some(Condition::NotExists),
        }];
        ops.extend(model::hold_ops(booking, now, stale_gen));
        // Booking a provider lets it write to the client, as writing to it first does.
        let (client, provider) = (&booking.client_id, &booking.provider_id);
        ops.extend(grant::ops(client, &booking.client_name, provider, now));
        if let Some(project) = project {
            ops.extend(project.open_ops(Actor::Client));
        }
        match app.table.transact(ops).await {
            Ok(()) => return Ok(()),
            Err(StoreError::TransactionCancelled { failed }) => {
                match (booking.kind, failed.iter().position(|f| *f)) {
                    (_, Some(0)) => return Err(Error::internal("a booking id was drawn twice")),
                    (BookingKind::WholeDay, _) if stale_gen.is_none() => {
                        let (provider, date) = (&booking.provider_id, &booking.date);
                        stale_gen = day_items::stale_sessions(app, provider, date, now).await?;
                        if stale_gen.is_none() {
                            return Err(date_taken(date));
                        }
                    }
                    (BookingKind::WholeDay, _) | (_, Some(1)) => {
                        return Err(date_taken(&booking.date));
                    }
                    _ => {
                        return Err(Error::conflict(
                            "slot_taken",
                            "this time is no longer free: choose another start",
                        ));
                    }
                }
            }
            Err(StoreError::Unavailable(cause)) => {
                tracing::warn!(%cause, attempt, "booking retried");
                RETRY.pause(attempt).await;
            }
            Err(e) => return Err(e.into()),
        }
    }
    Err(RETRY.busy())
}

pub fn date_taken(date: &str) -> Error {
    Error::conflict("date_taken", format!("this provider is not free on {date}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Role;
    use crate::error::Kind;
    use crate::testing::{self, member, photographer, tuesday};

    /// A booking of the photographer's `service` on `date` (at `start` for a session).
    fn ask(provider: &str, service: &str, date: &str, start: Option<&str>) -> NewBooking {
        NewBooking {
            provider_id: provider.into(),
            service: service.into(),
            date: date.into(),
            start: start.map(str::to_owned),
            message: "Bonjour !".into(),
        }
    }

    #[tokio::test]
    async fn a_whole_day_excludes_everything_else_that_day() {
        let app = testing::app();
        let provider = photographer(&app).await;
        let (_, client) = member(&app, "camille@example.fr", Role::Client).await;
        let (_, other) = member(&app, "sam@example.fr", Role::Client).await;
        let day = tuesday(&app, 10);
        let held = run(
            &app,
            &client,
            ask(&provider.sub, "reportage JOURNÉE", &day, None),
        )
        .await
        .unwrap();
        assert_eq!(
            (held.state, held.service.as_str()),
            (State::Held, "Reportage journée")
        );
        assert_eq!(held.hold_until, Some(app.clock.now() + 48 * 3600));
        for (service, start) in [
            ("Reportage journée", None),
            ("Séance portrait", Some("10:00")),
        ] {
            let refused = run(&app, &other, ask(&provider.sub, service, &day, start)).await;
            assert_eq!(refused.unwrap_err().code, "date_taken", "{service}");
        }
    }

    #[tokio::test]
    async fn sessions_never_overlap_buffers_included() {
        let app = testing::app();
        let provider = photographer(&app).await;
        let (_, client) = member(&app, "camille@example.fr", Role::Client).await;
        let day = tuesday(&app, 10);
        let book = |start: &'static str| {
            run(
                &app,
                &client,
                ask(&provider.sub, "Séance portrait", &day, Some(start)),
            )
        };
        let first = book("10:00").await.unwrap();
        assert_eq!(
            (first.start.as_deref(), first.end.as_deref()),
            (Some("10:00"), Some("11:00"))
        );
        assert_eq!(first.slots.len(), 6, "an hour and its half-hour buffer");
        assert_eq!(book("10:30").await.unwrap_err().code, "slot_taken");
        assert_eq!(
            book("11:00").await.unwrap_err().code,
            "slot_taken",
            "the buffer"
        );
        assert_eq!(
            book("09:00").await.unwrap_err().code,
            "slot_taken",
            "its buffer"
        );
        assert!(book("11:30").await.is_ok());
        let whole = run(
            &app,
            &client,
            ask(&provider.sub, "Reportage journée", &day, None),
        )
        .await;
        assert_eq!(whole.unwrap_err().code, "date_taken");
    }

    #[tokio::test]
    async fn bad_input_gets_a_code_and_writes_nothing() {
        let app = testing::app();
        let provider = photographer(&app).await;
        let (_, client) = member(&app, "camille@example.fr", Role::Client).await;
        let day = tuesday(&app, 10);
        let sunday = crate::dates::add_days(day.parse().unwrap(), 5).to_string();
        let cases = [
            (
                ask(&provider.sub, "Séance portrait", &day, Some("10:10")),
                "off_grid",
            ),
            (
                ask(&provider.sub, "Séance portrait", &day, Some("18:30")),
                "off_grid",
            ),
            (
                ask(&provider.sub, "Séance portrait", &day, Some("25:00")),
                "invalid_field",
            ),
            (
                ask(&provider.sub, "Séance portrait", &day, None),
                "invalid_field",
            ),
            (
                ask(&provider.sub, "Reportage journée", &day, Some("10:00")),
                "invalid_field",
            ),
            (ask(&provider.sub, "Mariage", &day, None), "unknown_service"),
            (
                ask(&provider.sub, "Reportage journée", &sunday, None),
                "day_off",
            ),
            (
                ask(
                    &provider.sub,
                    "Reportage journée",
                    &tuesday(&app, -30),
                    None,
                ),
                "date_past",
            ),
            (
                ask(
                    &provider.sub,
                    "Reportage journée",
                    &tuesday(&app, 400),
                    None,
                ),
                "beyond_horizon",
            ),
            (
                ask(&provider.sub, "Reportage journée", "2026-02-30", None),
                "invalid_field",
            ),
        ];
        for (input, code) in cases {
            let refused = run(&app, &client, input).await.unwrap_err();
            assert_eq!((refused.kind, refused.code), (Kind::Invalid, code));
        }
        assert!(
            super::super::mine::run(&app, &client.sub)
                .await
                .unwrap()
                .is_empty()
        );
        let by_provider = run(
            &app,
            &provider,
            ask(&provider.sub, "Reportage journée", &day, None),
        )
        .await;
        assert_eq!(by_provider.unwrap_err().kind, Kind::Forbidden);
        let unknown = run(
            &app,
            &client,
            ask("nobody", "Reportage journée", &day, None),
        )
        .await;
        assert_eq!(unknown.unwrap_err().kind, Kind::NotFound);
    }

    #[tokio::test]
    async fn an_expired_hold_frees_its_day() {
        let app = testing::app();
        let provider = photographer(&app).await;
        let (_, client) = member(&app, "camille@example.fr", Role::Client).await;
        let (_, other) = member(&app, "sam@example.fr", Role::Client).await;
        let day = tuesday(&app, 10);
        let held = run(
            &app,
            &client,
            ask(&provider.sub, "Reportage journée", &day, None),
        )
        .await
        .unwrap();
        app.advance(48 * 3600);
        assert_eq!(held.shown_state(app.clock.now()), State::Expired);
        let next = run(
            &app,
            &other,
            ask(&provider.sub, "Reportage journée", &day, None),
        )
        .await;
        assert_eq!(next.unwrap().state, State::Held);
    }
}
