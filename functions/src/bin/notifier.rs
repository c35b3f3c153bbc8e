//! Lambda function `notifier`: the table's DynamoDB stream → live pushes and emails
//! (`estrade::notifier`).

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    estrade::lambda::serve_notifier().await
}
