//! What handlers answer: a status, an optional body (JSON, or text of a given type) and
//! extra headers.

use serde::Serialize;
use serde_json::Value;

#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    pub status: u16,
    pub body: Option<Value>,
    /// A body that is not JSON: its content type and text (an iCal feed).
    pub text: Option<(&'static str, String)>,
    /// Extra headers, e.g. `Set-Cookie` (may repeat) or `Retry-After`.
    pub headers: Vec<(&'static str, String)>,
}

impl Reply {
    pub fn json(status: u16, body: impl Serialize) -> Self {
        let body = serde_json::to_value(body).expect("reply bodies serialize");
        Reply {
            status,
            body: Some(body),
            text: None,
            headers: Vec::new(),
        }
    }
    pub fn ok(body: impl Serialize) -> Self {
        Self::json(200, body)
    }
    pub fn empty(status: u16) -> Self {
        Reply {
            status,
            body: None,
            text: None,
            headers: Vec::new(),
        }
    }
    /// A 200 answer of `text`, of type `content_type`.
    pub fn text(content_type: &'static str, text: String) -> Self {
        Reply {
            status: 200,
            body: None,
            text: Some((content_type, text)),
            headers: Vec::new(),
        }
    }
    pub fn with_header(mut self, name: &'static str, value: String) -> Self {
        self.headers.push((name, value));
        self
    }
}

impl From<&super::ApiError> for Reply {
    fn from(error: &super::ApiError) -> Self {
        let reply = Reply::json(error.status, error.body());
        match error.retry_after {
            Some(secs) => reply.with_header("retry-after", secs.to_string()),
            None => reply,
        }
    }
}
