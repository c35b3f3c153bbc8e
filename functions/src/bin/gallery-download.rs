//! Lambda function `gallery-download`: serves the routes the route table gives it
//! (`estrade::api::routes`).

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    estrade::lambda::serve_http("gallery-download").await
}
