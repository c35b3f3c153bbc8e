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

/// A 256-bit key for one `purpose`, derived from the platform's master secret with
/// HKDF-SHA256 (RFC 5869): a key leaked or misused for one purpose (blob URLs, say) signs
/// nothing of another (access tokens).
pub fn derive(master: &[u8], purpose: &str) -> [u8; 32] {
    let mut key = [0u8; 32];
    hkdf::Hkdf::<Sha256>::new(Some(b"estrade"), master)
        .expand(purpose.as_bytes(), &mut key)
        .expect("32 bytes is a valid HKDF-SHA256 length");
    key
}

pub fn new_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}
