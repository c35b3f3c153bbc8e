//! The mailer port: one email with a plain-text and an HTML body, and its attachments.

use async_trait::async_trait;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    pub attachments: Vec<Attachment>,
}

/// A file attached to an email (an `.ics` of a booking).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub filename: String,
    pub content_type: String,
    pub data: Vec<u8>,
}

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("invalid email: {0}")]
    Invalid(String),
    #[error("mailer unavailable: {0}")]
    Unavailable(String),
}

#[async_trait]
pub trait Mailer: Send + Sync {
    async fn send(&self, email: Email) -> Result<(), MailError>;
}
