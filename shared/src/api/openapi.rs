//! The OpenAPI 3.1 document of every route of [`super::routes::ROUTES`]: `openapi.json`,
//! written by hand next to this file and served by the local gateway at
//! `GET /api/openapi.json`.
//!
//! It is a hand-written JSON file rather than a document generated from the handlers
//! (`utoipa` would annotate every handler and input and view type of every area): the
//! contract is read and reviewed as one file, and two checks keep it true instead.
//! `tests/api/openapi.rs` proves that its operations are exactly the route table's, that
//! it is structurally OpenAPI 3.1 (every `$ref` resolves) and that an operation declares
//! bearer security iff its handler authenticates; the schemathesis step of
//! `scripts/test.sh` (`infra/schemathesis/`) fuzzes every operation against a local
//! gateway and checks each answer against its status codes and schemas.

/// The document, as served.
pub const DOCUMENT: &str = include_str!("openapi.json");
