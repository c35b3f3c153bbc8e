//! Messaging's budget for lost races (mark read, and sends DynamoDB cancels for a
//! `TransactionConflict`): see [`crate::retry`].

use crate::retry::Retry;

pub const RETRY: Retry = Retry::new(8, "the conversation is busy: please retry");
