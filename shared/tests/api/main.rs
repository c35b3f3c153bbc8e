//! The areas through the HTTP router and the Lambda events (accounts, profiles, messaging,
//! events, calendar, projects and contracts, search, places, live connections, the
//! notifier), the check of `template.yaml`
//! against the route table, and the check of the library's layers on its sources: one
//! test binary, one module per area (the library and the AWS SDK are linked once, not once
//! per file).

#[path = "../support/mod.rs"]
mod support;

mod accounts;
mod authz;
mod calendar;
mod events;
mod galleries;
mod layering;
mod limits;
mod live;
mod messaging;
mod messaging_race;
mod notifier;
mod openapi;
mod places;
mod profiles;
mod projects;
mod search;
mod sessions;
mod template_routes;
