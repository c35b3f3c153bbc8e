//! Shared test support: a moto server on loopback for the AWS adapters.
#![allow(dead_code)]

pub mod api;
pub mod moto;
