//! Lambda function `projects-sweep`: hourly (an EventBridge schedule), the projects whose
//! day is past become done (`estrade::projects::sweep`).

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    estrade::lambda::serve_projects_sweep().await
}
