//! The areas through the HTTP router and the Lambda events (accounts, profiles, messaging,
//! events, search, places, live connections, the notifier) and the check of `template.yaml`
//! against the route table: one test binary, one module per area (the library and the AWS
//! SDK are linked once, not once per file).

#[path = "../support/mod.rs"]
mod support;

mod accounts;
mod events;
mod live;
mod messaging;
mod messaging_race;
mod notifier;
mod places;
mod profiles;
mod search;
mod template_routes;
