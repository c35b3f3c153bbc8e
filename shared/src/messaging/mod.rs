//! Messaging: one conversation per (client, provider) pair, started by the client;
//! messages, per-participant unread counts and archive, and the unread total behind the
//! live badge. Each use case is its own module: a `handle` edge over a `run` rule;
//! each state-changing one is its own Lambda function, and the reads (`inbox`, `row`,
//! `history`, `unread`) share the function `messages-read`.
//!
//! Rules every module keeps:
//! - a conversation's id names its two participants (`{client_id}.{provider_id}`), and
//!   anyone else gets 404 on every route of it, before any table call;
//! - a message, the conversation's last-message summary, both inbox rows and the
//!   recipient's unread total change in one transaction, so no counter drifts;
//! - a user's unread total is the sum of their rows' unread counts (`mark_read` keeps
//!   it so under races).

pub mod archive;
pub mod history;
pub mod inbox;
pub mod mark_read;
pub mod model;
mod retry;
pub mod row;
pub mod send;
pub mod start;
pub mod unread;
