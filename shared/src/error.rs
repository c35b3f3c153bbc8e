//! The library's one error type: what a rule, the notifier, live pushes, the search
//! index and the auth primitives return when they cannot do what was asked.
//!
//! It names what went wrong (its [`Kind`], a stable machine `code` and a message for
//! people), never how a transport answers it: `crate::http` maps a kind to an HTTP
//! status, the WebSocket routes to a connection status, the stream batch handler to a
//! retried record. Nothing logs when an error is made; the edge that answers it logs it
//! once (the router, the WebSocket routes, the change-feed followers).

use crate::ports::{MailError, StoreError};
use std::fmt;

/// What went wrong, as a caller can act on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The input is not acceptable as it is (a field, a cursor, a link): fix it and retry.
    Invalid,
    /// The caller is not known (no, bad or expired credentials).
    Unauthorized,
    /// The caller is known but may not do this.
    Forbidden,
    /// No such thing, or not for this caller.
    NotFound,
    /// The state of the thing does not allow this (now): the code says why.
    Conflict,
    /// It was there and is no more, for good (an expired gallery).
    Gone,
    /// Too many attempts: retry after this many seconds.
    TooMany { retry_after: i64 },
    /// Every attempt lost its race: retry after this many seconds.
    Busy { retry_after: i64 },
    /// A failure of ours or of a backend; the message is the cause, for the logs only.
    Internal,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub kind: Kind,
    /// Stable and machine-readable (`invalid_field`, `date_taken`, …).
    pub code: &'static str,
    pub message: String,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn new(kind: Kind, code: &'static str, message: impl Into<String>) -> Self {
        Error {
            kind,
            code,
            message: message.into(),
        }
    }
    pub fn invalid(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Kind::Invalid, code, message)
    }
    pub fn invalid_field(field: &str, message: impl fmt::Display) -> Self {
        Self::invalid("invalid_field", format!("{field}: {message}"))
    }
    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(Kind::Unauthorized, "unauthorized", message)
    }
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(Kind::Forbidden, "forbidden", message)
    }
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(Kind::NotFound, "not_found", message)
    }
    pub fn conflict(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Kind::Conflict, code, message)
    }
    pub fn gone(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Kind::Gone, code, message)
    }
    pub fn too_many(code: &'static str, message: impl Into<String>, retry_after: i64) -> Self {
        Self::new(Kind::TooMany { retry_after }, code, message)
    }
    pub fn busy(message: impl Into<String>) -> Self {
        Self::new(Kind::Busy { retry_after: 1 }, "busy", message)
    }
    /// An internal failure; `cause` is kept for the log line of the edge, never shown.
    pub fn internal(cause: impl fmt::Display) -> Self {
        Self::new(Kind::Internal, "internal", cause.to_string())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for Error {}

impl From<StoreError> for Error {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::InvalidCursor => {
                Error::invalid("invalid_cursor", "the cursor is not valid for this list")
            }
            other => Error::internal(other),
        }
    }
}

impl From<MailError> for Error {
    fn from(e: MailError) -> Self {
        Error::internal(e)
    }
}

impl From<crate::ports::BlobError> for Error {
    fn from(e: crate::ports::BlobError) -> Self {
        Error::internal(e)
    }
}
