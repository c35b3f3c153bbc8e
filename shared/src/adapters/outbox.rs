//! Embedded mailer: each email becomes an RFC 5322 `.eml` file in an outbox folder, which the
//! local gateway lists on a page.
//!
//! File names are `{epoch millis, 13 digits}-{uuid}.eml`, so they sort by sending time. Each file
//! is written to a hidden temporary file (`.{uuid}.tmp`) and renamed, so a reader never sees a
//! partial email: list only the `.eml` names.

use crate::ports::{Attachment, Email, MailError, Mailer};
use async_trait::async_trait;
use lettre::Message;
use lettre::message::header::ContentType;
use lettre::message::{Attachment as LettreAttachment, Mailbox, MultiPart};
use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

/// Mailer writing `.eml` files into a folder.
pub struct OutboxMailer {
    dir: PathBuf,
    from: Mailbox,
}

impl OutboxMailer {
    /// An outbox in `dir` (created on first send) for emails sent by `from`
    /// (`addr@example.com` or `Name <addr@example.com>`).
    pub fn new(dir: impl Into<PathBuf>, from: &str) -> Result<Self, MailError> {
        let from = from
            .parse()
            .map_err(|e| MailError::Invalid(format!("sender: {e}")))?;
        Ok(Self {
            dir: dir.into(),
            from,
        })
    }
}

#[async_trait]
impl Mailer for OutboxMailer {
    async fn send(&self, email: Email) -> Result<(), MailError> {
        let to: Mailbox = email
            .to
            .parse()
            .map_err(|e| MailError::Invalid(format!("recipient: {e}")))?;
        let id = uuid::Uuid::new_v4();
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(email.subject)
            .message_id(Some(format!("<{id}@estrade.local>")))
            .multipart(with_attachments(
                MultiPart::alternative_plain_html(email.text, email.html),
                email.attachments,
            )?)
            .map_err(|e| MailError::Invalid(e.to_string()))?;
        let millis = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_millis();
        let unavailable = |e: std::io::Error| MailError::Unavailable(e.to_string());
        tokio::fs::create_dir_all(&self.dir)
            .await
            .map_err(unavailable)?;
        let tmp = self.dir.join(format!(".{id}.tmp"));
        tokio::fs::write(&tmp, message.formatted())
            .await
            .map_err(unavailable)?;
        let path = self.dir.join(format!("{millis:013}-{id}.eml"));
        tokio::fs::rename(&tmp, &path).await.map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            unavailable(e)
        })
    }
}

/// The bodies, alone or followed by the attachments in a `multipart/mixed`.
fn with_attachments(
    bodies: MultiPart,
    attachments: Vec<Attachment>,
) -> Result<MultiPart, MailError> {
    if attachments.is_empty() {
        return Ok(bodies);
    }
    let mut mixed = MultiPart::mixed().multipart(bodies);
    for file in attachments {
        let content_type = ContentType::parse(&file.content_type)
            .map_err(|e| MailError::Invalid(format!("attachment type: {e}")))?;
        mixed =
            mixed.singlepart(LettreAttachment::new(file.filename).body(file.data, content_type));
    }
    Ok(mixed)
}
