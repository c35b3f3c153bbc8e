//! Test support shared by the test binaries (each includes it with `#[path]`): a moto
//! server on loopback for the AWS adapters, the table's DynamoDB stream read from it, a
//! table store that counts conditional failures, and the platform under test (`TestApi`).
#![allow(dead_code)]

pub mod api;
pub mod counting;
pub mod moto;
pub mod stream;
