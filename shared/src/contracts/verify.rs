//! Anyone checks a PDF (function `projects-read`): `GET /api/verify/{sha256}` (the
//! SHA-256 of the file, hex) → `{signed: true, signed_at}` when it is a contract signed on
//! the platform, `{signed: false}` otherwise, and nothing else.
//!
//! Table calls: 1 GetItem.

use crate::app::App;
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use crate::keys;
use serde_json::{Value, json};

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let signed_at = run(app, req.param("sha256")).await?;
    Ok(Reply::ok(match signed_at {
        Some(at) => json!({"signed": true, "signed_at": at}),
        None => json!({"signed": false}),
    }))
}

/// When the contract whose signed PDF has this SHA-256 was signed, if it is one.
pub async fn run(app: &App, sha256: &str) -> Result<Option<i64>, Error> {
    let sha256 = sha256.trim().to_ascii_lowercase();
    if sha256.len() != 64 || !sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(Error::invalid_field("sha256", "64 hexadecimal characters"));
    }
    let item = app.table.get(&keys::signed_pdf(&sha256)).await?;
    Ok(item.and_then(|i| i.get("signed_at").and_then(Value::as_i64)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::items;

    #[tokio::test]
    async fn a_known_hash_answers_when_it_was_signed_and_nothing_else() {
        let app = crate::testing::app();
        let hash = "ab".repeat(32);
        let record = json!({"project_id": "p1", "signed_at": 1_800_000_000});
        app.table
            .put(items::with_key(&keys::signed_pdf(&hash), record), None)
            .await
            .unwrap();
        assert_eq!(
            run(&app, &hash.to_uppercase()).await.unwrap(),
            Some(1_800_000_000)
        );
        assert_eq!(run(&app, &"cd".repeat(32)).await.unwrap(), None);
        assert_eq!(run(&app, "nope").await.unwrap_err().code, "invalid_field");
    }
}
