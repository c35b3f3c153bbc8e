//! Authentication primitives: password hashing, signed tokens, random secrets.
pub mod passwords;
pub mod secrets;
pub mod session;
pub mod tokens;
pub mod write_limit;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Client,
    Provider,
    Admin,
}
