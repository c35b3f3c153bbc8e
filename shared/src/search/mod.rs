//! Search of listed providers by kind and place, without a scan (docs/DISCOVERY.md,
//! "Search index"), and the city autocomplete (function `search`).
//!
//! - [`index`]: a profile's search entries, and keeping them in step with the profile
//!   (the notifier calls [`index::sync`] for every change of a PROFILE item);
//! - [`query`]: a search, ranked city → region → all of France, a page at a time;
//! - [`handlers`]: `GET /api/search` and `GET /api/places`.

pub mod handlers;
pub mod index;
pub mod query;
