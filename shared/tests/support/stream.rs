//! The DynamoDB stream of a table on the moto server, read as Lambda's event source mapping
//! reads it for the `notifier` function (DescribeStream, GetShardIterator, then GetRecords
//! from where the last read stopped), the records handed over in batches of at most 100 as
//! the function's event: `aws_lambda_events`' stream records, the shape GetRecords returns.
//!
//! The calls are plain JSON over HTTP (the protocol of the DynamoDB Streams API): the SDK's
//! `aws-sdk-dynamodbstreams` crate would add a second set of smithy crates to the build.
//! moto reads the service and region from the request's credential scope and does not check
//! the signature, so the request is not signed.

use aws_lambda_events::event::dynamodb::Event;
use aws_sdk_dynamodb::types::{StreamSpecification, StreamViewType};
use serde_json::{Value, json};
use tokio::sync::Mutex;

/// The records a Lambda invocation gets at most (the event source mapping's default
/// batch size).
const BATCH_SIZE: usize = 100;

pub struct TableStream {
    endpoint: String,
    arn: String,
    http: reqwest::Client,
    /// Where the next GetRecords starts.
    iterator: Mutex<String>,
}

impl TableStream {
    /// Turns on the stream of `table` with both images, as template.yaml declares it
    /// (unless the table already has one), and follows it from its first record.
    pub async fn open(client: &aws_sdk_dynamodb::Client, table: &str) -> TableStream {
        let described = client.describe_table().table_name(table).send().await;
        let enabled = described
            .unwrap()
            .table
            .and_then(|t| t.stream_specification)
            .is_some_and(|s| s.stream_enabled);
        if !enabled {
            let both_images = StreamSpecification::builder()
                .stream_enabled(true)
                .stream_view_type(StreamViewType::NewAndOldImages)
                .build()
                .unwrap();
            client
                .update_table()
                .table_name(table)
                .stream_specification(both_images)
                .send()
                .await
                .unwrap();
        }
        let table = client
            .describe_table()
            .table_name(table)
            .send()
            .await
            .unwrap()
            .table
            .unwrap();
        let view = table.stream_specification.and_then(|s| s.stream_view_type);
        assert_eq!(
            view,
            Some(StreamViewType::NewAndOldImages),
            "the notifier reads both images"
        );
        let mut stream = TableStream {
            endpoint: super::moto::moto().endpoint.clone(),
            arn: table.latest_stream_arn.expect("the table has a stream"),
            http: reqwest::Client::new(),
            iterator: Mutex::new(String::new()),
        };
        let description = stream
            .call("DescribeStream", json!({"StreamArn": stream.arn}))
            .await;
        let shards = description["StreamDescription"]["Shards"]
            .as_array()
            .unwrap();
        assert_eq!(shards.len(), 1, "{description}");
        let iterator = stream
            .call(
                "GetShardIterator",
                json!({"StreamArn": stream.arn, "ShardId": shards[0]["ShardId"],
                       "ShardIteratorType": "TRIM_HORIZON"}),
            )
            .await;
        *stream.iterator.get_mut() = iterator["ShardIterator"].as_str().unwrap().to_owned();
        stream
    }

    /// The records written since the last call, in stream order, as events of at most
    /// `BATCH_SIZE` records (none when nothing was written).
    pub async fn batches(&self) -> Vec<Event> {
        let mut iterator = self.iterator.lock().await;
        let mut records = Vec::new();
        loop {
            let page = self
                .call(
                    "GetRecords",
                    json!({"ShardIterator": *iterator, "Limit": BATCH_SIZE}),
                )
                .await;
            *iterator = page["NextShardIterator"].as_str().unwrap().to_owned();
            let page = page["Records"].as_array().unwrap();
            if page.is_empty() {
                break;
            }
            records.extend(page.iter().cloned());
        }
        drop(iterator);
        let records = without_upsert_artefacts(records);
        records
            .chunks(BATCH_SIZE)
            .map(|records| {
                let records: Vec<Value> = records
                    .iter()
                    .map(|record| {
                        let mut record = record.clone();
                        // What the event source mapping adds to each record.
                        record["eventSourceARN"] = json!(self.arn);
                        record
                    })
                    .collect();
                let event = json!({ "Records": records });
                serde_json::from_value(event.clone()).unwrap_or_else(|e| panic!("{e}: {event}"))
            })
            .collect()
    }

    async fn call(&self, operation: &str, body: Value) -> Value {
        let credential = "Credential=testing/20260101/eu-west-3/dynamodb/aws4_request";
        let response = self
            .http
            .post(&self.endpoint)
            .header("content-type", "application/x-amz-json-1.0")
            .header(
                "x-amz-target",
                format!("DynamoDBStreams_20120810.{operation}"),
            )
            .header(
                "authorization",
                format!("AWS4-HMAC-SHA256 {credential}, SignedHeaders=host, Signature=0"),
            )
            .body(body.to_string())
            .send()
            .await
            .unwrap();
        let status = response.status();
        let text = response.text().await.unwrap();
        assert!(status.is_success(), "{operation}: {status} {text}");
        serde_json::from_str(&text).unwrap()
    }
}

/// The records without moto's artefact of an update that creates its item: moto first
/// puts the bare key, then updates it, and streams both as INSERTs, where DynamoDB streams
/// one. The bare key's INSERT is dropped: a keys-only INSERT followed by another INSERT of
/// the same key (which DynamoDB never streams: an item is inserted again only after a
/// REMOVE). Requests are served one at a time, so the two are always adjacent.
fn without_upsert_artefacts(records: Vec<Value>) -> Vec<Value> {
    let artefact = |record: &Value, next: Option<&Value>| {
        let change = &record["dynamodb"];
        record["eventName"] == "INSERT"
            && change["NewImage"] == change["Keys"]
            && next.is_some_and(|next| {
                next["eventName"] == "INSERT" && next["dynamodb"]["Keys"] == change["Keys"]
            })
    };
    let mut kept = Vec::new();
    for (i, record) in records.iter().enumerate() {
        if !artefact(record, records.get(i + 1)) {
            kept.push(record.clone());
        }
    }
    kept
}
