//! Estrade: the business rules of the events platform, behind ports.
//!
//! - `ports`: the traits the rules need (table store, blob store, mailer, live push, clock);
//! - `adapters`: AWS and embedded implementations of each port;
//! - `http`: the route table and the request/response mapping every function shares;
//! - `accounts`, `profiles`, `messaging`, `events`, `live`: the use cases;
//! - `places`, `search`: French communes and regions; the search of providers by kind and place;
//! - `notifier`: live pushes and emails from the table's changes (stream or change log), and the
//!   search index;
//! - `keys`: the single table's key layout and access patterns;
//! - `lambda` / `embedded`: wiring for AWS Lambda and for the local gateway.

pub mod accounts;
pub mod adapters;
pub mod api;
pub mod app;
pub mod auth;
pub mod embedded;
pub mod error;
pub mod events;
pub mod http;
pub mod items;
pub mod keys;
pub mod lambda;
pub mod live;
pub mod messaging;
pub mod notifier;
pub mod places;
pub mod ports;
pub mod profiles;
pub mod retry;
pub mod search;
#[cfg(test)]
pub mod testing;
pub mod validate;
