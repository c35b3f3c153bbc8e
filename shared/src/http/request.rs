//! A request as handlers see it, independent of Lambda or the local gateway.

use super::ApiError;
use lambda_http::http::HeaderMap;
use serde::de::{DeserializeOwned, IgnoredAny};
use std::collections::HashMap;

/// Largest JSON body accepted.
pub const MAX_BODY: usize = 64 * 1024;

pub struct Req {
    pub headers: HeaderMap,
    pub params: HashMap<String, String>,
    pub query: HashMap<String, String>,
    pub body: Vec<u8>,
    /// The caller's IP address, as API Gateway (or the local gateway) saw it.
    pub source_ip: Option<String>,
    /// Whether the request may change state (any method but GET and HEAD): it counts
    /// against the caller's write limit.
    pub writes: bool,
}

impl Req {
    /// A path parameter declared in the route (always present once routed).
    pub fn param(&self, name: &str) -> &str {
        self.params
            .get(name)
            .map(String::as_str)
            .unwrap_or_default()
    }

    pub fn query(&self, name: &str) -> Option<&str> {
        self.query.get(name).map(String::as_str)
    }

    /// Whether a browser sent this request from `site` (an origin: `https://host[:port]`).
    /// `Sec-Fetch-Site` decides when present (`same-origin`, or `none`: typed by the user);
    /// else `Origin`, when present, must be `site`; a request with neither (not a browser's
    /// cross-site request: a script, a test) passes. The cookie-authenticated routes need it
    /// besides `SameSite`.
    pub fn from_site(&self, site: &str) -> bool {
        match (self.header("sec-fetch-site"), self.header("origin")) {
            (Some(fetch), _) => matches!(fetch, "same-origin" | "none"),
            (None, Some(origin)) => origin.trim_end_matches('/') == site.trim_end_matches('/'),
            (None, None) => true,
        }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The JSON body, with a clear 4xx for a missing, oversized, malformed or
    /// mistyped body.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, ApiError> {
        let is_json = self.header("content-type").is_some_and(|ct| {
            ct.trim_start()
                .to_ascii_lowercase()
                .starts_with("application/json")
        });
        if !is_json {
            return Err(ApiError::new(
                415,
                "unsupported_media_type",
                "send a JSON body with Content-Type: application/json",
            ));
        }
        if self.body.len() > MAX_BODY {
            return Err(ApiError::new(
                413,
                "payload_too_large",
                "the body is larger than 64 KiB",
            ));
        }
        serde_json::from_slice(&self.body).map_err(|e| {
            // serde_json reports some mistyped values of well-formed JSON as syntax errors
            // (`null` or a number where a name of an enum is expected): a field's fault.
            let well_formed = || serde_json::from_slice::<IgnoredAny>(&self.body).is_ok();
            match e.classify() {
                serde_json::error::Category::Data => {
                    ApiError::new(400, "invalid_field", e.to_string())
                }
                _ if well_formed() => ApiError::new(400, "invalid_field", e.to_string()),
                _ => ApiError::new(400, "invalid_json", format!("malformed JSON: {e}")),
            }
        })
    }

    /// A cookie's value.
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.headers
            .get_all("cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(cookie::Cookie::split_parse)
            .filter_map(Result::ok)
            .find(|c| c.name() == name)
            .map(|c| c.value().to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "lowercase")]
    enum Side {
        Left,
    }

    #[derive(Debug, Deserialize)]
    struct Move {
        #[allow(dead_code)]
        to: Side,
    }

    fn req(body: &str) -> Req {
        let mut headers = HeaderMap::new();
        headers.insert("content-type", "application/json".parse().unwrap());
        Req {
            headers,
            params: HashMap::new(),
            query: HashMap::new(),
            body: body.as_bytes().to_vec(),
            source_ip: None,
            writes: true,
        }
    }

    #[test]
    fn a_mistyped_field_of_well_formed_json_is_invalid_field() {
        for body in [
            r#"{"to": null}"#,
            r#"{"to": 0}"#,
            r#"{"to": false}"#,
            r#"{"to": {}}"#,
        ] {
            let error = req(body).json::<Move>().unwrap_err();
            assert_eq!((error.status, error.code), (400, "invalid_field"), "{body}");
        }
        assert!(req(r#"{"to": "left"}"#).json::<Move>().is_ok());
        for body in [r#"{"to": "#, "", "{to: 1}"] {
            let error = req(body).json::<Move>().unwrap_err();
            assert_eq!((error.status, error.code), (400, "invalid_json"), "{body}");
        }
    }
}
