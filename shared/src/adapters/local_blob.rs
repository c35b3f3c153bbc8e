//! Embedded blob store: files on disk, reached through URLs that the local gateway serves
//! (`infra/gateway/src/blobs.rs`) and that are signed and expiring like S3's presigned URLs.
//!
//! A URL is `{base}/blobs/{key}?op=put&ct=..&len=..&exp=..&sig=..` (upload) or
//! `{base}/blobs/{key}?op=get&exp=..&sig=..` (download), where `sig` is the base64url
//! HMAC-SHA256 of `op`, `key`, `ct`, `len` and `exp` (epoch seconds) under the store's secret.
//! The gateway checks a request with [`LocalBlobStore::verify_upload`] or
//! [`LocalBlobStore::verify_download`], then calls [`LocalBlobStore::write`] or
//! [`LocalBlobStore::read`].
//!
//! On disk, blob `a/b.jpg` is `{root}/data/a/b.jpg` and its content type is the sidecar file
//! `{root}/types/a/b.jpg` (two trees, so no key can collide with a sidecar).

use crate::ports::{BlobError, BlobMeta, BlobStore, Clock, PresignedUpload, SystemClock};
use async_trait::async_trait;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::collections::HashMap;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::time::Duration;

type HmacSha256 = Hmac<Sha256>;

/// Blob store on the local file system, with HMAC-signed URLs.
pub struct LocalBlobStore {
    root: PathBuf,
    base_url: String,
    secret: Vec<u8>,
}

/// An upload that a verified URL allows: exactly `len` bytes of `content_type` to `key`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedUpload {
    pub key: String,
    pub content_type: String,
    pub len: u64,
}

impl LocalBlobStore {
    /// A store under `root` whose URLs start with `base_url` (for example
    /// `http://127.0.0.1:8080`, the gateway's address) and are signed with `secret`.
    pub fn new(root: impl Into<PathBuf>, base_url: &str, secret: impl Into<Vec<u8>>) -> Self {
        Self {
            root: root.into(),
            base_url: base_url.trim_end_matches('/').to_owned(),
            secret: secret.into(),
        }
    }

    /// Checks an upload URL's query (`op=put`, signature, expiry at `now`, epoch seconds)
    /// for `key` and returns what it allows.
    pub fn verify_upload(
        &self,
        key: &str,
        query: &HashMap<String, String>,
        now: i64,
    ) -> Result<SignedUpload, BlobError> {
        validate_key(key)?;
        let content_type = param(query, "ct")?;
        let len = param(query, "len")?;
        self.check(query, "put", key, content_type, len, now)?;
        Ok(SignedUpload {
            key: key.to_owned(),
            content_type: content_type.to_owned(),
            len: len.parse().map_err(|_| invalid("bad length"))?,
        })
    }

    /// Checks a download URL's query (`op=get`, signature, expiry at `now`) for `key`.
    pub fn verify_download(
        &self,
        key: &str,
        query: &HashMap<String, String>,
        now: i64,
    ) -> Result<(), BlobError> {
        validate_key(key)?;
        self.check(query, "get", key, "", "", now)
    }

    /// Stores `bytes` as the upload allows: `content_type` and the length must be the signed
    /// ones. The blob replaces any previous one atomically (temporary file, then rename).
    pub async fn write(
        &self,
        upload: &SignedUpload,
        content_type: &str,
        bytes: &[u8],
    ) -> Result<(), BlobError> {
        if content_type != upload.content_type {
            return Err(invalid("content type differs from the signed one"));
        }
        if bytes.len() as u64 != upload.len {
            return Err(invalid(format!(
                "length {} differs from the signed {}",
                bytes.len(),
                upload.len
            )));
        }
        let (data, types) = self.paths(&upload.key)?;
        write_atomically(&types, content_type.as_bytes()).await?;
        write_atomically(&data, bytes).await
    }

    /// The blob's metadata and bytes, or None when absent.
    pub async fn read(&self, key: &str) -> Result<Option<(BlobMeta, Vec<u8>)>, BlobError> {
        let (data, _) = self.paths(key)?;
        let Some(meta) = self.head(key).await? else {
            return Ok(None);
        };
        match tokio::fs::read(&data).await {
            Ok(bytes) => Ok(Some((meta, bytes))),
            Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
            Err(e) => Err(unavailable(e)),
        }
    }

    fn mac(&self, op: &str, key: &str, content_type: &str, len: &str, exp: &str) -> HmacSha256 {
        let mut mac = HmacSha256::new_from_slice(&self.secret).expect("HMAC takes any key length");
        // Signed fields never contain '\n' (key charset, content type checked at presign time,
        // numbers), so this framing is unambiguous.
        mac.update(format!("{op}\n{key}\n{content_type}\n{len}\n{exp}").as_bytes());
        mac
    }

    fn check(
        &self,
        query: &HashMap<String, String>,
        op: &str,
        key: &str,
        content_type: &str,
        len: &str,
        now: i64,
    ) -> Result<(), BlobError> {
        if param(query, "op")? != op {
            return Err(invalid("wrong operation for this URL"));
        }
        let exp = param(query, "exp")?;
        let sig = URL_SAFE_NO_PAD
            .decode(param(query, "sig")?)
            .map_err(|_| invalid("bad signature"))?;
        self.mac(op, key, content_type, len, exp)
            .verify_slice(&sig)
            .map_err(|_| invalid("bad signature"))?;
        let exp: i64 = exp.parse().map_err(|_| invalid("bad expiry"))?;
        if now > exp {
            return Err(invalid("URL expired"));
        }
        Ok(())
    }

    fn sign(&self, op: &str, key: &str, content_type: &str, len: &str, exp: &str) -> String {
        URL_SAFE_NO_PAD.encode(
            self.mac(op, key, content_type, len, exp)
                .finalize()
                .into_bytes(),
        )
    }

    /// Data file and content-type sidecar of a (validated) key.
    fn paths(&self, key: &str) -> Result<(PathBuf, PathBuf), BlobError> {
        validate_key(key)?;
        Ok((
            self.root.join("data").join(key),
            self.root.join("types").join(key),
        ))
    }
}

#[async_trait]
impl BlobStore for LocalBlobStore {
    async fn presign_upload(
        &self,
        key: &str,
        content_type: &str,
        size: u64,
        expires_in: Duration,
    ) -> Result<PresignedUpload, BlobError> {
        validate_key(key)?;
        if !valid_content_type(content_type) {
            return Err(invalid("bad content type"));
        }
        let exp = expiry(expires_in);
        let len = size.to_string();
        let sig = self.sign("put", key, content_type, &len, &exp);
        let url = format!(
            "{}/blobs/{key}?op=put&ct={}&len={len}&exp={exp}&sig={sig}",
            self.base_url,
            form_urlencoded::byte_serialize(content_type.as_bytes()).collect::<String>()
        );
        Ok(PresignedUpload {
            url,
            method: "PUT",
            headers: vec![
                ("content-type".to_owned(), content_type.to_owned()),
                ("content-length".to_owned(), len),
            ],
        })
    }

    async fn put(&self, key: &str, bytes: Vec<u8>, content_type: &str) -> Result<(), BlobError> {
        validate_key(key)?;
        if !valid_content_type(content_type) {
            return Err(invalid("bad content type"));
        }
        let (data, types) = self.paths(key)?;
        write_atomically(&types, content_type.as_bytes()).await?;
        write_atomically(&data, &bytes).await
    }

    async fn presign_download(&self, key: &str, expires_in: Duration) -> Result<String, BlobError> {
        validate_key(key)?;
        let exp = expiry(expires_in);
        let sig = self.sign("get", key, "", "", &exp);
        Ok(format!(
            "{}/blobs/{key}?op=get&exp={exp}&sig={sig}",
            self.base_url
        ))
    }

    async fn head(&self, key: &str) -> Result<Option<BlobMeta>, BlobError> {
        let (data, types) = self.paths(key)?;
        let size = match tokio::fs::metadata(&data).await {
            Ok(m) => m.len(),
            Err(e) if e.kind() == ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(unavailable(e)),
        };
        let content_type = match tokio::fs::read_to_string(&types).await {
            Ok(ct) => ct,
            Err(e) if e.kind() == ErrorKind::NotFound => "application/octet-stream".to_owned(),
            Err(e) => return Err(unavailable(e)),
        };
        Ok(Some(BlobMeta { size, content_type }))
    }

    async fn delete(&self, key: &str) -> Result<(), BlobError> {
        let (data, types) = self.paths(key)?;
        for path in [data, types] {
            if let Err(e) = tokio::fs::remove_file(&path).await
                && e.kind() != ErrorKind::NotFound
            {
                return Err(unavailable(e));
            }
        }
        Ok(())
    }
}

/// Accepts relative keys of `[A-Za-z0-9/_.-]` without empty, `.` or `..` segments.
fn validate_key(key: &str) -> Result<(), BlobError> {
    let charset_ok = key
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'/' | b'_' | b'.' | b'-'));
    let segments_ok = key
        .split('/')
        .all(|s| !s.is_empty() && s != "." && s != "..");
    if key.is_empty() || !charset_ok || !segments_ok {
        return Err(invalid(format!("bad blob key {key:?}")));
    }
    Ok(())
}

/// Printable ASCII only: a content type goes into a header and into the signed string.
fn valid_content_type(content_type: &str) -> bool {
    !content_type.is_empty()
        && content_type
            .bytes()
            .all(|b| b.is_ascii_graphic() || b == b' ')
}

fn param<'a>(query: &'a HashMap<String, String>, name: &str) -> Result<&'a str, BlobError> {
    query
        .get(name)
        .map(String::as_str)
        .ok_or_else(|| invalid(format!("missing URL parameter {name}")))
}

/// Expiry time, epoch seconds, `expires_in` from now.
fn expiry(expires_in: Duration) -> String {
    let secs = i64::try_from(expires_in.as_secs()).unwrap_or(i64::MAX);
    SystemClock.now().saturating_add(secs).to_string()
}

async fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), BlobError> {
    let dir = path.parent().expect("a blob path has a parent");
    tokio::fs::create_dir_all(dir).await.map_err(unavailable)?;
    let tmp = dir.join(format!(".{}.tmp", uuid::Uuid::new_v4()));
    tokio::fs::write(&tmp, bytes).await.map_err(unavailable)?;
    tokio::fs::rename(&tmp, path).await.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        unavailable(e)
    })
}

fn invalid(message: impl Into<String>) -> BlobError {
    BlobError::Invalid(message.into())
}

fn unavailable(e: std::io::Error) -> BlobError {
    BlobError::Unavailable(e.to_string())
}
