//! Adapters of the ports: AWS (production) and embedded (local gateway, tests).
pub mod apigw_push;
pub mod dynamo;
pub mod hub;
pub mod local_blob;
pub mod outbox;
pub mod s3;
pub mod ses;
mod shared;
pub mod sqlite;
