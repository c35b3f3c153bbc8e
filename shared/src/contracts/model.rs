//! A project's contract as the table holds it: `PROJECT#{id}` / `CONTRACT`.
//!
//! A draft's text can change until it is sent; sending freezes it and records the
//! SHA-256 of its exact text (UTF-8). The client signs first, then the provider
//! countersigns; each signature records who, the typed name, when, from where, the
//! consent text's version and the hash signed. Every write is conditioned on the status
//! and the number of signatures read, so a signed contract never changes again.

use super::audit::{self, Entry};
use crate::error::Error;
use crate::items;
use crate::keys;
use crate::ports::table::{Condition, Item, Key};
use crate::projects::model::{Actor, Loaded};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sha2::{Digest, Sha256};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// The provider may still edit it.
    Draft,
    /// Frozen, waiting for signatures.
    Sent,
    /// Signed by both sides.
    Signed,
}

/// The consent box's text, by version: a signature records the version it agreed to.
pub const CONSENT_VERSION: &str = "2026-12-01";
pub const CONSENT_TEXT: &str = "Je reconnais avoir lu l'intégralité du contrat ci-dessus et je le signe électroniquement. Je comprends que cette signature, vérifiée par un code envoyé à mon adresse email, m'engage comme une signature manuscrite.";

/// One side's signature.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Signature {
    pub user_id: String,
    /// The full name the signer typed.
    pub name: String,
    /// When (epoch seconds, UTC).
    pub at: i64,
    pub ip: String,
    pub user_agent: String,
    pub consent_version: String,
    /// The SHA-256 of the text signed.
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contract {
    pub project_id: String,
    /// The template it was prepared from.
    pub template_name: String,
    /// Its text (`super::markup`), the project's terms filled in.
    pub text: String,
    pub status: Status,
    /// Raised by every edit of a draft.
    pub revision: i64,
    /// The SHA-256 (hex) of `text`, from its sending on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sent_at: Option<i64>,
    /// How many sides signed: 0, 1 (the client), 2.
    pub signed_by: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_signature: Option<Signature>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_signature: Option<Signature>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signed_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// The signed PDF: `PROJECT#{id}` / `PDF`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pdf {
    pub blob_key: String,
    pub sha256: String,
    pub size: u64,
    pub rendered_at: i64,
}

/// The SHA-256 of `bytes`, in lower-case hex.
pub fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl Contract {
    pub fn key(&self) -> Key {
        keys::contract(&self.project_id)
    }

    pub fn item(&self) -> Item {
        items::with_key(&self.key(), self)
    }

    /// The contract of a loaded project, if it has one.
    pub fn of(loaded: &Loaded) -> Result<Option<Contract>, Error> {
        loaded
            .item("CONTRACT")
            .cloned()
            .map(items::record)
            .transpose()
    }

    /// The side whose signature it waits for (none: a draft, or signed).
    pub fn awaiting(&self) -> Option<Actor> {
        match (self.status, self.signed_by) {
            (Status::Sent, 0) => Some(Actor::Client),
            (Status::Sent, 1) => Some(Actor::Provider),
            _ => None,
        }
    }

    /// The condition that it is still as read: same status, revision and signatures.
    pub fn unchanged(&self) -> Condition {
        Condition::And(vec![
            Condition::Equals("status".into(), json!(self.status)),
            Condition::Equals("revision".into(), json!(self.revision)),
            Condition::Equals("signed_by".into(), json!(self.signed_by)),
        ])
    }

    pub fn view<'a>(&'a self, loaded: &'a Loaded) -> ContractView<'a> {
        let pdf: Option<Pdf> = loaded
            .item("PDF")
            .cloned()
            .and_then(|i| items::record(i).ok());
        ContractView {
            status: self.status,
            template_name: &self.template_name,
            text: &self.text,
            revision: self.revision,
            sha256: self.sha256.as_deref(),
            sent_at: self.sent_at,
            awaiting: self.awaiting(),
            client_signature: self.client_signature.as_ref(),
            provider_signature: self.provider_signature.as_ref(),
            signed_at: self.signed_at,
            consent: Consent {
                version: CONSENT_VERSION,
                text: CONSENT_TEXT,
            },
            pdf: PdfView {
                ready: pdf.is_some(),
                sha256: pdf.map(|p| p.sha256),
            },
            audit: audit::entries(loaded),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct Consent {
    pub version: &'static str,
    pub text: &'static str,
}

#[derive(Debug, Serialize)]
pub struct PdfView {
    pub ready: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
}

/// A contract, as both sides see it (the evidence of each signature included: it is in
/// the signed PDF both receive).
#[derive(Debug, Serialize)]
pub struct ContractView<'a> {
    pub status: Status,
    pub template_name: &'a str,
    pub text: &'a str,
    pub revision: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sha256: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sent_at: Option<i64>,
    /// Whose signature it waits for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub awaiting: Option<Actor>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_signature: Option<&'a Signature>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provider_signature: Option<&'a Signature>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signed_at: Option<i64>,
    pub consent: Consent,
    pub pdf: PdfView,
    pub audit: Vec<Entry>,
}

/// The loaded project's contract, or 409 `no_contract`.
pub fn required(loaded: &Loaded) -> Result<Contract, Error> {
    Contract::of(loaded)?
        .ok_or_else(|| Error::conflict("no_contract", "this project has no contract yet"))
}

/// The signed PDF's record of a loaded project.
pub fn pdf(loaded: &Loaded) -> Option<Pdf> {
    loaded
        .item("PDF")
        .cloned()
        .and_then(|i| items::record(i).ok())
}

/// 409 for a contract that can no longer be edited.
pub fn already_sent() -> Error {
    Error::conflict(
        "contract_sent",
        "this contract was sent: its text can no longer change",
    )
}
