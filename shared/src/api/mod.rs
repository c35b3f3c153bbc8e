//! The top of the library's HTTP side: the route table ([`routes`]) and the [`Router`]
//! that hands each request to its area's edge. It sits above the areas and `http`.
//! Every outcome becomes a JSON response here, and every error is logged here, once.

pub mod openapi;
pub mod routes;

use crate::app::App;
use crate::http::{self, ApiError, Reply, Req};
use lambda_http::request::RequestContext;
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

    /// Answers one request; never fails: every error becomes a JSON response, and an
    /// internal one is logged with its cause.
    pub async fn handle(&self, app: &App, request: Request) -> Response<Body> {
        let reply = match self.dispatch(app, request).await {
            Ok(reply) => reply,
            Err(error) => {
                if let Some(cause) = &error.cause {
                    tracing::error!(%cause, code = error.code, "internal error");
                }
                Reply::from(&error)
            }
        };
        http::response(reply)
    }

    async fn dispatch(&self, app: &App, request: Request) -> Result<Reply, ApiError> {
        let (parts, body) = request.into_parts();
        let path = parts.uri.path();
        let matched = self
            .paths
            .at(path)
            .map_err(|_| ApiError::new(404, "not_found", format!("no route for {path}")))?;
        let Some(route) = matched
            .value
            .iter()
            .find(|r| r.method == parts.method.as_str())
        else {
            // RFC 9110: a 405 names the methods the path takes.
            let allowed = matched
                .value
                .iter()
                .map(|r| r.method)
                .collect::<Vec<_>>()
                .join(", ");
            let message = format!("use {allowed} on this path");
            let error = ApiError::new(405, "method_not_allowed", message);
            return Ok(Reply::from(&error).with_header("allow", allowed));
        };
        let params = matched
            .params
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let query = form_urlencoded::parse(parts.uri.query().unwrap_or_default().as_bytes())
            .into_owned()
            .collect::<HashMap<_, _>>();
        let source_ip = match parts.extensions.get::<RequestContext>() {
            Some(RequestContext::ApiGatewayV2(context)) => context.http.source_ip.clone(),
            _ => None,
        };
        let req = Req {
            headers: parts.headers,
            params,
            query,
            body: body.to_vec(),
            source_ip,
            writes: !matches!(route.method, "GET" | "HEAD"),
        };
        (route.handler)(app, req).await
    }
}
