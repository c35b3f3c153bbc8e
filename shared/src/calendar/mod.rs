//! The providers' booking calendar: a client books a provider's service on a free day
//! (a whole-day service) or at a free start time (a session); an on-request booking holds
//! its time until the provider confirms or declines it, or its hold runs out; either side
//! cancels. Each use case is its own module: a `handle` edge over a `run` rule; each
//! state-changing one is its own Lambda function, and the reads (`availability`,
//! `agenda`, `mine`, `show`) share the function `calendar-read`.
//!
//! Rules every module keeps:
//! - one invariant per provider and day, across all of its services and its event
//!   requests: a day taken whole excludes any session that day, and sessions never overlap
//!   (the buffer after each included). Conditional writes in one transaction keep it
//!   ([`model`]): never a read before an unconditioned write;
//! - a hold past its `hold_until` is free, in every condition and every read, by the app's
//!   clock (its items also carry a `ttl`, so the store forgets them);
//! - all days and times are in France ([`day`]): a time the clocks skip does not exist,
//!   and what is stored (elapsed minutes, instants) is never ambiguous;
//! - a booking is read by its client and its provider only; a month of availability shows
//!   free or not, nothing else.

pub mod agenda;
pub mod answer;
pub mod availability;
pub mod book;
pub mod busy;
pub mod cancel;
pub mod day;
pub mod day_items;
pub mod feed;
pub mod feed_secret;
pub mod fetch;
pub mod ics;
pub mod import_add;
pub mod import_remove;
pub mod imports;
pub mod mine;
pub mod model;
pub mod provider;
pub mod rules;
pub mod settings;
pub mod show;

use crate::retry::Retry;

/// The calendar's budget for transactions DynamoDB cancels for a concurrent write.
pub const RETRY: Retry = Retry::new(6, "the calendar is busy: please retry");
