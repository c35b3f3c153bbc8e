//! Test support shared by the test binaries (each includes it with `#[path]`): a moto
//! server on loopback for the AWS adapters, the table's DynamoDB stream read from it,
//! table-store wrappers (counting conditional failures, slowing transactions), and the
//! platform under test (`TestApi`).
#![allow(dead_code)]

pub mod api;
pub mod moto;
pub mod stream;
pub mod table;
