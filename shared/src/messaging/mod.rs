//! Messaging (seed 002's inbox): one conversation per (client, provider) pair, started
//! by the client; messages, per-participant unread counts and archive, and the unread
//! total behind the live badge. Each state-changing use case is its own module (and its
//! own Lambda function); the read-only routes share `read` (function `messages-read`).
//!
//! Rules every module keeps:
//! - a conversation's id names its two participants (`{client_id}.{provider_id}`), and
//!   anyone else gets 404 on every route of it, before any table call;
//! - a message, the conversation's last-message summary, both inbox rows and the
//!   recipient's unread total change in one transaction, so no counter drifts;
//! - a user's unread total is the sum of their rows' unread counts (`mark_read` keeps
//!   it so under races).

pub mod archive;
pub mod mark_read;
pub mod model;
pub mod read;
mod retry;
pub mod send;
pub mod start;
