//! One booking (`GET /api/bookings/{id}`, function `calendar-read`), to its client or its
//! provider; 404 to anyone else. One GetItem.

use super::model::{self, Booking};
use crate::app::App;
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use serde_json::json;

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let caller = req.auth(app).await?;
    let booking = run(app, &caller.sub, req.param("id")).await?;
    Ok(Reply::ok(json!({"booking": booking.view(app.clock.now())})))
}

pub async fn run(app: &App, user_id: &str, id: &str) -> Result<Booking, Error> {
    model::load(app, id, user_id).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Role;
    use crate::error::Kind;
    use crate::testing::{self, member, photographer, tuesday};

    use crate::calendar::book::{self, NewBooking};

    #[tokio::test]
    async fn only_its_two_sides_read_a_booking() {
        let app = testing::app();
        let provider = photographer(&app).await;
        let (_, client) = member(&app, "camille@example.fr", Role::Client).await;
        let (_, stranger) = member(&app, "sam@example.fr", Role::Client).await;
        let input = NewBooking {
            provider_id: provider.sub.clone(),
            service: "Reportage journée".into(),
            date: tuesday(&app, 10),
            ..Default::default()
        };
        let booking = book::run(&app, &client, input).await.unwrap();
        assert_eq!(
            run(&app, &provider.sub, &booking.id).await.unwrap(),
            booking
        );
        assert_eq!(run(&app, &client.sub, &booking.id).await.unwrap(), booking);
        assert_eq!(
            run(&app, &stranger.sub, &booking.id)
                .await
                .unwrap_err()
                .kind,
            Kind::NotFound
        );
        assert_eq!(
            run(&app, &client.sub, "garbage").await.unwrap_err().kind,
            Kind::NotFound
        );
    }
}
