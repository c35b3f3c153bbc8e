//! Ports: what the business rules need from the outside world, as small traits.
//!
//! Each port has two adapters (see `crate::adapters`): AWS for production and an
//! embedded one for the local gateway and tests. The contract tests in
//! `shared/tests/` run the same assertions against both.

pub mod blob;
pub mod changes;
pub mod clock;
pub mod mailer;
pub mod push;
pub mod table;

pub use blob::{
    BlobError, BlobMeta, BlobReader, BlobStore, MAX_PARTS, MIN_PART, Part, PresignedUpload,
    content_disposition,
};
pub use changes::Change;
pub use clock::{Clock, SystemClock};
pub use mailer::{Attachment, Email, MailError, Mailer};
pub use push::{LivePush, PushError};
pub use table::{
    Condition, Cursor, Index, Item, Key, Page, Query, SortKey, StoreError, TableStore, TxOp, Update,
};
