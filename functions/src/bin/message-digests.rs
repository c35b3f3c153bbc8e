//! Lambda function `message-digests`: every five minutes (an EventBridge schedule), the
//! digests of message emails that are due go out (`estrade::notifier::digest`).

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    estrade::lambda::serve_message_digests().await
}
