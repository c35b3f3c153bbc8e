//! Contract of the blob-store port, run against the local adapter (URLs checked and served
//! through the same calls the gateway makes) and the S3 adapter (moto, over HTTP).

use crate::support;

use estrade::adapters::local_blob::LocalBlobStore;
use estrade::adapters::s3::S3Blobs;
use estrade::ports::{BlobError, BlobMeta, BlobStore, Clock, PresignedUpload, SystemClock};
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

    let url = store.presign_download(&key, MINUTE).await.unwrap();
    assert_eq!(transport.get(&url).await.unwrap(), body);

    store.delete(&key).await.unwrap();
    assert_eq!(store.head(&key).await.unwrap(), None);
    store
        .delete(&key)
        .await
        .expect("deleting an absent blob is not an error");
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
    let download = store.presign_download("a/b.png", MINUTE).await.unwrap();
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

    let download = store.presign_download("a/b.png", MINUTE).await.unwrap();
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
    let download = store.presign_download("a/b.png", MINUTE).await.unwrap();
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

    let download = store.presign_download(&unique_key(), MINUTE).await.unwrap();
    assert!(download.contains("X-Amz-Expires=60"), "{download}");
}
