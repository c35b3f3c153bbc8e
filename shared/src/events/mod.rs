//! Events and provider requests: a client creates an event, invites providers for its
//! needs, each provider answers its request (accept, decline, quote), and the client
//! books one per need. Each use case is its own module: a `handle` edge over a `run`
//! rule; each state-changing one is its own Lambda function, and the reads (`list`,
//! `show`, `requests`) share the function `events-read`.
//!
//! Rules every module keeps:
//! - an event exists only for its client and the providers it invited; a request only
//!   for those two; to anyone else every route answers 404;
//! - every transition is a conditional write on the state it read (and on the expiry
//!   instants), so a request that is closed, answered or expired cannot move (409);
//! - writes that depend on an event's details or bookings are conditioned on its
//!   version (`model::Event::unchanged`), so edits, invites, bookings and cancellation
//!   never interleave;
//! - a provider's date is held by one booking: a conditional put of its date item.

pub mod answer;
pub mod book;
pub mod cancel;
pub mod create;
pub mod invite;
pub mod list;
pub mod model;
pub mod requests;
mod retry;
pub mod show;
pub mod update;
pub mod view;
