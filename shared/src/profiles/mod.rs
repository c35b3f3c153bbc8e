//! Profiles: a provider's public page (seed 002's artist profile with seed 001's
//! services) and a client's confidential profile.
pub mod model;
pub mod read;
pub mod update;
