//! Contract of the blob-store port, run against the local adapter (URLs checked and served
//! through the same calls the gateway makes) and the S3 adapter (moto, over HTTP).

use crate::support;

use estrade::adapters::local_blob::LocalBlobStore;
use estrade::adapters::s3::S3Blobs;
use estrade::ports::{
    BlobError, BlobMeta, BlobStore, Clock, MIN_PART, PresignedUpload, SystemClock,
};
use reqwest::Url;
use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Duration;

const MINUTE: Duration = Duration::from_secs(60);

/// How the test follows a presigned URL.
enum Transport<'a> {
    /// Over HTTP (S3 on moto).
    Http,
    /// Through the checks and file access the local gateway does for the URL.
    Gateway(&'a LocalBlobStore),
}

impl Transport<'_> {
    /// PUTs one part through its presigned URL; returns the answer's ETag.
    async fn put_part(&self, url: &str, body: Vec<u8>) -> Result<String, String> {
        match self {
            Transport::Http => {
                let response = reqwest::Client::new()
                    .put(url)
                    .body(body)
                    .send()
                    .await
                    .map_err(|e| e.to_string())?;
                let response = response.error_for_status().map_err(|e| e.to_string())?;
                let etag = response.headers().get("etag").ok_or("no ETag")?;
                Ok(etag.to_str().unwrap().to_owned())
            }
            Transport::Gateway(store) => {
                let (key, query) = key_and_query(url);
                let signed = store
                    .verify_part(&key, &query, SystemClock.now())
                    .map_err(|e| e.to_string())?;
                store
                    .write_part(&signed, &body)
                    .await
                    .map_err(|e| e.to_string())
            }
        }
    }

    async fn put(&self, upload: &PresignedUpload, body: Vec<u8>) -> Result<(), String> {
        match self {
            Transport::Http => {
                let mut request = reqwest::Client::new().put(&upload.url).body(body);
                for (name, value) in &upload.headers {
                    request = request.header(name, value);
                }
                let response = request.send().await.map_err(|e| e.to_string())?;
                response
                    .error_for_status()
                    .map(drop)
                    .map_err(|e| e.to_string())
            }
            Transport::Gateway(store) => {
                let (key, query) = key_and_query(&upload.url);
                let signed = store
                    .verify_upload(&key, &query, SystemClock.now())
                    .map_err(|e| e.to_string())?;
                let content_type = header(upload, "content-type");
                store
                    .write(&signed, content_type, &body)
                    .await
                    .map_err(|e| e.to_string())
            }
        }
    }

    async fn get(&self, url: &str) -> Result<Vec<u8>, String> {
        match self {
            Transport::Http => {
                let response = reqwest::get(url).await.map_err(|e| e.to_string())?;
                let response = response.error_for_status().map_err(|e| e.to_string())?;
                Ok(response.bytes().await.map_err(|e| e.to_string())?.to_vec())
            }
            Transport::Gateway(store) => {
                let (key, query) = key_and_query(url);
                store
                    .verify_download(&key, &query, SystemClock.now())
                    .map_err(|e| e.to_string())?;
                let (_, bytes) = store
                    .read(&key)
                    .await
                    .map_err(|e| e.to_string())?
                    .ok_or("404")?;
                Ok(bytes)
            }
        }
    }
}

/// The blob key (after `/blobs/`) and decoded query of a local URL.
fn key_and_query(url: &str) -> (String, HashMap<String, String>) {
    let url = Url::parse(url).unwrap();
    let key = url
        .path()
        .strip_prefix("/blobs/")
        .expect("a /blobs/ URL")
        .to_owned();
    (key, url.query_pairs().into_owned().collect())
}

fn header<'a>(upload: &'a PresignedUpload, name: &str) -> &'a str {
    let (_, value) = upload
        .headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .unwrap();
    value
}

fn unique_key() -> String {
    format!("events/{}/photo.jpg", uuid::Uuid::new_v4())
}

/// The port's contract: upload through the URL, head, download, delete.
async fn round_trip(store: &dyn BlobStore, transport: Transport<'_>) {
    let key = unique_key();
    let body = b"\xFF\xD8\xFF not really a JPEG".to_vec();
    assert_eq!(store.head(&key).await.unwrap(), None);

    let upload = store
        .presign_upload(&key, "image/jpeg", body.len() as u64, MINUTE)
        .await
        .unwrap();
    assert_eq!(upload.method, "PUT");
    assert_eq!(header(&upload, "content-type"), "image/jpeg");
    assert_eq!(header(&upload, "content-length"), body.len().to_string());
    transport.put(&upload, body.clone()).await.unwrap();
    let meta = BlobMeta {
        size: body.len() as u64,
        content_type: "image/jpeg".into(),
    };
    assert_eq!(store.head(&key).await.unwrap(), Some(meta));

    let url = store.presign_download(&key, None, MINUTE).await.unwrap();
    assert_eq!(transport.get(&url).await.unwrap(), body);

    store.delete(&key).await.unwrap();
    assert_eq!(store.head(&key).await.unwrap(), None);
    store
        .delete(&key)
        .await
        .expect("deleting an absent blob is not an error");
}

/// The multipart protocol the browser speaks: create, presign and PUT parts, list them
/// (resume), complete; read back by range and as a stream; abort; S3's rules on parts.
async fn multipart(store: &dyn BlobStore, transport: Transport<'_>) {
    use tokio::io::AsyncReadExt;
    let key = unique_key();
    let first: Vec<u8> = (0..MIN_PART as usize).map(|i| (i % 251) as u8).collect();
    let last = b"the end".to_vec();
    let id = store.create_multipart(&key, "video/mp4").await.unwrap();
    let url = store.presign_part(&key, &id, 1, MINUTE).await.unwrap();
    let etag1 = transport.put_part(&url, first.clone()).await.unwrap();
    // After a network failure, the parts already there are listed.
    let parts = store.list_parts(&key, &id).await.unwrap();
    assert_eq!(parts.len(), 1);
    assert_eq!((parts[0].number, parts[0].size), (1, MIN_PART));
    assert_eq!(parts[0].etag, etag1);
    let url = store.presign_part(&key, &id, 2, MINUTE).await.unwrap();
    let etag2 = transport.put_part(&url, last.clone()).await.unwrap();
    // A wrong ETag, or parts out of order, do not complete.
    let wrong = [(1, etag1.clone()), (2, "\"nope\"".to_owned())];
    assert!(store.complete_multipart(&key, &id, &wrong).await.is_err());
    let backwards = [(2, etag2.clone()), (1, etag1.clone())];
    assert!(
        store
            .complete_multipart(&key, &id, &backwards)
            .await
            .is_err()
    );
    assert_eq!(store.head(&key).await.unwrap(), None);
    store
        .complete_multipart(&key, &id, &[(1, etag1), (2, etag2)])
        .await
        .unwrap();
    let meta = store.head(&key).await.unwrap().unwrap();
    assert_eq!(
        (meta.size, meta.content_type.as_str()),
        (MIN_PART + 7, "video/mp4")
    );
    assert_eq!(store.read_range(&key, 0, 4).await.unwrap(), first[..4]);
    assert_eq!(store.read_range(&key, MIN_PART, 100).await.unwrap(), last);
    let mut whole = Vec::new();
    store
        .open(&key)
        .await
        .unwrap()
        .read_to_end(&mut whole)
        .await
        .unwrap();
    assert_eq!(whole.len() as u64, meta.size);
    assert_eq!(&whole[MIN_PART as usize..], &last[..]);
    // A part too small but the last is refused.
    let small = unique_key();
    let id = store.create_multipart(&small, "video/mp4").await.unwrap();
    let mut etags = Vec::new();
    for n in 1..=2 {
        let url = store.presign_part(&small, &id, n, MINUTE).await.unwrap();
        etags.push((n, transport.put_part(&url, b"tiny".to_vec()).await.unwrap()));
    }
    assert!(store.complete_multipart(&small, &id, &etags).await.is_err());
    // Aborted: its parts are gone, and aborting again is no error.
    store.abort_multipart(&small, &id).await.unwrap();
    assert!(store.list_parts(&small, &id).await.is_err());
    store.abort_multipart(&small, &id).await.unwrap();
    // Parts the platform uploads itself.
    let archive = unique_key();
    let id = store
        .create_multipart(&archive, "application/zip")
        .await
        .unwrap();
    let e1 = store
        .upload_part(&archive, &id, 1, first.clone())
        .await
        .unwrap();
    let e2 = store
        .upload_part(&archive, &id, 2, last.clone())
        .await
        .unwrap();
    store
        .complete_multipart(&archive, &id, &[(1, e1), (2, e2)])
        .await
        .unwrap();
    assert_eq!(
        store.head(&archive).await.unwrap().unwrap().size,
        MIN_PART + 7
    );
    // A named download: the exact name, accents included.
    let url = store
        .presign_download(&archive, Some("Église été.zip"), MINUTE)
        .await
        .unwrap();
    assert_eq!(
        transport.get(&url).await.unwrap().len() as u64,
        MIN_PART + 7
    );
    for key in [key, archive] {
        store.delete(&key).await.unwrap();
    }
}

fn local_store() -> LocalBlobStore {
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(uuid::Uuid::new_v4().to_string());
    LocalBlobStore::new(root, "http://127.0.0.1:8080/", b"test secret".to_vec())
}

async fn s3_store() -> S3Blobs {
    let config = support::moto::aws_config().await;
    let config = aws_sdk_s3::config::Builder::from(&config)
        .force_path_style(true)
        .build();
    let client = aws_sdk_s3::Client::from_conf(config);
    let bucket = format!("estrade-{}", uuid::Uuid::new_v4());
    let location = aws_sdk_s3::types::CreateBucketConfiguration::builder()
        .location_constraint(aws_sdk_s3::types::BucketLocationConstraint::EuWest3)
        .build();
    client
        .create_bucket()
        .bucket(&bucket)
        .create_bucket_configuration(location)
        .send()
        .await
        .unwrap();
    S3Blobs { client, bucket }
}

#[tokio::test]
async fn local_multipart() {
    let store = local_store();
    multipart(&store, Transport::Gateway(&store)).await;
}

#[tokio::test]
async fn s3_multipart() {
    multipart(&s3_store().await, Transport::Http).await;
}

#[tokio::test]
async fn local_round_trip() {
    let store = local_store();
    round_trip(&store, Transport::Gateway(&store)).await;
}

#[tokio::test]
async fn s3_round_trip() {
    round_trip(&s3_store().await, Transport::Http).await;
}

#[tokio::test]
async fn local_urls_point_at_the_gateway() {
    let store = local_store();
    let upload = store
        .presign_upload("a/b.png", "image/png", 3, MINUTE)
        .await
        .unwrap();
    assert!(
        upload
            .url
            .starts_with("http://127.0.0.1:8080/blobs/a/b.png?op=put&ct=image%2Fpng&len=3&exp=")
    );
    let download = store
        .presign_download("a/b.png", None, MINUTE)
        .await
        .unwrap();
    assert!(download.starts_with("http://127.0.0.1:8080/blobs/a/b.png?op=get&exp="));
}

#[tokio::test]
async fn local_rejects_tampered_urls() {
    let store = local_store();
    let upload = store
        .presign_upload("a/b.png", "image/png", 3, MINUTE)
        .await
        .unwrap();
    let (key, query) = key_and_query(&upload.url);
    let now = SystemClock.now();
    assert!(store.verify_upload(&key, &query, now).is_ok());

    let mut tampered = query.clone();
    let sig = &query["sig"];
    let first = if sig.starts_with('A') { 'B' } else { 'A' };
    tampered.insert("sig".into(), format!("{first}{}", &sig[1..]));
    assert!(matches!(
        store.verify_upload(&key, &tampered, now),
        Err(BlobError::Invalid(_))
    ));
    let mut bigger = query.clone();
    bigger.insert("len".into(), "4000000".into());
    assert!(
        store.verify_upload(&key, &bigger, now).is_err(),
        "the length is signed"
    );
    let mut html = query.clone();
    html.insert("ct".into(), "text/html".into());
    assert!(
        store.verify_upload(&key, &html, now).is_err(),
        "the content type is signed"
    );
    assert!(
        store.verify_upload("a/c.png", &query, now).is_err(),
        "the key is signed"
    );
    let other = LocalBlobStore::new("unused", "http://127.0.0.1:8080", b"other secret".to_vec());
    assert!(
        other.verify_upload(&key, &query, now).is_err(),
        "the secret signs"
    );
    let mut unsigned = query.clone();
    unsigned.remove("sig");
    assert!(store.verify_upload(&key, &unsigned, now).is_err());
}

#[tokio::test]
async fn local_rejects_expired_urls() {
    let store = local_store();
    let upload = store
        .presign_upload("a/b.png", "image/png", 3, MINUTE)
        .await
        .unwrap();
    let (key, query) = key_and_query(&upload.url);
    let exp: i64 = query["exp"].parse().unwrap();
    assert!(store.verify_upload(&key, &query, exp).is_ok());
    assert!(store.verify_upload(&key, &query, exp + 1).is_err());

    let download = store
        .presign_download("a/b.png", None, MINUTE)
        .await
        .unwrap();
    let (key, query) = key_and_query(&download);
    let exp: i64 = query["exp"].parse().unwrap();
    assert!(store.verify_download(&key, &query, exp).is_ok());
    assert!(store.verify_download(&key, &query, exp + 1).is_err());
}

#[tokio::test]
async fn local_rejects_the_wrong_operation() {
    let store = local_store();
    let now = SystemClock.now();
    let upload = store
        .presign_upload("a/b.png", "image/png", 3, MINUTE)
        .await
        .unwrap();
    let (key, query) = key_and_query(&upload.url);
    assert!(store.verify_download(&key, &query, now).is_err());
    let download = store
        .presign_download("a/b.png", None, MINUTE)
        .await
        .unwrap();
    let (key, query) = key_and_query(&download);
    assert!(store.verify_upload(&key, &query, now).is_err());
}

#[tokio::test]
async fn local_rejects_a_body_that_is_not_the_signed_one() {
    let store = local_store();
    let upload = store
        .presign_upload("a/b.png", "image/png", 3, MINUTE)
        .await
        .unwrap();
    let (key, query) = key_and_query(&upload.url);
    let signed = store
        .verify_upload(&key, &query, SystemClock.now())
        .unwrap();
    assert!(store.write(&signed, "image/png", b"four").await.is_err());
    assert!(store.write(&signed, "image/png", b"tw").await.is_err());
    assert!(store.write(&signed, "text/html", b"one").await.is_err());
    assert_eq!(store.head("a/b.png").await.unwrap(), None);
    store.write(&signed, "image/png", b"one").await.unwrap();
    assert_eq!(store.head("a/b.png").await.unwrap().unwrap().size, 3);
}

#[tokio::test]
async fn local_rejects_unsafe_keys() {
    let store = local_store();
    for key in [
        "",
        "/etc/passwd",
        "../secret",
        "a/../../b",
        "a//b",
        "a/./b",
        "a b",
        "a\\b",
        "é",
    ] {
        assert!(
            matches!(
                store.presign_upload(key, "image/png", 1, MINUTE).await,
                Err(BlobError::Invalid(_))
            ),
            "{key:?} accepted"
        );
        assert!(store.head(key).await.is_err(), "{key:?} accepted");
    }
    assert!(
        store
            .presign_upload("ok", "image/png\nx: y", 1, MINUTE)
            .await
            .is_err()
    );
}

#[tokio::test]
async fn s3_urls_sign_type_length_and_expiry() {
    let store = s3_store().await;
    let upload = store
        .presign_upload(&unique_key(), "image/jpeg", 42, MINUTE)
        .await
        .unwrap();
    let query: HashMap<String, String> = Url::parse(&upload.url)
        .unwrap()
        .query_pairs()
        .into_owned()
        .collect();
    assert_eq!(query["X-Amz-Expires"], "60");
    let signed: Vec<&str> = query["X-Amz-SignedHeaders"].split(';').collect();
    assert!(signed.contains(&"content-length"), "{signed:?}");
    assert!(signed.contains(&"content-type"), "{signed:?}");
    assert_eq!(header(&upload, "content-length"), "42");

    let download = store
        .presign_download(&unique_key(), None, MINUTE)
        .await
        .unwrap();
    assert!(download.contains("X-Amz-Expires=60"), "{download}");
}
