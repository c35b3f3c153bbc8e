//! The security headers of every answer of the site and the API, written once: the local
//! gateway adds them (`infra/gateway/src/headers.rs`) and, on AWS, CloudFront's response
//! headers policy in `template.yaml` says the same words (a unit test below compares them).
//!
//! - `Content-Security-Policy`: scripts, styles, fonts and frames from the site only, no
//!   inline script or style, nothing may frame the site, no plugin, no `<base>` elsewhere, forms
//!   post to the site only. A page connects to its own origin, the live WebSocket's and, on
//!   AWS, the files bucket's (uploads PUT to signed S3 URLs); images come from the site,
//!   `data:` and `blob:` (Uppy's thumbnails of the files being uploaded) and, on AWS, the
//!   files bucket (gallery previews are signed S3 URLs).
//! - `Referrer-Policy: no-referrer`: reset and verification tokens and signed URLs sit in URLs,
//!   so no URL is ever sent as a `Referer`, not even to the site itself (whose logs would keep
//!   it). Nothing reads a `Referer`: the cookie routes check `Sec-Fetch-Site` and `Origin`, and
//!   a `fetch` still sends its `Origin`.
//! - `Permissions-Policy`: every powerful feature the pages never use is off, for the site and
//!   anything it might embed.
//! - `Strict-Transport-Security` (AWS only: the local gateway speaks plain http, where browsers
//!   ignore it, and behind a local TLS proxy it would pin every port of `localhost` to https
//!   for two years), `X-Content-Type-Options: nosniff`, `X-Frame-Options: DENY` (for browsers
//!   that predate `frame-ancestors`).

/// Where a page may connect and load images from, beyond the site's own origin.
#[derive(Debug, Clone, Copy)]
pub struct Sources<'a> {
    /// The live WebSocket's origin: `ws://127.0.0.1:8080` locally (the gateway's `/ws`; `'self'`
    /// covers it in today's browsers, not in older ones), the WebSocket API's `wss://` domain
    /// on AWS.
    pub websocket: &'a str,
    /// The files' origin when it is not the site's: the S3 bucket's regional domain on AWS
    /// (signed uploads and previews). Locally the signed URLs are the gateway's `/blobs/`.
    pub files: Option<&'a str>,
}

/// The `Content-Security-Policy` of the site and the API.
///
/// `style-src 'self'` without `'unsafe-inline'`: the built app has no `<style>` element and
/// no `style` attribute in its markup. React and Uppy's Preact set styles through the DOM's
/// `style` property (the CSSOM), which a policy does not govern, and Uppy's CSS is bundled
/// into the app's stylesheet. The browser test `frontend/e2e/csp.test.mjs` visits every page
/// (Uppy's uploader included) and fails on any violation.
pub fn content_security_policy(sources: &Sources) -> String {
    let files = sources.files.map(|f| format!(" {f}")).unwrap_or_default();
    [
        "default-src 'self'".to_owned(),
        "script-src 'self'".to_owned(),
        "style-src 'self'".to_owned(),
        format!("img-src 'self' data: blob:{files}"),
        format!("connect-src 'self' {}{files}", sources.websocket),
        "font-src 'self'".to_owned(),
        "object-src 'none'".to_owned(),
        "base-uri 'self'".to_owned(),
        "form-action 'self'".to_owned(),
        "frame-ancestors 'none'".to_owned(),
    ]
    .join("; ")
}

/// `Referrer-Policy`: no URL leaves as a `Referer` (see the module's comment).
pub const REFERRER_POLICY: &str = "no-referrer";

/// `Permissions-Policy`: the powerful features, all off (the pages use none; the clipboard,
/// which the iCal feed's copy button writes, stays the site's).
pub const PERMISSIONS_POLICY: &str = "accelerometer=(), camera=(), display-capture=(), \
     geolocation=(), gyroscope=(), hid=(), magnetometer=(), microphone=(), midi=(), \
     payment=(), publickey-credentials-get=(), screen-wake-lock=(), serial=(), usb=(), \
     xr-spatial-tracking=()";

/// `Strict-Transport-Security`'s max-age: two years.
pub const HSTS_MAX_AGE: u64 = 63_072_000;

/// `Strict-Transport-Security`, sent on AWS only (see the module's comment).
pub fn strict_transport_security() -> String {
    format!("max-age={HSTS_MAX_AGE}; includeSubDomains")
}

/// `X-Frame-Options`, for browsers without `frame-ancestors`.
pub const FRAME_OPTIONS: &str = "DENY";

/// Every security header but HSTS, with its value: what the local gateway adds.
pub fn headers(sources: &Sources) -> Vec<(&'static str, String)> {
    vec![
        ("content-security-policy", content_security_policy(sources)),
        ("referrer-policy", REFERRER_POLICY.to_owned()),
        ("permissions-policy", PERMISSIONS_POLICY.to_owned()),
        ("x-content-type-options", "nosniff".to_owned()),
        ("x-frame-options", FRAME_OPTIONS.to_owned()),
    ]
}

/// The WebSocket origin of a site's origin: `http://h:p` → `ws://h:p`, `https://h` → `wss://h`.
pub fn websocket_origin(site: &str) -> String {
    let site = site.trim_end_matches('/');
    match site.split_once("://") {
        Some(("https", rest)) => format!("wss://{rest}"),
        Some((_, rest)) => format!("ws://{rest}"),
        None => format!("ws://{site}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lambda::{ORIGIN_VERIFY_ENV, ORIGIN_VERIFY_HEADER};
    use saphyr::{LoadableYamlNode, YamlOwned};

    const TEMPLATE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../template.yaml");

    /// The sources of the AWS stack, in `!Sub` syntax.
    const AWS: Sources = Sources {
        websocket: "wss://${WebSocketApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}",
        files: Some("https://${Bucket.RegionalDomainName}"),
    };

    fn template() -> YamlOwned {
        let text = std::fs::read_to_string(TEMPLATE).expect("read template.yaml");
        YamlOwned::load_from_str(&text)
            .expect("template.yaml is valid YAML")
            .remove(0)
    }

    /// Where the CloudFront distribution's settings sit in the template.
    const DISTRIBUTION: &[&str] = &[
        "Resources",
        "Distribution",
        "Properties",
        "DistributionConfig",
    ];

    fn at<'a>(node: &'a YamlOwned, path: &[&str]) -> &'a YamlOwned {
        path.iter().fold(node, |node, key| {
            node.as_mapping_get(key)
                .unwrap_or_else(|| panic!("template.yaml has no {}", path.join(".")))
        })
    }

    fn text(node: &YamlOwned) -> String {
        match node {
            YamlOwned::Tagged(_, inner) => text(inner),
            other => match other.as_str() {
                Some(s) => s.to_owned(),
                None => other
                    .as_integer()
                    .map(|n| n.to_string())
                    .or_else(|| other.as_bool().map(|b| b.to_string()))
                    .unwrap_or_else(|| panic!("not a scalar: {other:?}")),
            },
        }
    }

    /// `!Sub "…"` (or `!Ref X`): the tag and its text.
    fn tagged(node: &YamlOwned) -> (String, String) {
        match node {
            YamlOwned::Tagged(tag, inner) => (tag.suffix.clone(), text(inner)),
            other => panic!("not a tagged value: {other:?}"),
        }
    }

    #[test]
    fn the_local_policy_names_the_gateways_websocket_and_no_other_origin() {
        let ws = websocket_origin("http://127.0.0.1:8080");
        assert_eq!(ws, "ws://127.0.0.1:8080");
        assert_eq!(
            websocket_origin("https://estrade.example/"),
            "wss://estrade.example"
        );
        let policy = content_security_policy(&Sources {
            websocket: &ws,
            files: None,
        });
        assert_eq!(
            policy,
            "default-src 'self'; script-src 'self'; style-src 'self'; \
             img-src 'self' data: blob:; connect-src 'self' ws://127.0.0.1:8080; \
             font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; \
             frame-ancestors 'none'"
        );
        assert!(!policy.contains("unsafe"), "{policy}");
    }

    #[test]
    fn cloudfront_sends_the_same_headers_on_the_site_and_the_api() {
        let doc = template();
        let policy = at(&doc, &["Resources", "SecurityHeadersPolicy"]);
        assert_eq!(
            text(at(policy, &["Type"])),
            "AWS::CloudFront::ResponseHeadersPolicy"
        );
        let config = at(policy, &["Properties", "ResponseHeadersPolicyConfig"]);
        let security = at(config, &["SecurityHeadersConfig"]);
        let csp = at(security, &["ContentSecurityPolicy"]);
        assert_eq!(
            tagged(at(csp, &["ContentSecurityPolicy"])),
            ("Sub".to_owned(), content_security_policy(&AWS))
        );
        assert_eq!(
            text(at(security, &["ReferrerPolicy", "ReferrerPolicy"])),
            REFERRER_POLICY
        );
        assert_eq!(
            text(at(security, &["FrameOptions", "FrameOption"])),
            FRAME_OPTIONS
        );
        let hsts = at(security, &["StrictTransportSecurity"]);
        assert_eq!(
            text(at(hsts, &["AccessControlMaxAgeSec"])),
            HSTS_MAX_AGE.to_string()
        );
        assert_eq!(text(at(hsts, &["IncludeSubdomains"])), "true");
        assert_eq!(
            strict_transport_security(),
            "max-age=63072000; includeSubDomains"
        );
        assert_eq!(
            text(at(security, &["ContentTypeOptions", "Override"])),
            "true"
        );
        for header in ["ContentSecurityPolicy", "ReferrerPolicy", "FrameOptions"] {
            assert_eq!(
                text(at(security, &[header, "Override"])),
                "true",
                "{header}"
            );
        }
        let custom = at(config, &["CustomHeadersConfig", "Items"])
            .as_sequence()
            .expect("CustomHeadersConfig.Items is a list");
        let permissions = custom
            .iter()
            .find(|item| text(at(item, &["Header"])) == "Permissions-Policy")
            .expect("a Permissions-Policy custom header");
        assert_eq!(text(at(permissions, &["Value"])), PERMISSIONS_POLICY);

        let distribution = at(&doc, DISTRIBUTION);
        let mut behaviours = vec![at(distribution, &["DefaultCacheBehavior"])];
        behaviours.extend(
            at(distribution, &["CacheBehaviors"])
                .as_sequence()
                .expect("CacheBehaviors is a list"),
        );
        for behaviour in behaviours {
            assert_eq!(
                tagged(at(behaviour, &["ResponseHeadersPolicyId"])),
                ("Ref".to_owned(), "SecurityHeadersPolicy".to_owned()),
                "{behaviour:?}"
            );
        }
    }

    /// CloudFront adds the origin header to the API's requests, and every HTTP function (and
    /// only they) gets the same secret to check it against.
    #[test]
    fn only_cloudfront_reaches_the_http_functions() {
        let doc = template();
        let secret = "{{resolve:secretsmanager:${OriginVerifySecret}:SecretString}}";
        let distribution = at(&doc, DISTRIBUTION);
        let origins = at(distribution, &["Origins"]).as_sequence().unwrap();
        let api = origins
            .iter()
            .find(|o| text(at(o, &["Id"])) == "api")
            .expect("an api origin");
        let headers = at(api, &["OriginCustomHeaders"]).as_sequence().unwrap();
        assert_eq!(headers.len(), 1);
        assert!(text(at(&headers[0], &["HeaderName"])).eq_ignore_ascii_case(ORIGIN_VERIFY_HEADER));
        assert_eq!(
            tagged(at(&headers[0], &["HeaderValue"])),
            ("Sub".to_owned(), secret.to_owned())
        );
        assert!(
            at(&doc, &["Globals", "Function", "Environment", "Variables"])
                .as_mapping_get(ORIGIN_VERIFY_ENV)
                .is_none(),
            "Globals reach every function: the secret goes to the HTTP functions only"
        );
        let resources = at(&doc, &["Resources"]).as_mapping().unwrap();
        let mut http = 0;
        for (id, resource) in resources {
            if text(at(resource, &["Type"])) != "AWS::Serverless::Function" {
                continue;
            }
            let serves_http = resource
                .as_mapping_get("Properties")
                .and_then(|p| p.as_mapping_get("Events"))
                .and_then(YamlOwned::as_mapping)
                .is_some_and(|events| {
                    events.values().any(|e| {
                        e.as_mapping_get("Type").and_then(YamlOwned::as_str) == Some("HttpApi")
                    })
                });
            let variable = resource
                .as_mapping_get("Properties")
                .and_then(|p| p.as_mapping_get("Environment"))
                .and_then(|e| e.as_mapping_get("Variables"))
                .and_then(|v| v.as_mapping_get(ORIGIN_VERIFY_ENV))
                .map(tagged);
            let id = text(id);
            if serves_http {
                http += 1;
                assert_eq!(
                    variable,
                    Some(("Sub".to_owned(), secret.to_owned())),
                    "{id} serves HTTP: it needs {ORIGIN_VERIFY_ENV}"
                );
            } else {
                assert_eq!(
                    variable, None,
                    "{id} serves no HTTP: no {ORIGIN_VERIFY_ENV}"
                );
            }
        }
        assert!(http >= 30, "only {http} HTTP functions found");
    }

    /// The AWS SDK's presigned URLs name the bucket's regional domain, which the template's
    /// policy allows (`${Bucket.RegionalDomainName}`: `{bucket}.s3.{region}.amazonaws.com`).
    #[tokio::test]
    async fn presigned_urls_are_on_the_buckets_regional_domain() {
        use aws_sdk_s3::config::{BehaviorVersion, Credentials, Region};
        use aws_sdk_s3::presigning::PresigningConfig;
        for region in ["eu-west-3", "us-east-1"] {
            let config = aws_sdk_s3::Config::builder()
                .behavior_version(BehaviorVersion::latest())
                .region(Region::new(region))
                .credentials_provider(Credentials::new("AKID", "SECRET", None, None, "test"))
                .build();
            let client = aws_sdk_s3::Client::from_conf(config);
            let presign = PresigningConfig::expires_in(std::time::Duration::from_secs(60))
                .expect("a presigning duration");
            let get = client
                .get_object()
                .bucket("estrade-bucket-1a2b3c")
                .key("galleries/g/f/preview.jpg")
                .presigned(presign.clone())
                .await
                .expect("a presigned GET");
            let put = client
                .put_object()
                .bucket("estrade-bucket-1a2b3c")
                .key("galleries/g/f/original")
                .presigned(presign)
                .await
                .expect("a presigned PUT");
            for url in [get.uri(), put.uri()] {
                let expected = format!("https://estrade-bucket-1a2b3c.s3.{region}.amazonaws.com/");
                assert!(url.starts_with(&expected), "{url} is not on {expected}");
            }
        }
    }
}
