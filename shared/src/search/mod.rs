//! Search of listed providers by kind and place, without a scan (docs/DISCOVERY.md,
//! "Search index"), and the city autocomplete (function `search`).
//!
//! - [`index`]: a profile's search entries, and keeping them in step with the profile
//!   (the notifier calls [`index::sync`] for every change of a PROFILE item);
//! - [`query`]: a search, ranked city → region → all of France, a page at a time;
//! - [`find`]: `GET /api/search`; [`place`]: `GET /api/places`.

pub mod find;
pub mod index;
pub mod place;
pub mod query;
