//! Lambda function `search-reindex`, invoked by hand: rebuilds the search entries of every
//! listed provider (`estrade::search::index::rebuild`).

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    estrade::lambda::serve_search_reindex().await
}
