//! Estrade: the business rules of the events platform, behind ports.
//!
//! Layers, from the bottom:
//! - `ports` (the traits the rules need: table store, blob store, mailer, live push, clock)
//!   and `adapters` (AWS and embedded implementations of each); `app`: the context a use
//!   case runs against (the ports, the token keys, the configuration);
//! - `error`: the library's one error type; `auth` (passwords, signed tokens, secrets),
//!   `items`, `keys` (the single table's key layout), `validate`, `retry`, `places`;
//! - `http`, a leaf: a request as an edge reads it, replies, and the status and JSON
//!   shape of each error kind;
//! - the areas, `accounts`, `profiles`, `messaging`, `events`, `search`: each use case
//!   is a module with a `handle(&App, Req)` edge (authenticate, parse, call, reply) over
//!   a `run` rule that knows nothing of HTTP; what a caller sees is a typed view;
//! - `live` (WebSocket connections and pushes) and `notifier` (live notices, emails and
//!   the search index, from the table's changes);
//! - `api`: the route table and the router, above the areas; it logs each error once;
//! - `lambda` / `embedded`: wiring for AWS Lambda and for the local gateway.

pub mod accounts;
pub mod adapters;
pub mod api;
pub mod app;
pub mod auth;
pub mod calendar;
pub mod contracts;
pub mod dates;
pub mod edge;
pub mod embedded;
pub mod error;
pub mod events;
pub mod galleries;
pub mod http;
pub mod items;
pub mod jobs;
pub mod keys;
pub mod lambda;
pub mod live;
pub mod messaging;
pub mod notifier;
pub mod places;
pub mod ports;
pub mod profiles;
pub mod projects;
pub mod retry;
pub mod search;
#[cfg(test)]
pub mod testing;
pub mod validate;
