//! Estrade: the business rules of the events platform, behind ports.
pub mod adapters;
pub mod ports;
