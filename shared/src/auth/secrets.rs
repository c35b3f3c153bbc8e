//! Random secrets (one-time links, refresh tokens) and their stored digests.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

/// 256 random bits, base64url: unguessable, safe in URLs and cookies.
pub fn random_token() -> String {
    URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>())
}

/// What the table stores instead of a secret: a leaked table leaks no usable token.
pub fn digest(secret: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(secret.as_bytes()))
}

pub fn new_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}
