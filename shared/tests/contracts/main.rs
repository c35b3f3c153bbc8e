//! The contract suites of the ports, each run against both adapters (embedded, and AWS
//! against moto): table store, blob store, mailer, live push, and the SQLite change log
//! that stands in for the DynamoDB stream. One test binary, one module per port.

#[path = "../support/mod.rs"]
mod support;

mod blob_contract;
mod change_log;
mod mail_contract;
mod push_contract;
mod table_contract;
