//! Production live push: API Gateway Management API `PostToConnection`.
//!
//! The client's endpoint is the WebSocket API's callback URL, in AWS
//! `https://{api-id}.execute-api.{region}.amazonaws.com/{stage}` (set with
//! `aws_sdk_apigatewaymanagement::config::Builder::endpoint_url`); against moto it is the
//! server's URL with no stage path.

use crate::ports::{LivePush, PushError};
use async_trait::async_trait;
use aws_sdk_apigatewaymanagement::error::{DisplayErrorContext, SdkError};
use aws_sdk_apigatewaymanagement::primitives::Blob;

/// Pushes JSON payloads to WebSocket connections of one API Gateway stage.
pub struct ApiGatewayPush {
    pub client: aws_sdk_apigatewaymanagement::Client,
}

#[async_trait]
impl LivePush for ApiGatewayPush {
    /// A `GoneException` (410: the connection closed) is [`PushError::Gone`].
    async fn push(
        &self,
        connection_id: &str,
        payload: &serde_json::Value,
    ) -> Result<(), PushError> {
        let data =
            serde_json::to_vec(payload).map_err(|e| PushError::Unavailable(e.to_string()))?;
        let sent = self
            .client
            .post_to_connection()
            .connection_id(connection_id)
            .data(Blob::new(data))
            .send()
            .await;
        outcome(sent, |e| e.is_gone_exception())
    }

    /// `DeleteConnection`; a `GoneException` is [`PushError::Gone`].
    async fn close(&self, connection_id: &str) -> Result<(), PushError> {
        let deleted = self
            .client
            .delete_connection()
            .connection_id(connection_id)
            .send()
            .await;
        outcome(deleted, |e| e.is_gone_exception())
    }
}

/// A call's outcome: a `GoneException` (`gone`) is [`PushError::Gone`], any other failure
/// [`PushError::Unavailable`].
fn outcome<T, E, R>(
    result: Result<T, SdkError<E, R>>,
    gone: impl Fn(&E) -> bool,
) -> Result<(), PushError>
where
    E: std::error::Error + 'static,
    R: std::fmt::Debug,
{
    match result {
        Ok(_) => Ok(()),
        Err(e) if e.as_service_error().is_some_and(gone) => Err(PushError::Gone),
        Err(e) => Err(PushError::Unavailable(DisplayErrorContext(e).to_string())),
    }
}
