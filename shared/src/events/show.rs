//! One event (`GET /api/events/{id}`, function `events-read`): its client gets
//! `{event, requests}`, an invited provider `{event, request}` (its own request only,
//! and the street address only once it accepted or is booked); to anyone else it does
//! not exist (404).
//!
//! Table calls: 1 Query (the event's partition).

use super::model::{self, Loaded, State};
use crate::app::App;
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use serde_json::json;

/// The event as the caller may read it.
#[derive(Debug)]
pub enum Shown {
    /// To its client: the event and all its requests.
    ToClient(Loaded),
    /// To an invited provider: the event and that provider's request.
    ToProvider(Loaded, String),
}

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let caller = req.auth(app).await?;
    let now = app.clock.now();
    Ok(Reply::ok(
        match run(app, &caller.sub, req.param("id")).await? {
            Shown::ToClient(loaded) => {
                let requests: Vec<_> = loaded.requests.iter().map(|r| r.view(now)).collect();
                json!({"event": loaded.event.view(), "requests": requests})
            }
            Shown::ToProvider(loaded, provider_id) => {
                let request = loaded
                    .request_of(&provider_id)
                    .expect("a provider is shown an event it has a request for");
                let with_address = matches!(request.state, State::Accepted | State::Booked);
                json!({
                    "event": loaded.event.view_for_provider(with_address),
                    "request": request.view(now),
                })
            }
        },
    ))
}

pub async fn run(app: &App, user_id: &str, event_id: &str) -> Result<Shown, Error> {
    let loaded = model::load(app, event_id)
        .await?
        .ok_or_else(model::event_not_found)?;
    if loaded.event.client_id == user_id {
        return Ok(Shown::ToClient(loaded));
    }
    loaded
        .request_of(user_id)
        .ok_or_else(model::event_not_found)?;
    Ok(Shown::ToProvider(loaded, user_id.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Role;
    use crate::error::Kind;
    use crate::testing::{self, invited, member};

    #[tokio::test]
    async fn the_client_sees_all_a_provider_its_own_a_stranger_nothing() {
        let app = testing::app();
        let (_, client) = member(&app, "camille@example.fr", Role::Client).await;
        let (_, provider) = member(&app, "trio@example.fr", Role::Provider).await;
        let (_, stranger) = member(&app, "dj@example.fr", Role::Provider).await;
        let event_id = invited(&app, &client, &provider).await;
        assert!(
            matches!(run(&app, &client.sub, &event_id).await.unwrap(), Shown::ToClient(l) if l.requests.len() == 1)
        );
        assert!(matches!(
            run(&app, &provider.sub, &event_id).await.unwrap(),
            Shown::ToProvider(..)
        ));
        let hidden = run(&app, &stranger.sub, &event_id).await;
        assert!(matches!(hidden, Err(e) if e.kind == Kind::NotFound));
    }
}
