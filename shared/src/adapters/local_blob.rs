//! Embedded blob store: files on disk, reached through URLs that the local gateway serves
//! (`infra/gateway/src/blobs.rs`) and that are signed and expiring like S3's presigned URLs.
//!
//! A URL is `{base}/blobs/{key}?op=put&ct=..&len=..&exp=..&sig=..` (upload) or
//! `{base}/blobs/{key}?op=get[&name=..]&exp=..&sig=..` (download, as an attachment `name`
//! when given) or `{base}/blobs/{key}?op=part&upload=..&n=..&exp=..&sig=..` (one part of a
//! multipart upload), where `sig` is the base64url HMAC-SHA256 of `op`, `key`, `ct` (the
//! name, the upload id), `len` (the part number) and `exp` (epoch seconds) under the
//! store's secret.
//!
//! A multipart upload is the folder `{root}/uploads/{id}` (its key, its type, each part and
//! its ETag); completing it joins the parts in order into the blob, with S3's rules (parts
//! in order, each but the last at least 5 MiB, ETags matching).
//! The gateway checks a request with [`LocalBlobStore::verify_upload`] or
//! [`LocalBlobStore::verify_download`], then calls [`LocalBlobStore::write`] or
//! [`LocalBlobStore::read`].
//!
//! On disk, blob `a/b.jpg` is `{root}/data/a/b.jpg` and its content type is the sidecar file
//! `{root}/types/a/b.jpg` (two trees, so no key can collide with a sidecar).

use crate::ports::{
    BlobError, BlobMeta, BlobReader, BlobStore, Clock, MIN_PART, Part, PresignedUpload, SystemClock,
};
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
    /// Told the key of each blob an upload creates (a signed PUT, a completed multipart
    /// upload), as S3 tells its event notifications: see [`LocalBlobStore::landed`].
    landed: std::sync::Mutex<Option<tokio::sync::mpsc::UnboundedSender<String>>>,
}

/// A part upload that a verified URL allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedPart {
    pub key: String,
    pub upload_id: String,
    pub number: u32,
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
            landed: std::sync::Mutex::new(None),
        }
    }

    /// The keys of the blobs uploads create from now on (the local stand-in for S3's
    /// `ObjectCreated` notifications); a new call replaces the previous receiver.
    pub fn landed(&self) -> tokio::sync::mpsc::UnboundedReceiver<String> {
        let (sender, receiver) = tokio::sync::mpsc::unbounded_channel();
        *self.landed.lock().expect("not poisoned") = Some(sender);
        receiver
    }

    fn tell_landed(&self, key: &str) {
        if let Some(sender) = self.landed.lock().expect("not poisoned").as_ref() {
            let _ = sender.send(key.to_owned());
        }
    }

    /// Checks a part URL's query (`op=part`, upload, number, signature, expiry at `now`).
    pub fn verify_part(
        &self,
        key: &str,
        query: &HashMap<String, String>,
        now: i64,
    ) -> Result<SignedPart, BlobError> {
        validate_key(key)?;
        let upload_id = param(query, "upload")?;
        let number = param(query, "n")?;
        self.check(query, "part", key, upload_id, number, now)?;
        Ok(SignedPart {
            key: key.to_owned(),
            upload_id: upload_id.to_owned(),
            number: number.parse().map_err(|_| invalid("bad part number"))?,
        })
    }

    /// Stores a part an URL allows; returns its ETag.
    pub async fn write_part(&self, part: &SignedPart, bytes: &[u8]) -> Result<String, BlobError> {
        self.store_part(&part.key, &part.upload_id, part.number, bytes)
            .await
    }

    /// The folder of an upload, after checking that it is one of `key`'s.
    async fn upload_dir(&self, key: &str, upload_id: &str) -> Result<PathBuf, BlobError> {
        validate_key(key)?;
        if upload_id.is_empty() || !upload_id.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(invalid("no such upload"));
        }
        let dir = self.root.join("uploads").join(upload_id);
        match tokio::fs::read_to_string(dir.join("key")).await {
            Ok(owner) if owner == key => Ok(dir),
            Ok(_) => Err(invalid("no such upload")),
            Err(e) if e.kind() == ErrorKind::NotFound => Err(invalid("no such upload")),
            Err(e) => Err(unavailable(e)),
        }
    }

    async fn store_part(
        &self,
        key: &str,
        upload_id: &str,
        number: u32,
        bytes: &[u8],
    ) -> Result<String, BlobError> {
        if !(1..=10_000).contains(&number) {
            return Err(invalid(format!("part number {number} out of 1..=10000")));
        }
        let dir = self.upload_dir(key, upload_id).await?;
        let digest = <Sha256 as sha2::Digest>::digest(bytes);
        let etag: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
        let etag = format!("\"{etag}\"");
        write_atomically(&dir.join(format!("{number:05}.etag")), etag.as_bytes()).await?;
        write_atomically(&dir.join(format!("{number:05}")), bytes).await?;
        Ok(etag)
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
        let name = query.get("name").map(String::as_str).unwrap_or_default();
        self.check(query, "get", key, name, "", now)
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
        write_atomically(&data, bytes).await?;
        self.tell_landed(&upload.key);
        Ok(())
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

    async fn presign_download(
        &self,
        key: &str,
        filename: Option<&str>,
        expires_in: Duration,
    ) -> Result<String, BlobError> {
        validate_key(key)?;
        let exp = expiry(expires_in);
        let name = filename.unwrap_or_default();
        let sig = self.sign("get", key, name, "", &exp);
        let name = match filename {
            Some(name) => format!("&name={}", encode(name)),
            None => String::new(),
        };
        Ok(format!(
            "{}/blobs/{key}?op=get{name}&exp={exp}&sig={sig}",
            self.base_url
        ))
    }

    async fn create_multipart(&self, key: &str, content_type: &str) -> Result<String, BlobError> {
        validate_key(key)?;
        if !valid_content_type(content_type) {
            return Err(invalid("bad content type"));
        }
        let id = uuid::Uuid::new_v4().simple().to_string();
        let dir = self.root.join("uploads").join(&id);
        write_atomically(&dir.join("type"), content_type.as_bytes()).await?;
        write_atomically(&dir.join("key"), key.as_bytes()).await?;
        Ok(id)
    }

    async fn presign_part(
        &self,
        key: &str,
        upload_id: &str,
        number: u32,
        expires_in: Duration,
    ) -> Result<String, BlobError> {
        self.upload_dir(key, upload_id).await?;
        let exp = expiry(expires_in);
        let n = number.to_string();
        let sig = self.sign("part", key, upload_id, &n, &exp);
        Ok(format!(
            "{}/blobs/{key}?op=part&upload={upload_id}&n={n}&exp={exp}&sig={sig}",
            self.base_url
        ))
    }

    async fn list_parts(&self, key: &str, upload_id: &str) -> Result<Vec<Part>, BlobError> {
        let dir = self.upload_dir(key, upload_id).await?;
        let mut parts = Vec::new();
        let mut entries = tokio::fs::read_dir(&dir).await.map_err(unavailable)?;
        while let Some(entry) = entries.next_entry().await.map_err(unavailable)? {
            let name = entry.file_name().to_string_lossy().into_owned();
            let Ok(number) = name.parse::<u32>() else {
                continue;
            };
            let size = entry.metadata().await.map_err(unavailable)?.len();
            let etag = tokio::fs::read_to_string(dir.join(format!("{name}.etag")))
                .await
                .map_err(unavailable)?;
            parts.push(Part { number, etag, size });
        }
        parts.sort_by_key(|p| p.number);
        Ok(parts)
    }

    async fn complete_multipart(
        &self,
        key: &str,
        upload_id: &str,
        parts: &[(u32, String)],
    ) -> Result<(), BlobError> {
        let dir = self.upload_dir(key, upload_id).await?;
        let stored = self.list_parts(key, upload_id).await?;
        if parts.is_empty() || parts.windows(2).any(|w| w[0].0 >= w[1].0) {
            return Err(invalid("InvalidPartOrder"));
        }
        for (i, (number, etag)) in parts.iter().enumerate() {
            let part = stored
                .iter()
                .find(|p| p.number == *number && p.etag == *etag)
                .ok_or_else(|| invalid("InvalidPart"))?;
            if i + 1 < parts.len() && part.size < MIN_PART {
                return Err(invalid("EntityTooSmall"));
            }
        }
        let (data, types) = self.paths(key)?;
        let content_type = tokio::fs::read(dir.join("type"))
            .await
            .map_err(unavailable)?;
        let parent = data.parent().expect("a blob path has a parent");
        tokio::fs::create_dir_all(parent)
            .await
            .map_err(unavailable)?;
        let tmp = parent.join(format!(".{}.tmp", uuid::Uuid::new_v4()));
        let mut out = tokio::fs::File::create(&tmp).await.map_err(unavailable)?;
        for (number, _) in parts {
            let mut part = tokio::fs::File::open(dir.join(format!("{number:05}")))
                .await
                .map_err(unavailable)?;
            tokio::io::copy(&mut part, &mut out)
                .await
                .map_err(unavailable)?;
        }
        out.sync_all().await.map_err(unavailable)?;
        drop(out);
        write_atomically(&types, &content_type).await?;
        tokio::fs::rename(&tmp, &data).await.map_err(unavailable)?;
        tokio::fs::remove_dir_all(&dir).await.map_err(unavailable)?;
        self.tell_landed(key);
        Ok(())
    }

    async fn abort_multipart(&self, key: &str, upload_id: &str) -> Result<(), BlobError> {
        match self.upload_dir(key, upload_id).await {
            Ok(dir) => tokio::fs::remove_dir_all(&dir).await.map_err(unavailable),
            Err(BlobError::Invalid(_)) => Ok(()),
            Err(e) => Err(e),
        }
    }

    async fn upload_part(
        &self,
        key: &str,
        upload_id: &str,
        number: u32,
        bytes: Vec<u8>,
    ) -> Result<String, BlobError> {
        self.store_part(key, upload_id, number, &bytes).await
    }

    async fn read_range(&self, key: &str, start: u64, len: u64) -> Result<Vec<u8>, BlobError> {
        use tokio::io::{AsyncReadExt, AsyncSeekExt};
        let (data, _) = self.paths(key)?;
        let mut file = tokio::fs::File::open(&data).await.map_err(unavailable)?;
        file.seek(std::io::SeekFrom::Start(start))
            .await
            .map_err(unavailable)?;
        let mut bytes = Vec::new();
        file.take(len)
            .read_to_end(&mut bytes)
            .await
            .map_err(unavailable)?;
        Ok(bytes)
    }

    async fn open(&self, key: &str) -> Result<BlobReader, BlobError> {
        let (data, _) = self.paths(key)?;
        let file = tokio::fs::File::open(&data).await.map_err(unavailable)?;
        Ok(Box::new(tokio::io::BufReader::with_capacity(1 << 20, file)))
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

/// A URL query value, percent-encoded.
fn encode(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
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
