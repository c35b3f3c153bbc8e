//! The one error type every handler returns; it always becomes a clean JSON response.

use serde_json::json;

/// An error answered as `{"error": {"code", "message"}}` with its HTTP status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: u16,
    pub code: &'static str,
    pub message: String,
    /// Seconds, for 429 answers.
    pub retry_after: Option<i64>,
}

impl ApiError {
    pub fn new(status: u16, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
            retry_after: None,
        }
    }
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(400, code, message)
    }
    pub fn invalid_field(field: &str, message: impl std::fmt::Display) -> Self {
        Self::new(400, "invalid_field", format!("{field}: {message}"))
    }
    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(401, "unauthorized", message)
    }
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(403, "forbidden", message)
    }
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(404, "not_found", message)
    }
    pub fn conflict(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(409, code, message)
    }
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        tracing::error!(%cause, "internal error");
        Self::new(500, "internal", "internal error, please retry later")
    }

    pub fn body(&self) -> serde_json::Value {
        json!({"error": {"code": self.code, "message": self.message}})
    }
}

impl From<crate::ports::StoreError> for ApiError {
    fn from(e: crate::ports::StoreError) -> Self {
        match e {
            crate::ports::StoreError::InvalidCursor => {
                ApiError::bad_request("invalid_cursor", "the cursor is not valid for this list")
            }
            other => ApiError::internal(other),
        }
    }
}

impl From<crate::ports::MailError> for ApiError {
    fn from(e: crate::ports::MailError) -> Self {
        ApiError::internal(e)
    }
}
