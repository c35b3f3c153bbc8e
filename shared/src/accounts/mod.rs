//! Accounts: sign-up, email verification, log-in sessions, password reset.
//! Each state-changing use case is its own module (and its own Lambda function).

pub mod login;
pub mod mails;
pub mod model;
pub mod one_time;
pub mod read;
pub mod reset;
pub mod sessions;
pub mod signup;
pub mod verify;

pub use model::{Account, UserView};
