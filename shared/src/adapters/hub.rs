//! Embedded live push: the local gateway's in-process WebSocket hub. The gateway registers
//! each WebSocket it accepts and forwards what the receiver yields; use cases push through
//! [`LivePush`] as they would through API Gateway.

use crate::ports::{LivePush, PushError};
use async_trait::async_trait;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

/// Live connections by id. Cloning is cheap and shares the connections.
#[derive(Clone, Default)]
pub struct Hub {
    connections: Arc<Mutex<HashMap<String, UnboundedSender<Value>>>>,
}

impl Hub {
    pub fn new() -> Self {
        Self::default()
    }

    /// A new connection: its id, and the receiver of the payloads pushed to it.
    pub fn register(&self) -> (String, UnboundedReceiver<Value>) {
        let (tx, rx) = unbounded_channel();
        let id = uuid::Uuid::new_v4().to_string();
        self.lock().insert(id.clone(), tx);
        (id, rx)
    }

    /// Forgets a connection (when its WebSocket closes).
    pub fn unregister(&self, id: &str) {
        self.lock().remove(id);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, UnboundedSender<Value>>> {
        // The map stays consistent even if a holder panicked: no invariant spans two calls.
        self.connections
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[async_trait]
impl LivePush for Hub {
    /// Unknown connections and those whose receiver is dropped are [`PushError::Gone`].
    async fn push(&self, connection_id: &str, payload: &Value) -> Result<(), PushError> {
        let mut connections = self.lock();
        let sender = connections.get(connection_id).ok_or(PushError::Gone)?;
        if sender.send(payload.clone()).is_err() {
            connections.remove(connection_id);
            return Err(PushError::Gone);
        }
        Ok(())
    }

    /// Drops the connection's sender: the gateway's relay sees the end and closes the socket.
    async fn close(&self, connection_id: &str) -> Result<(), PushError> {
        self.lock()
            .remove(connection_id)
            .map(drop)
            .ok_or(PushError::Gone)
    }
}
