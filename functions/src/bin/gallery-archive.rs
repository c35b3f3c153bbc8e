//! Lambda function `gallery-archive`: the table's DynamoDB stream (filtered to archives
//! being built) → ZIP archives streamed into storage (`estrade::galleries::build`).

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    estrade::lambda::serve_gallery_archive().await
}
