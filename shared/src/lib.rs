//! Estrade: the business rules of the events platform, behind ports.
//!
//! - `ports`: the traits the rules need (table store, blob store, mailer, live push, clock);
//! - `adapters`: AWS and embedded implementations of each port;
//! - `http`: the route table and the request/response mapping every function shares;
//! - `accounts`, `profiles`, `messaging`, `live`: the use cases;
//! - `notifier`: live pushes and emails from the table's changes (stream or change log);
//! - `keys`: the single table's key layout and access patterns;
//! - `lambda` / `embedded`: wiring for AWS Lambda and for the local gateway.

pub mod accounts;
pub mod adapters;
pub mod app;
pub mod auth;
pub mod embedded;
pub mod http;
pub mod items;
pub mod keys;
pub mod lambda;
pub mod live;
pub mod messaging;
pub mod notifier;
pub mod ports;
pub mod profiles;
pub mod validate;
