//! Lambda function `calendar-sync`: every 15 minutes (an EventBridge schedule), reads the
//! providers' imported calendars again (`estrade::calendar::imports`).

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    estrade::lambda::serve_calendar_sync().await
}
