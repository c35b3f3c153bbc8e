//! Answer a request (function `answer-request`): the invited provider accepts it,
//! declines it (with an optional reason) or quotes a price (what it includes, and the
//! last day the quote holds).
//!
//! Only the request's provider answers it; to anyone else it does not exist (404). One
//! conditional update: the request must still be `pending` and not expired, so
//! answering a request that is answered, closed (the event was cancelled, another
//! provider was booked) or expired is 409 `request_closed`.
//!
//! Table calls: 1 UpdateItem (+ 1 GetItem when refused, to tell 404 from 409).

use super::model::{self, Request, State};
use crate::app::App;
use crate::dates;
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use crate::keys;
use crate::messaging::model::is_id;
use crate::ports::StoreError;
use crate::ports::table::{Condition, Update};
use crate::profiles::model::MAX_PRICE_CENTS;
use crate::validate;
use serde::Deserialize;
use serde_json::json;

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    Accept,
    Decline,
    Quote,
}

/// The body of `POST /api/events/{id}/requests/{provider_id}/answer`, and the rule's
/// input.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    pub action: Action,
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(default)]
    pub price_cents: Option<u64>,
    #[serde(default)]
    pub included: Option<String>,
    #[serde(default)]
    pub valid_until: Option<String>,
}

impl Answer {
    pub fn new(action: Action) -> Self {
        Answer {
            action,
            reason: None,
            price_cents: None,
            included: None,
            valid_until: None,
        }
    }
}

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let caller = req.auth(app).await?;
    let (event_id, provider_id) = (req.param("id"), req.param("provider_id"));
    // Anyone but the request's provider gets 404 before the body is read.
    answerable(&caller.sub, event_id, provider_id)?;
    let request = run(app, &caller.sub, event_id, provider_id, req.json()?).await?;
    Ok(Reply::ok(json!({"request": request.view(app.clock.now())})))
}

/// Only the request's provider answers it.
fn answerable(caller: &str, event_id: &str, provider_id: &str) -> Result<(), Error> {
    if caller != provider_id || !is_id(event_id) {
        return Err(model::request_not_found());
    }
    Ok(())
}

/// The caller answers the request of `provider_id` for the event, which must be its own;
/// returns the request as written.
pub async fn run(
    app: &App,
    caller: &str,
    event_id: &str,
    provider_id: &str,
    answer: Answer,
) -> Result<Request, Error> {
    answerable(caller, event_id, provider_id)?;
    let now = app.clock.now();
    let update = changes(answer, now)?.set("answered_at", now);
    let key = keys::request(event_id, provider_id);
    let pending = Condition::And(vec![
        Condition::Equals("state".into(), State::Pending.as_str().into()),
        Condition::GreaterThan("expires_at".into(), now),
    ]);
    match app.table.update(&key, update, Some(pending)).await {
        Ok(item) => Request::from_item(item),
        Err(StoreError::ConditionFailed) => match app.table.get(&key).await? {
            Some(_) => Err(model::request_closed()),
            None => Err(model::request_not_found()),
        },
        Err(e) => Err(e.into()),
    }
}

/// The validated answer, as the update of the request.
fn changes(answer: Answer, now: i64) -> Result<Update, Error> {
    let misplaced = |field: &str, present: bool, action: &str| {
        present.then(|| Error::invalid_field(field, format!("only with action {action}")))
    };
    let quoting = matches!(answer.action, Action::Quote);
    let declining = matches!(answer.action, Action::Decline);
    let misplaced = [
        misplaced("reason", !declining && answer.reason.is_some(), "decline"),
        misplaced(
            "price_cents",
            !quoting && answer.price_cents.is_some(),
            "quote",
        ),
        misplaced("included", !quoting && answer.included.is_some(), "quote"),
        misplaced(
            "valid_until",
            !quoting && answer.valid_until.is_some(),
            "quote",
        ),
    ];
    if let Some(error) = misplaced.into_iter().flatten().next() {
        return Err(error);
    }
    Ok(match answer.action {
        Action::Accept => Update::default().set("state", State::Accepted.as_str()),
        Action::Decline => {
            let update = Update::default().set("state", State::Declined.as_str());
            match answer
                .reason
                .as_deref()
                .map(|r| validate::text("reason", r, 0, 1000))
            {
                Some(reason) => update.set("reason", reason?),
                None => update,
            }
        }
        Action::Quote => {
            let price = answer
                .price_cents
                .ok_or_else(|| Error::invalid_field("price_cents", "required to quote"))?;
            if price > MAX_PRICE_CENTS {
                return Err(Error::invalid_field("price_cents", "too high"));
            }
            let valid_until = answer
                .valid_until
                .ok_or_else(|| Error::invalid_field("valid_until", "required to quote"))?;
            dates::upcoming("valid_until", &valid_until, now)?;
            let included = answer.included.as_deref().unwrap_or_default();
            Update::default()
                .set("state", State::Quoted.as_str())
                .set("price_cents", price)
                .set("included", validate::text("included", included, 0, 2000)?)
                .set("quote_expires_at", dates::end_of(&valid_until)?)
                .set("valid_until", valid_until)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Role;
    use crate::error::Kind;
    use crate::testing::{self, invited, member};

    #[tokio::test]
    async fn the_provider_answers_once() {
        let app = testing::app();
        let (_, client) = member(&app, "camille@example.fr", Role::Client).await;
        let (_, provider) = member(&app, "trio@example.fr", Role::Provider).await;
        let event_id = invited(&app, &client, &provider).await;
        let mut quote = Answer::new(Action::Quote);
        quote.price_cents = Some(120_000);
        quote.valid_until = Some(testing::in_days(&app, 10));
        let quoted = run(&app, &provider.sub, &event_id, &provider.sub, quote)
            .await
            .unwrap();
        assert_eq!(
            (quoted.state, quoted.price_cents),
            (State::Quoted, Some(120_000))
        );
        let late = run(
            &app,
            &provider.sub,
            &event_id,
            &provider.sub,
            Answer::new(Action::Accept),
        )
        .await;
        assert_eq!(late.unwrap_err().code, "request_closed");
        let by_client = run(
            &app,
            &client.sub,
            &event_id,
            &provider.sub,
            Answer::new(Action::Accept),
        )
        .await;
        assert_eq!(by_client.unwrap_err().kind, Kind::NotFound);
    }
}
