//! The AWS change feed: records of the table's DynamoDB stream (`NEW_AND_OLD_IMAGES`),
//! delivered to the `notifier` function in batches, become [`Change`]s.
//!
//! Images are read with the DynamoDB adapter's own attribute mapping
//! ([`dynamo::from_attrs`]), so an item looks the same here as through the table port.
//! An absent image (`OldImage` of an INSERT, `NewImage` of a REMOVE) is `None`.

use crate::adapters::dynamo;
use crate::app::App;
use crate::error::Error;
use crate::ports::Change;
use crate::ports::table::Item;
use aws_lambda_events::event::dynamodb::{Event, StreamRecord};
use aws_lambda_events::event::streams::{DynamoDbBatchItemFailure, DynamoDbEventResponse};
use std::collections::HashMap;

/// The change a stream record describes.
pub fn change(record: StreamRecord) -> Change {
    let image = |item: serde_dynamo::Item| -> Option<Item> {
        (!item.is_empty()).then(|| dynamo::from_attrs(HashMap::from(item)))
    };
    Change {
        old: image(record.old_image),
        new: image(record.new_image),
    }
}

/// Notifies the batch's records in stream order (the `notifier` function), reading each
/// user's connections once for the batch.
pub async fn handle_batch(app: &App, event: Event) -> DynamoDbEventResponse {
    crate::live::within_batch(consume_batch(app, event, super::notify)).await
}

/// Hands the batch's records to `consume` in stream order. At the first failure it stops
/// and reports that record as the batch's only failure (`ReportBatchItemFailures`):
/// Lambda retries from it, and the records before it are not handled twice.
pub async fn consume_batch(
    app: &App,
    event: Event,
    consume: impl AsyncFn(&App, &Change) -> Result<(), Error>,
) -> DynamoDbEventResponse {
    let mut response = DynamoDbEventResponse::default();
    for record in event.records {
        let id = record.change.sequence_number.clone();
        if let Err(error) = consume(app, &change(record.change)).await {
            tracing::error!(sequence_number = ?id, code = error.code, message = %error.message, "stream record failed");
            let mut failure = DynamoDbBatchItemFailure::default();
            failure.item_identifier = id;
            response.batch_item_failures.push(failure);
            break;
        }
    }
    response
}
