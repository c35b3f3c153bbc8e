//! Contracts: a provider's templates, and the contract of a project, prepared from one,
//! sent (frozen and hashed), signed by the client then countersigned by the provider,
//! each with a code emailed at that moment; an audit trail chained by hashes; the signed
//! PDF, rendered off the request path, and its public verification.
//!
//! Use cases (each state-changing one its own function):
//! - templates: [`templates`] (read), [`template_save`], [`template_delete`];
//! - a project's contract: [`prepare`] (a draft from a template), [`edit`] (its text),
//!   [`send`], [`code`] (a signing code by email), [`sign`], [`read`] (records a view),
//!   [`download`] (the PDF's signed URL);
//! - [`render`]: the change feed renders the PDF ([`pdf`]) once both signed;
//! - [`verify`]: anyone checks a PDF's SHA-256.

pub mod audit;
pub mod code;
pub mod download;
pub mod edit;
pub mod markup;
pub mod model;
pub mod model_text;
pub mod pdf;
pub mod prepare;
pub mod read;
pub mod render;
pub mod send;
pub mod sign;
pub mod template_delete;
pub mod template_save;
pub mod templates;
pub mod terms;
pub mod verify;

use crate::retry::Retry;

/// The budget for transactions DynamoDB cancels for a concurrent write.
pub const RETRY: Retry = Retry::new(6, "the contract is busy: please retry");

/// What a request's edge knows of where it came from, for the audit trail.
pub fn evidence(ip: Option<&str>, user_agent: Option<&str>) -> audit::Evidence {
    audit::Evidence {
        ip: ip.unwrap_or("unknown").to_owned(),
        user_agent: user_agent.unwrap_or("unknown").chars().take(400).collect(),
    }
}
