//! Fetching a provider's other calendar from its secret address, guarded: the address is
//! given by a user, and the function runs beside the Lambda Runtime API (on loopback) and
//! cloud metadata endpoints (link-local). So:
//! - https only;
//! - the host is resolved first, and every address it resolves to must be public (not
//!   loopback, private, link-local, shared, unspecified, multicast, documentation, nor
//!   an IPv6 unique-local or IPv4-mapped form of those); the connection goes to that
//!   checked address (no second lookup that could answer otherwise);
//! - no redirect is followed; only 200 is read;
//! - a timeout for the whole exchange, and at most [`super::busy::MAX_BYTES`] read.
//!
//! Tests (and only tests) may allow plain http to a loopback address, through
//! [`Policy::loopback_for_tests`]: production never builds that policy.

use super::busy::MAX_BYTES;
use reqwest::Url;
use reqwest::redirect;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

/// How a fetch is guarded.
#[derive(Debug, Clone)]
pub struct Policy {
    pub timeout: Duration,
    pub max_bytes: usize,
    loopback_http: bool,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            timeout: Duration::from_secs(10),
            max_bytes: MAX_BYTES,
            loopback_http: false,
        }
    }
}

impl Policy {
    /// Plain http to 127.0.0.1 or ::1 allowed, for a test server; nothing else changes.
    pub fn loopback_for_tests() -> Self {
        Policy {
            loopback_http: true,
            ..Policy::default()
        }
    }
}

/// Why a calendar could not be fetched (recorded on that calendar).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused(pub String);

/// The checked address of a calendar URL: https (or loopback http in tests), with a host.
pub fn check_url(url: &str, policy: &Policy) -> Result<Url, Refused> {
    let parsed = Url::parse(url.trim()).map_err(|_| Refused("not a web address".into()))?;
    let loopback_test =
        policy.loopback_http && parsed.scheme() == "http" && is_loopback_host(&parsed);
    if parsed.scheme() != "https" && !loopback_test {
        return Err(Refused("only https addresses are fetched".into()));
    }
    if parsed.host_str().is_none() || !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(Refused("an address with a host and no credentials".into()));
    }
    Ok(parsed)
}

fn is_loopback_host(url: &Url) -> bool {
    matches!(url.host_str(), Some("127.0.0.1" | "[::1]" | "localhost"))
}

/// Whether an address may be connected to: a public one.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            !(v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || v4.is_documentation()
                || a == 0
                || (a == 100 && (64..128).contains(&b))
                || (a == 192 && b == 0)
                || (a == 198 && (18..20).contains(&b))
                || a >= 240)
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public(IpAddr::V4(v4));
            }
            let first = v6.segments()[0];
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
                || first == 0x2001 && v6.segments()[1] == 0x0db8)
        }
    }
}

/// The calendar at `url`, as text.
pub async fn fetch(url: &str, policy: &Policy) -> Result<String, Refused> {
    let url = check_url(url, policy)?;
    let host = url
        .host_str()
        .unwrap_or_default()
        .trim_matches(['[', ']'])
        .to_owned();
    let port = url.port_or_known_default().unwrap_or(443);
    let addresses: Vec<SocketAddr> = tokio::time::timeout(
        policy.timeout,
        tokio::net::lookup_host((host.as_str(), port)),
    )
    .await
    .map_err(|_| Refused("the name did not resolve in time".into()))?
    .map_err(|_| Refused(format!("no such host {host}")))?
    .collect();
    let allowed =
        |a: &SocketAddr| is_public(a.ip()) || (policy.loopback_http && a.ip().is_loopback());
    let Some(address) = addresses.first().copied() else {
        return Err(Refused(format!("no such host {host}")));
    };
    if !addresses.iter().all(allowed) {
        return Err(Refused("the address is not a public one".into()));
    }
    let client = client(policy)?
        .resolve(&host, address)
        .build()
        .map_err(|e| Refused(e.to_string()))?;
    let exchange = async {
        let mut response = client
            .get(url)
            .send()
            .await
            .map_err(|e| Refused(format!("could not fetch: {}", e.without_url())))?;
        if response.status().is_redirection() {
            return Err(Refused(
                "the address redirects: give the final address".into(),
            ));
        }
        if response.status() != reqwest::StatusCode::OK {
            return Err(Refused(format!(
                "the server answered {}",
                response.status()
            )));
        }
        let mut body = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| Refused(e.without_url().to_string()))?
        {
            if body.len() + chunk.len() > policy.max_bytes {
                return Err(Refused(format!("larger than {} bytes", policy.max_bytes)));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(String::from_utf8_lossy(&body).into_owned())
    };
    tokio::time::timeout(policy.timeout, exchange)
        .await
        .map_err(|_| Refused("the server did not answer in time".into()))?
}

/// A client that follows no redirect, with rustls on the SDK's crypto and the system's roots.
fn client(policy: &Policy) -> Result<reqwest::ClientBuilder, Refused> {
    let mut roots = rustls::RootCertStore::empty();
    for cert in rustls_native_certs::load_native_certs().certs {
        let _ = roots.add(cert);
    }
    let tls = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::aws_lc_rs::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .map_err(|e| Refused(e.to_string()))?
    .with_root_certificates(roots)
    .with_no_client_auth();
    Ok(reqwest::Client::builder()
        .use_preconfigured_tls(tls)
        .redirect(redirect::Policy::none())
        .timeout(policy.timeout)
        .user_agent("Estrade calendar sync"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::TcpListener;

    /// A server on 127.0.0.1 that answers every request with `answer`; its address.
    async fn serve(answer: &'static [u8], stall: bool) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        tokio::spawn(async move {
            loop {
                let Ok((mut socket, _)) = listener.accept().await else {
                    return;
                };
                tokio::spawn(async move {
                    let mut request = [0u8; 4096];
                    let _ = socket.read(&mut request).await;
                    if stall {
                        tokio::time::sleep(Duration::from_secs(30)).await;
                    }
                    let _ = socket.write_all(answer).await;
                });
            }
        });
        format!("http://{address}/cal.ics")
    }

    #[tokio::test]
    async fn a_loopback_test_server_is_read_only_when_tests_allow_it() {
        let url = serve(
            b"HTTP/1.1 200 OK\r\ncontent-length: 15\r\nconnection: close\r\n\r\nBEGIN:VCALENDAR",
            false,
        )
        .await;
        assert_eq!(
            fetch(&url, &Policy::loopback_for_tests()).await.unwrap(),
            "BEGIN:VCALENDAR"
        );
        let refused = fetch(&url, &Policy::default()).await.unwrap_err();
        assert!(refused.0.contains("https"), "{refused:?}");
        let https = url.replace("http://", "https://");
        let refused = fetch(&https, &Policy::default()).await.unwrap_err();
        assert!(refused.0.contains("public"), "{refused:?}");
    }

    #[tokio::test]
    async fn redirects_large_files_and_silence_are_refused() {
        let tests = Policy {
            timeout: Duration::from_millis(500),
            max_bytes: 10,
            ..Policy::loopback_for_tests()
        };
        let moved = serve(
            b"HTTP/1.1 302 Found\r\nlocation: http://169.254.169.254/\r\ncontent-length: 0\r\n\r\n",
            false,
        )
        .await;
        assert!(
            fetch(&moved, &tests)
                .await
                .unwrap_err()
                .0
                .contains("redirects")
        );
        let large = serve(
            b"HTTP/1.1 200 OK\r\ncontent-length: 15\r\nconnection: close\r\n\r\nBEGIN:VCALENDAR",
            false,
        )
        .await;
        assert!(
            fetch(&large, &tests)
                .await
                .unwrap_err()
                .0
                .contains("larger")
        );
        let silent = serve(b"", true).await;
        let started = std::time::Instant::now();
        assert!(fetch(&silent, &tests).await.is_err());
        assert!(started.elapsed() < Duration::from_secs(3));
    }

    #[test]
    fn only_public_addresses_pass() {
        for private in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
        ] {
            assert!(!is_public(private.parse().unwrap()), "{private}");
        }
        for public in ["8.8.8.8", "151.101.1.69", "2a00:1450:4007:80e::200e"] {
            assert!(is_public(public.parse().unwrap()), "{public}");
        }
        let policy = Policy::default();
        assert!(check_url("ftp://example.com/x.ics", &policy).is_err());
        assert!(check_url("https://user:pw@example.com/x.ics", &policy).is_err());
        assert!(check_url("not a url", &policy).is_err());
        assert!(check_url("https://calendar.example.com/secret.ics", &policy).is_ok());
    }
}
