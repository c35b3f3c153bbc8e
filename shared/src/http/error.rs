//! How an error is answered over HTTP: the status of each error kind and the JSON
//! shape `{"error": {"code", "message"}}`. The only place that knows statuses.

use crate::error::{Error, Kind};
use serde_json::json;

/// An error as the HTTP API answers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: u16,
    pub code: &'static str,
    pub message: String,
    /// Seconds, for 429 and 503 answers.
    pub retry_after: Option<i64>,
    /// What an internal error hides from the caller, for the router's log line.
    pub cause: Option<String>,
}

impl ApiError {
    /// An answer of the HTTP layer itself (routing, media type, body size).
    pub fn new(status: u16, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
            retry_after: None,
            cause: None,
        }
    }

    pub fn body(&self) -> serde_json::Value {
        json!({"error": {"code": self.code, "message": self.message}})
    }
}

/// The HTTP status of an error kind.
pub fn status(kind: Kind) -> u16 {
    match kind {
        Kind::Invalid => 400,
        Kind::Unauthorized => 401,
        Kind::Forbidden => 403,
        Kind::NotFound => 404,
        Kind::Conflict => 409,
        Kind::Gone => 410,
        Kind::TooMany { .. } => 429,
        Kind::Internal => 500,
        Kind::Busy { .. } => 503,
    }
}

impl From<Error> for ApiError {
    fn from(error: Error) -> Self {
        let mut answer = ApiError::new(status(error.kind), error.code, error.message);
        match error.kind {
            Kind::TooMany { retry_after } | Kind::Busy { retry_after } => {
                answer.retry_after = Some(retry_after);
            }
            Kind::Internal => {
                answer.cause = Some(std::mem::replace(
                    &mut answer.message,
                    "internal error, please retry later".to_owned(),
                ));
            }
            _ => {}
        }
        answer
    }
}
