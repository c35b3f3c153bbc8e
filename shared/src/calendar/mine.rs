//! A client's bookings, by day (`GET /api/me/bookings`, function `calendar-read`): one
//! Query of its partition.

use super::model::Booking;
use crate::app::App;
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use crate::keys;
use crate::ports::{Query, SortKey};
use serde_json::json;

/// Bookings listed at once.
pub const PAGE: usize = 200;

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let caller = req.auth(app).await?;
    let bookings = run(app, &caller.sub).await?;
    let now = app.clock.now();
    let bookings: Vec<_> = bookings.iter().map(|b| b.view(now)).collect();
    Ok(Reply::ok(json!({ "bookings": bookings })))
}

pub async fn run(app: &App, client_id: &str) -> Result<Vec<Booking>, Error> {
    let page = app
        .table
        .query(
            Query::partition(keys::booking(client_id, "", "").pk)
                .sort(SortKey::BeginsWith(keys::BOOKINGS.into()))
                .limit(PAGE),
        )
        .await?;
    page.items.into_iter().map(Booking::from_item).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Role;
    use crate::testing::{self, member, photographer, tuesday};

    use crate::calendar::book::{self, NewBooking};

    #[tokio::test]
    async fn a_client_lists_its_bookings_by_day() {
        let app = testing::app();
        let provider = photographer(&app).await;
        let (_, client) = member(&app, "camille@example.fr", Role::Client).await;
        for days in [20, 10] {
            let input = NewBooking {
                provider_id: provider.sub.clone(),
                service: "Reportage journée".into(),
                date: tuesday(&app, days),
                ..Default::default()
            };
            book::run(&app, &client, input).await.unwrap();
        }
        let listed = run(&app, &client.sub).await.unwrap();
        let dates: Vec<_> = listed.iter().map(|b| b.date.clone()).collect();
        assert_eq!(dates, [tuesday(&app, 10), tuesday(&app, 20)]);
        assert!(run(&app, &provider.sub).await.unwrap().is_empty());
    }
}
