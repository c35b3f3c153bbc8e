//! The security headers of every answer: pages, `/api/*`, blobs, the WebSocket's upgrade. The
//! words are `estrade::edge`'s, which CloudFront's policy in template.yaml also uses. The
//! policy's WebSocket origin is the public URL's (`ws://127.0.0.1:8080`). No HSTS: the gateway
//! speaks plain http, where browsers ignore it (see `estrade::edge`).
//!
//! An answer that already carries a `Content-Security-Policy` (a blob's `sandbox`) keeps it and
//! gets the site's too: a browser enforces both. The other headers are set when missing.

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use estrade::edge::{self, Sources};
use std::sync::Arc;

struct Headers {
    /// Every header of `estrade::edge::headers`, the policy first.
    site: Vec<(HeaderName, HeaderValue)>,
    /// The outbox page's policy: the site's, plus its own inline `<style>`. A developer's page
    /// on loopback only, whose emails are escaped text; not a page of the app.
    outbox: HeaderValue,
}

/// `router`, every answer of which carries the security headers.
pub fn add(router: Router, public_url: &str) -> Router {
    let websocket = edge::websocket_origin(public_url);
    let sources = Sources {
        websocket: &websocket,
        files: None,
    };
    let value = |text: String| HeaderValue::try_from(text).expect("header values are ASCII");
    let site = edge::headers(&sources)
        .into_iter()
        .map(|(name, text)| (HeaderName::from_static(name), value(text)))
        .collect();
    let outbox = edge::content_security_policy(&sources)
        .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");
    let headers = Arc::new(Headers {
        site,
        outbox: value(outbox),
    });
    router.layer(middleware::from_fn_with_state(headers, set))
}

async fn set(State(headers): State<Arc<Headers>>, request: Request, next: Next) -> Response {
    let outbox = request.uri().path() == "/_outbox";
    let mut response = next.run(request).await;
    let answer = response.headers_mut();
    for (name, value) in &headers.site {
        if name == header::CONTENT_SECURITY_POLICY {
            let policy = if outbox { &headers.outbox } else { value };
            answer.append(name, policy.clone());
        } else if !answer.contains_key(name) {
            answer.insert(name, value.clone());
        }
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use axum::routing::get;
    use tower::ServiceExt;

    fn app() -> Router {
        let router = Router::new()
            .route("/", get(|| async { "page" }))
            .route("/_outbox", get(|| async { "outbox" }))
            .route(
                "/blobs/x",
                get(|| async { ([(header::CONTENT_SECURITY_POLICY, "sandbox")], "blob") }),
            );
        add(router, "http://127.0.0.1:8080")
    }

    async fn headers(path: &str) -> axum::http::HeaderMap {
        let request = Request::get(path).body(Body::empty()).unwrap();
        app().oneshot(request).await.unwrap().headers().clone()
    }

    fn policies(headers: &axum::http::HeaderMap) -> Vec<&str> {
        headers
            .get_all(header::CONTENT_SECURITY_POLICY)
            .iter()
            .map(|v| v.to_str().unwrap())
            .collect()
    }

    #[tokio::test]
    async fn every_answer_carries_the_security_headers() {
        let page = headers("/").await;
        let policy = edge::content_security_policy(&Sources {
            websocket: "ws://127.0.0.1:8080",
            files: None,
        });
        assert_eq!(policies(&page), [policy.as_str()]);
        assert_eq!(page["referrer-policy"], "no-referrer");
        assert_eq!(page["permissions-policy"], edge::PERMISSIONS_POLICY);
        assert_eq!(page["x-content-type-options"], "nosniff");
        assert_eq!(page["x-frame-options"], "DENY");
        assert!(page.get("strict-transport-security").is_none());
        // A blob keeps its sandbox, and gets the site's policy too.
        assert_eq!(policies(&headers("/blobs/x").await), ["sandbox", &policy]);
        // The outbox page's own inline style.
        let outbox = headers("/_outbox").await;
        assert!(policies(&outbox)[0].contains("style-src 'self' 'unsafe-inline';"));
        // 404s as well.
        assert_eq!(policies(&headers("/nowhere").await), [policy.as_str()]);
    }
}
