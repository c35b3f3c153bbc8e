//! The provider's space (`GET /api/me/dashboard`): its projects by status, its upcoming
//! dates, the booking requests and event requests waiting for its answer, the contracts
//! waiting for its signature, and its clients (those who wrote to it or invited it) with
//! their projects.
//!
//! Table calls: 4 Query (its projects, its calendar from today, its pending requests
//! (up to 5), its clients).

use super::model::{self, Actor, Project};
use super::status::Status;
use crate::app::App;
use crate::auth::Role;
use crate::auth::tokens::AccessClaims;
use crate::calendar::model::State as BookingState;
use crate::calendar::provider;
use crate::dates;
use crate::error::Error;
use crate::events::requests::{self, Filter};
use crate::http::{ApiError, Reply, Req};
use crate::keys;
use crate::ports::table::{Query, SortKey};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::BTreeMap;

/// A client of the provider.
#[derive(Debug, Serialize, Deserialize)]
pub struct Client {
    pub client_id: String,
    pub client_name: String,
    pub since: i64,
}

#[derive(Debug)]
pub struct Dashboard {
    pub projects: Vec<Project>,
    pub today: String,
    pub bookings: Vec<crate::calendar::model::Booking>,
    pub requests: Vec<crate::events::model::Request>,
    pub clients: Vec<Client>,
}

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let caller = req.auth(app).await?;
    let d = run(app, &caller).await?;
    let now = app.clock.now();
    let mut by_status: BTreeMap<&str, Vec<_>> = BTreeMap::new();
    for p in &d.projects {
        by_status
            .entry(p.status.as_str())
            .or_default()
            .push(view(p));
    }
    let live = |p: &&Project| !matches!(p.status, Status::Cancelled);
    let upcoming: Vec<_> = d
        .projects
        .iter()
        .filter(live)
        .filter(|p| p.date >= d.today)
        .take(10)
        .map(view)
        .collect();
    let to_sign: Vec<_> = d
        .projects
        .iter()
        .filter(|p| p.awaiting_signature == Some(Actor::Provider))
        .map(view)
        .collect();
    let clients: Vec<_> = d
        .clients
        .iter()
        .map(|c| {
            let theirs: Vec<_> = d
                .projects
                .iter()
                .filter(|p| p.client_id == c.client_id)
                .map(view)
                .collect();
            json!({"client_id": c.client_id, "client_name": c.client_name, "since": c.since, "projects": theirs})
        })
        .collect();
    let bookings: Vec<_> = d.bookings.iter().map(|b| b.view(now)).collect();
    let requests: Vec<_> = d.requests.iter().map(|r| r.view(now)).collect();
    Ok(Reply::ok(json!({
        "projects_by_status": by_status,
        "upcoming": upcoming,
        "booking_requests": bookings,
        "event_requests": requests,
        "contracts_to_sign": to_sign,
        "clients": clients,
    })))
}

fn view(p: &Project) -> super::view::ProjectView<'_> {
    p.view(Actor::Provider)
}

pub async fn run(app: &App, caller: &AccessClaims) -> Result<Dashboard, Error> {
    if caller.role != Role::Provider {
        return Err(Error::forbidden("the dashboard is the providers' space"));
    }
    let provider_id = &caller.sub;
    let now = app.clock.now();
    let today = dates::today(now).to_string();
    let projects = model::of_provider(app, provider_id).await?;
    let bookings = provider::bookings(app, provider_id, &today, None, 200)
        .await?
        .into_iter()
        .filter(|b| b.shown_state(now) == BookingState::Held)
        .collect();
    let requests = requests::run(app, provider_id, Filter::Pending, None)
        .await?
        .requests;
    let query = Query::partition(format!("USER#{provider_id}"))
        .sort(SortKey::BeginsWith(keys::CLIENTS.into()))
        .limit(200);
    let clients = app
        .table
        .query(query)
        .await?
        .items
        .into_iter()
        .map(crate::items::record)
        .collect::<Result<Vec<Client>, Error>>()?;

    Ok(Dashboard {
        projects,
        today,
        bookings,
        requests,
        clients,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::book::{self, NewBooking};
    use crate::testing::{self, confirmed_project, tuesday};

    #[tokio::test]
    async fn the_provider_sees_its_projects_requests_and_clients() {
        let app = testing::app();
        let (provider, client, project) = confirmed_project(&app).await;
        // A second booking, still waiting for the provider's answer.
        let input = NewBooking {
            provider_id: provider.sub.clone(),
            service: "Reportage journée".into(),
            date: tuesday(&app, 21),
            ..Default::default()
        };
        book::run(&app, &client, input).await.unwrap();
        // Booking it made the client one of the provider's clients (a contact grant).
        let d = run(&app, &provider).await.unwrap();
        assert_eq!(d.projects.len(), 1);
        assert_eq!(d.projects[0].id, project.id);
        assert_eq!(d.bookings.len(), 1, "the booking waiting for an answer");
        assert_eq!(d.clients.len(), 1);
        assert_eq!(d.clients[0].client_id, client.sub);
        assert_eq!(
            run(&app, &client).await.unwrap_err().kind,
            crate::error::Kind::Forbidden
        );
    }
}
