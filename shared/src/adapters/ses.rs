//! Production mailer: Amazon SES v2 `SendEmail` with simple content (subject, text and HTML
//! bodies, UTF-8, and attachments). The sender address (or its domain) must be a verified SES identity.

use crate::ports::{Email, MailError, Mailer};
use async_trait::async_trait;
use aws_sdk_sesv2::primitives::Blob;
use aws_sdk_sesv2::types::{
    Attachment as SesAttachment, Body, Content, Destination, EmailContent, Message,
};

/// Mailer sending through SES v2 from one address.
pub struct SesMailer {
    pub client: aws_sdk_sesv2::Client,
    pub from: String,
}

#[async_trait]
impl Mailer for SesMailer {
    async fn send(&self, email: Email) -> Result<(), MailError> {
        let mut message = Message::builder().subject(utf8(email.subject)?).body(
            Body::builder()
                .text(utf8(email.text)?)
                .html(utf8(email.html)?)
                .build(),
        );
        for file in email.attachments {
            let attachment = SesAttachment::builder()
                .file_name(file.filename)
                .content_type(file.content_type)
                .raw_content(Blob::new(file.data))
                .build()
                .map_err(|e| MailError::Invalid(e.to_string()))?;
            message = message.attachments(attachment);
        }
        let message = message.build();
        self.client
            .send_email()
            .from_email_address(&self.from)
            .destination(Destination::builder().to_addresses(email.to).build())
            .content(EmailContent::builder().simple(message).build())
            .send()
            .await
            .map_err(|e| {
                let rejected = e
                    .as_service_error()
                    .is_some_and(|e| e.is_bad_request_exception() || e.is_message_rejected());
                let message = aws_sdk_sesv2::error::DisplayErrorContext(e).to_string();
                if rejected {
                    MailError::Invalid(message)
                } else {
                    MailError::Unavailable(message)
                }
            })?;
        Ok(())
    }
}

fn utf8(data: String) -> Result<Content, MailError> {
    Content::builder()
        .data(data)
        .charset("UTF-8")
        .build()
        .map_err(|e| MailError::Invalid(e.to_string()))
}
