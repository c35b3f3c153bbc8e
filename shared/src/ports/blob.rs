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

/// One part of a multipart upload, as the store holds it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Part {
    pub number: u32,
    pub etag: String,
    pub size: u64,
}

/// The smallest part of a multipart upload but the last (S3's limit), in bytes.
pub const MIN_PART: u64 = 5 * 1024 * 1024;
/// The most parts of one multipart upload (S3's limit).
pub const MAX_PARTS: u64 = 10_000;

/// A blob read as a stream.
pub type BlobReader = Box<dyn tokio::io::AsyncRead + Send + Unpin>;

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
    /// URL to download `key`, valid for `expires_in`; with a `filename`, the download is an
    /// attachment of that name (`Content-Disposition`, any Unicode name).
    async fn presign_download(
        &self,
        key: &str,
        filename: Option<&str>,
        expires_in: Duration,
    ) -> Result<String, BlobError>;
    /// Starts a multipart upload of `content_type` to `key`; returns its upload id.
    async fn create_multipart(&self, key: &str, content_type: &str) -> Result<String, BlobError>;
    /// URL to PUT part `number` (from 1) of an upload, valid for `expires_in`; the answer
    /// carries the part's `ETag`.
    async fn presign_part(
        &self,
        key: &str,
        upload_id: &str,
        number: u32,
        expires_in: Duration,
    ) -> Result<String, BlobError>;
    /// The parts of an upload stored so far, by number (to resume after a failure).
    async fn list_parts(&self, key: &str, upload_id: &str) -> Result<Vec<Part>, BlobError>;
    /// Joins the given parts (number, ETag), in order, into the blob `key`.
    async fn complete_multipart(
        &self,
        key: &str,
        upload_id: &str,
        parts: &[(u32, String)],
    ) -> Result<(), BlobError>;
    /// Drops an upload and its parts; an unknown upload is not an error.
    async fn abort_multipart(&self, key: &str, upload_id: &str) -> Result<(), BlobError>;
    /// Stores part `number` of an upload from the platform itself; returns its ETag.
    async fn upload_part(
        &self,
        key: &str,
        upload_id: &str,
        number: u32,
        bytes: Vec<u8>,
    ) -> Result<String, BlobError>;
    /// Up to `len` bytes of `key` from `start` (fewer at its end).
    async fn read_range(&self, key: &str, start: u64, len: u64) -> Result<Vec<u8>, BlobError>;
    /// The blob `key` as a stream.
    async fn open(&self, key: &str) -> Result<BlobReader, BlobError>;
    /// Size and type of a stored blob, or None when absent.
    async fn head(&self, key: &str) -> Result<Option<BlobMeta>, BlobError>;
    /// Deletes a blob; deleting an absent blob is not an error.
    async fn delete(&self, key: &str) -> Result<(), BlobError>;
}

/// The `Content-Disposition` of a download named `filename` (RFC 6266): an ASCII fallback
/// (accents dropped, quotes and controls replaced) and the exact name, UTF-8 and
/// percent-encoded (RFC 8187).
pub fn content_disposition(filename: &str) -> String {
    let fallback: String = filename
        .chars()
        .map(|c| match c {
            'à' | 'â' | 'ä' | 'á' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' | 'í' => 'i',
            'ô' | 'ö' | 'ó' => 'o',
            'ù' | 'û' | 'ü' | 'ú' => 'u',
            'ç' => 'c',
            'À' | 'Â' | 'Ä' => 'A',
            'É' | 'È' | 'Ê' | 'Ë' => 'E',
            'Î' | 'Ï' => 'I',
            'Ô' | 'Ö' => 'O',
            'Ù' | 'Û' | 'Ü' => 'U',
            'Ç' => 'C',
            c if c.is_ascii_graphic() && c != '"' && c != '\\' => c,
            ' ' => ' ',
            _ => '_',
        })
        .collect();
    let exact: String = filename
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    format!("attachment; filename=\"{fallback}\"; filename*=UTF-8''{exact}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_download_keeps_its_exact_name_with_an_ascii_fallback() {
        assert_eq!(
            content_disposition("Église été.jpg"),
            "attachment; filename=\"Eglise ete.jpg\"; filename*=UTF-8''%C3%89glise%20%C3%A9t%C3%A9.jpg"
        );
        assert_eq!(
            content_disposition("a\"b\\c\n.pdf"),
            "attachment; filename=\"a_b_c_.pdf\"; filename*=UTF-8''a%22b%5Cc%0A.pdf"
        );
    }
}
