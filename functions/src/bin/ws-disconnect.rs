//! Lambda function `ws-disconnect`: the WebSocket API's `$disconnect` route.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    estrade::lambda::serve_ws(estrade::lambda::WsRoute::Disconnect).await
}
