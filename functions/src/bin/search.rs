//! Lambda function `search`: serves the routes the route table gives it
//! (`estrade::api::routes`): the provider search and the city autocomplete.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    // Parse the embedded communes (~15 ms) in the init phase, not in the first request.
    estrade::places::preload();
    estrade::lambda::serve_http("search").await
}
