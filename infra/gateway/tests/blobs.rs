//! The blob routes over real HTTP: signed upload and download, and each rejection.

#[path = "../src/blobs.rs"]
mod blobs;

use estrade::adapters::local_blob::LocalBlobStore;
use estrade::ports::BlobStore;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const MINUTE: Duration = Duration::from_secs(60);

/// A gateway serving only the blob routes on loopback, and its store.
async fn serve() -> Arc<LocalBlobStore> {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("blobs-{}", unique()));
    let store = Arc::new(LocalBlobStore::new(root, &base, b"secret".to_vec()));
    let app = blobs::router(store.clone());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    store
}

fn unique() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos()
}

struct Reply {
    status: u16,
    headers: String,
    body: Vec<u8>,
}

/// One HTTP/1.1 request to an absolute `http://` URL, answered before the connection closes.
async fn send(method: &str, url: &str, headers: &[(&str, &str)], body: &[u8]) -> Reply {
    let rest = url.strip_prefix("http://").unwrap();
    let (host, target) = rest.split_at(rest.find('/').unwrap());
    let mut request =
        format!("{method} {target} HTTP/1.1\r\nhost: {host}\r\nconnection: close\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    let mut stream = TcpStream::connect(host).await.unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    // The server may answer (413) and close before reading all of a too-long body.
    let _ = stream.write_all(body).await;
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw).await;
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("an HTTP response");
    let head = String::from_utf8(raw[..end].to_vec()).unwrap();
    Reply {
        status: head[9..12].parse().unwrap(),
        headers: head.to_lowercase(),
        body: raw[end + 4..].to_vec(),
    }
}

fn error_code(reply: &Reply) -> String {
    let json: serde_json::Value = serde_json::from_slice(&reply.body).unwrap();
    json["error"]["code"].as_str().unwrap().to_owned()
}

async fn put(
    store: &LocalBlobStore,
    key: &str,
    content_type: &str,
    len: &str,
    body: &[u8],
) -> Reply {
    let upload = store
        .presign_upload(key, "image/png", 3, MINUTE)
        .await
        .unwrap();
    let headers = [("content-type", content_type), ("content-length", len)];
    send("PUT", &upload.url, &headers, body).await
}

#[tokio::test]
async fn upload_then_download() {
    let store = serve().await;
    let reply = put(&store, "p/1.png", "image/png", "3", b"png").await;
    assert_eq!(
        reply.status,
        200,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );

    let url = store
        .presign_download("p/1.png", None, MINUTE)
        .await
        .unwrap();
    let reply = send("GET", &url, &[], b"").await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body, b"png");
    assert!(
        reply.headers.contains("content-type: image/png"),
        "{}",
        reply.headers
    );
    assert!(reply.headers.contains("x-content-type-options: nosniff"));
}

#[tokio::test]
async fn bad_signatures_are_forbidden() {
    let store = serve().await;
    let upload = store
        .presign_upload("p/1.png", "image/png", 3, MINUTE)
        .await
        .unwrap();
    let headers = [("content-type", "image/png"), ("content-length", "3")];
    let tampered = upload.url.replace("len=3", "len=4");
    let reply = send("PUT", &tampered, &headers, b"png!").await;
    assert_eq!(
        (reply.status, error_code(&reply).as_str()),
        (403, "forbidden")
    );

    let reply = put(&store, "p/1.png", "text/html", "3", b"<p>").await;
    assert_eq!(
        (reply.status, error_code(&reply).as_str()),
        (403, "signature_mismatch")
    );

    let download = store
        .presign_download("p/1.png", None, MINUTE)
        .await
        .unwrap();
    let reply = send("PUT", &download, &headers, b"png").await;
    assert_eq!(reply.status, 403, "a download URL does not upload");
    let reply = send("GET", &upload.url, &[], b"").await;
    assert_eq!(reply.status, 403, "an upload URL does not download");
}

#[tokio::test]
async fn expired_urls_are_forbidden() {
    let store = serve().await;
    let upload = store
        .presign_upload("p/1.png", "image/png", 3, Duration::ZERO)
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let headers = [("content-type", "image/png"), ("content-length", "3")];
    let reply = send("PUT", &upload.url, &headers, b"png").await;
    assert_eq!(reply.status, 403);
    assert!(String::from_utf8_lossy(&reply.body).contains("expired"));
}

#[tokio::test]
async fn wrong_lengths_are_refused() {
    let store = serve().await;
    assert_eq!(
        put(&store, "p/1.png", "image/png", "5", b"png!!")
            .await
            .status,
        413
    );
    assert_eq!(
        put(&store, "p/1.png", "image/png", "2", b"pn").await.status,
        400
    );
    assert!(store.head("p/1.png").await.unwrap().is_none());
}

#[tokio::test]
async fn absent_blobs_are_not_found() {
    let store = serve().await;
    let url = store
        .presign_download("p/none.png", None, MINUTE)
        .await
        .unwrap();
    let reply = send("GET", &url, &[], b"").await;
    assert_eq!(
        (reply.status, error_code(&reply).as_str()),
        (404, "not_found")
    );
}
