//! The table's change feed: each applied write, as the item before and after it.
//!
//! On AWS it is the table's DynamoDB stream (`NEW_AND_OLD_IMAGES`); locally, the SQLite
//! adapter's change log (`SqliteTable::changes_after`). Both hand the same [`Change`]s
//! to `crate::notifier::notify`. As in a DynamoDB stream, a write that changes nothing
//! (deleting an absent item, a condition check, a put of an identical item) is no change.

use super::table::Item;

/// One applied write of one item.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// The item before the write; `None` when it was created.
    pub old: Option<Item>,
    /// The item after the write; `None` when it was deleted.
    pub new: Option<Item>,
}
