//! Lambda function `gallery-preview`: S3 "Object Created" events of gallery originals
//! (through EventBridge) → the file checked and its previews made
//! (`estrade::galleries::landing`).

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    estrade::lambda::serve_gallery_preview().await
}
