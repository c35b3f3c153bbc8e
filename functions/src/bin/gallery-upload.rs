//! Lambda function `gallery-upload`: serves the routes the route table gives it
//! (`estrade::api::routes`).

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    estrade::lambda::serve_http("gallery-upload").await
}
