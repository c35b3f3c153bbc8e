//! Argon2id password hashing (the `argon2` crate's defaults: m=19 MiB, t=2, p=1,
//! OWASP's recommended minimum), run off the async threads.

use crate::error::Error;
use argon2::password_hash::{PasswordHash, SaltString};
use argon2::{Argon2, PasswordHasher, PasswordVerifier};
use std::sync::LazyLock;

/// A real hash of a random password, verified against when the account is unknown.
static DECOY: LazyLock<String> = LazyLock::new(|| {
    let salt = new_salt();
    let secret = super::secrets::random_token();
    Argon2::default()
        .hash_password(secret.as_bytes(), &salt)
        .expect("argon2 hashes")
        .to_string()
});

pub const MIN_LEN: usize = 10;
pub const MAX_LEN: usize = 200;

/// Rejects passwords that are too short or too long (in characters).
pub fn check_strength(password: &str) -> Result<(), Error> {
    let len = password.chars().count();
    if len < MIN_LEN {
        return Err(Error::invalid_field(
            "password",
            format!("at least {MIN_LEN} characters"),
        ));
    }
    if len > MAX_LEN {
        return Err(Error::invalid_field(
            "password",
            format!("at most {MAX_LEN} characters"),
        ));
    }
    Ok(())
}

pub async fn hash(password: &str) -> Result<String, Error> {
    let password = password.to_owned();
    tokio::task::spawn_blocking(move || {
        let salt = new_salt();
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
    })
    .await
    .map_err(Error::internal)?
    .map_err(Error::internal)
}

/// Verifies a password against a stored PHC string. With no stored hash (unknown
/// account) it still spends the same time, so timing does not reveal accounts.
pub async fn verify(password: &str, stored: Option<&str>) -> Result<bool, Error> {
    let found = stored.is_some();
    let stored = stored.map(str::to_owned);
    let password = password.to_owned();
    let ok = tokio::task::spawn_blocking(move || {
        let stored = stored.as_deref().unwrap_or(&DECOY);
        PasswordHash::new(stored).is_ok_and(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
    })
    .await
    .map_err(Error::internal)?;
    Ok(ok && found)
}

/// 128 random bits of salt.
fn new_salt() -> SaltString {
    SaltString::encode_b64(&rand::random::<[u8; 16]>()).expect("16 bytes is a valid salt length")
}
