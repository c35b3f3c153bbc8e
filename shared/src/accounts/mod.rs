//! Accounts: sign-up, email verification, log-in sessions, password reset.
//! Each use case is its own module (and its own Lambda function, but for the reads of
//! `accounts-read`): a `handle` edge over a `run` rule.

pub mod link_mail;
pub mod login;
pub mod logout;
pub mod mails;
pub mod model;
pub mod one_time;
pub mod read;
pub mod refresh;
pub mod resend;
pub mod reset;
pub mod reset_request;
pub mod sessions;
pub mod signup;
pub mod verify;
pub mod ws_ticket;

pub use model::{Account, UserView};
