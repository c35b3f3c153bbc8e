//! Projects: every confirmed booking becomes a project, followed by status from the
//! booking to the delivery, with a history both sides see and the provider's private
//! notes. Its contract is `crate::contracts`.
//!
//! - [`open`]: a project opens in the transaction that confirms its booking;
//! - [`status`]: the pipeline, each change by its side;
//! - [`change`]: a side moves its project (function `project-status`); a cancellation
//!   also frees the provider's time;
//! - [`sweep`]: the day after its date, a project is done by itself (function
//!   `projects-sweep`, hourly);
//! - reads: [`list`], [`show`], [`dashboard`] (function `projects-read`); [`notes`]
//!   (function `project-notes`).
//!
//! Every change is conditioned on the status and version read: of two changes at once,
//! one wins and the other gets 409 `stale_status`.

pub mod change;
pub mod dashboard;
pub mod ics;
pub mod list;
pub mod model;
pub mod notes;
pub mod open;
pub mod show;
pub mod status;
pub mod sweep;
pub mod view;

use crate::retry::Retry;

/// The budget for transactions DynamoDB cancels for a concurrent write.
pub const RETRY: Retry = Retry::new(6, "the project is busy: please retry");
