//! Profiles: a provider's public page (the artist's profile, with the services it
//! offers) and a client's confidential profile. Each use case is its own module: a
//! `handle` edge over a `run` rule. The reads share the function `profiles-read`.

pub mod client;
pub mod grant;
pub mod model;
pub mod own;
pub mod provider;
pub mod providers;
pub mod update;

use crate::error::Error;

fn not_found() -> Error {
    Error::not_found("no such profile")
}
