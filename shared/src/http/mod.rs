//! The HTTP layer, a leaf of the library: a request as the use cases' edges read it
//! ([`Req`]), what they answer ([`Reply`]), and how errors become JSON answers
//! ([`ApiError`], with the status of each error kind). It imports no area: the route
//! table and the router that call the areas live above, in `crate::api`.

mod error;
mod reply;
mod request;

pub use error::{ApiError, status};
pub use reply::Reply;
pub use request::{MAX_BODY, Req};

use lambda_http::http::{HeaderValue, StatusCode, header};
use lambda_http::{Body, Response};

/// The Lambda (and local gateway) response of a reply.
pub fn response(reply: Reply) -> Response<Body> {
    let mut builder = Response::builder()
        .status(StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR))
        .header(header::CACHE_CONTROL, "no-store");
    for (name, value) in &reply.headers {
        builder = builder.header(*name, value);
    }
    let body = match (reply.body, reply.text) {
        (Some(value), _) => {
            builder = builder.header(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            Body::Text(value.to_string())
        }
        (None, Some((content_type, text))) => {
            builder = builder.header(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
            Body::Text(text)
        }
        (None, None) => Body::Empty,
    };
    builder.body(body).expect("valid response parts")
}
