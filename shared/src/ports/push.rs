//! The live-push port: deliver a JSON payload to one WebSocket connection.

use async_trait::async_trait;

#[derive(Debug, thiserror::Error)]
pub enum PushError {
    /// The connection no longer exists; the caller deletes its record.
    #[error("connection gone")]
    Gone,
    #[error("push unavailable: {0}")]
    Unavailable(String),
}

#[async_trait]
pub trait LivePush: Send + Sync {
    async fn push(&self, connection_id: &str, payload: &serde_json::Value)
    -> Result<(), PushError>;

    /// Closes one connection (the user logged out or reset the password); a connection
    /// already gone is [`PushError::Gone`].
    async fn close(&self, connection_id: &str) -> Result<(), PushError>;
}
