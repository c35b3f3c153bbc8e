//! HTTP entry point shared by every Lambda function and the local gateway:
//! routing, request parsing, and the mapping of every outcome to a JSON response.

mod error;
mod reply;
mod request;
pub mod routes;

pub use error::ApiError;
pub use reply::Reply;
pub use request::{MAX_BODY, Req};

use crate::app::App;
use lambda_http::http::{HeaderValue, StatusCode, header};
use lambda_http::{Body, Request, Response};
use routes::Route;
use std::collections::HashMap;

/// Routes of one function (or of all of them, for the local gateway).
pub struct Router {
    paths: matchit::Router<Vec<&'static Route>>,
}

impl Router {
    /// The routes served by `function`, or every route when `None`.
    pub fn new(function: Option<&str>) -> Self {
        let mut by_path: Vec<(&str, Vec<&'static Route>)> = Vec::new();
        for route in routes::ROUTES
            .iter()
            .filter(|r| function.is_none_or(|f| r.function == f))
        {
            match by_path.iter_mut().find(|(p, _)| *p == route.path) {
                Some((_, list)) => list.push(route),
                None => by_path.push((route.path, vec![route])),
            }
        }
        let mut paths = matchit::Router::new();
        for (path, list) in by_path {
            paths.insert(path, list).expect("route paths are distinct");
        }
        Router { paths }
    }

    /// Answers one request; never fails: every error becomes a JSON response.
    pub async fn handle(&self, app: &App, request: Request) -> Response<Body> {
        let reply = match self.dispatch(app, request).await {
            Ok(reply) => reply,
            Err(error) => Reply::from(&error),
        };
        to_response(reply)
    }

    async fn dispatch(&self, app: &App, request: Request) -> Result<Reply, ApiError> {
        let (parts, body) = request.into_parts();
        let matched = self
            .paths
            .at(parts.uri.path())
            .map_err(|_| ApiError::not_found(format!("no route for {}", parts.uri.path())))?;
        let route = matched
            .value
            .iter()
            .find(|r| r.method == parts.method.as_str())
            .ok_or_else(|| {
                let allowed: Vec<_> = matched.value.iter().map(|r| r.method).collect();
                ApiError::new(
                    405,
                    "method_not_allowed",
                    format!("use {} on this path", allowed.join(", ")),
                )
            })?;
        let params = matched
            .params
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let query = form_urlencoded::parse(parts.uri.query().unwrap_or_default().as_bytes())
            .into_owned()
            .collect::<HashMap<_, _>>();
        let req = Req {
            headers: parts.headers,
            params,
            query,
            body: body.to_vec(),
        };
        (route.handler)(app, req).await
    }
}

fn to_response(reply: Reply) -> Response<Body> {
    let mut builder = Response::builder()
        .status(StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR))
        .header(header::CACHE_CONTROL, "no-store");
    for (name, value) in &reply.headers {
        builder = builder.header(*name, value);
    }
    let body = match reply.body {
        Some(value) => {
            builder = builder.header(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            Body::Text(value.to_string())
        }
        None => Body::Empty,
    };
    builder.body(body).expect("valid response parts")
}
