//! Lambda function `ws-connect`: the WebSocket API's `$connect` route.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    estrade::lambda::serve_ws(estrade::lambda::WsRoute::Connect).await
}
