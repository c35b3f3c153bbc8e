//! Lambda function `contract-pdf`: the table's DynamoDB stream (filtered to contracts) →
//! the signed contract's PDF (`estrade::contracts::render`).

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    estrade::lambda::serve_contract_pdf().await
}
