//! The blob-store port: private files reached through short-lived signed URLs.

use async_trait::async_trait;
use std::time::Duration;

/// What a client needs to upload one file: an HTTP PUT to `url` with these headers
/// (the content type and exact content length are signed into the URL).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PresignedUpload {
    pub url: String,
    pub method: &'static str,
    pub headers: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlobMeta {
    pub size: u64,
    pub content_type: String,
}

#[derive(Debug, thiserror::Error)]
pub enum BlobError {
    #[error("invalid blob request: {0}")]
    Invalid(String),
    #[error("blob store unavailable: {0}")]
    Unavailable(String),
}

#[async_trait]
pub trait BlobStore: Send + Sync {
    /// URL to upload exactly `size` bytes of `content_type` to `key`, valid for `expires_in`.
    async fn presign_upload(
        &self,
        key: &str,
        content_type: &str,
        size: u64,
        expires_in: Duration,
    ) -> Result<PresignedUpload, BlobError>;
    /// Stores `bytes` of `content_type` at `key` (the platform's own files, such as a
    /// signed contract's PDF), replacing any previous blob.
    async fn put(&self, key: &str, bytes: Vec<u8>, content_type: &str) -> Result<(), BlobError>;
    /// URL to download `key`, valid for `expires_in`.
    async fn presign_download(&self, key: &str, expires_in: Duration) -> Result<String, BlobError>;
    /// Size and type of a stored blob, or None when absent.
    async fn head(&self, key: &str) -> Result<Option<BlobMeta>, BlobError>;
    /// Deletes a blob; deleting an absent blob is not an error.
    async fn delete(&self, key: &str) -> Result<(), BlobError>;
}
