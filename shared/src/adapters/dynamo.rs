//! Production table store: the [`TableStore`] port on one DynamoDB table
//! (`aws-sdk-dynamodb`), checked by the same contract suite as the SQLite adapter.
//!
//! Mapping:
//! - JSON values ↔ attribute values: string `S`, number `N` (read back as a JSON
//!   integer when it fits an `i64`, else a float), bool `BOOL`, null `NULL`, array
//!   `L`, object `M`.
//! - every attribute name and value in an expression goes through a placeholder
//!   (`#n0`, `:v0`...), so no name is a reserved word and no value is spliced in.
//! - expiry: DynamoDB deletes expired items only eventually, so the adapter hides
//!   them itself. Reads filter out `ttl < now`; conditions count an expired item as
//!   absent (`NotExists` is `attribute_not_exists(pk) OR ttl < now`, the others
//!   add `NOT (ttl < now)`). An update must not merge into an expired item: it is
//!   guarded by `NOT (ttl < now)` and asks for the item its condition failed on
//!   (`ReturnValuesOnConditionCheckFailure: ALL_OLD`); when that item is expired,
//!   it is deleted (if still expired) and the update retried, so only updates that
//!   meet an expired item cost more than one call.
//! - errors: a failed condition is [`StoreError::ConditionFailed`] (single write)
//!   or [`StoreError::TransactionCancelled`] with the operations whose cancellation
//!   reason is `ConditionalCheckFailed`; `ValidationException` (bad item, key update,
//!   two operations on one item, more than 100 operations) is
//!   [`StoreError::Invalid`]; anything else is [`StoreError::Unavailable`].
//! - pages: a filtered page may come back short, so a query asks again until it
//!   has `limit` items or DynamoDB has no more; the returned cursor is built from
//!   the last returned item, in the same format as the SQLite adapter's.

use std::collections::HashMap;
use std::time::Duration;

use async_trait::async_trait;
use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::client::Waiters;
use aws_sdk_dynamodb::error::{BuildError, DisplayErrorContext, ProvideErrorMetadata};
use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;
use aws_sdk_dynamodb::operation::update_item::UpdateItemError;
use aws_sdk_dynamodb::types::{
    AttributeDefinition, AttributeValue, BillingMode, ConditionCheck, Delete, GlobalSecondaryIndex,
    KeySchemaElement, KeyType, Projection, ProjectionType, Put, ReturnValue,
    ReturnValuesOnConditionCheckFailure, ScalarAttributeType, TimeToLiveSpecification,
    TransactWriteItem,
};
use serde_json::{Map, Number, Value};

use super::shared::{cursor_names, encode_cursor, now, page_start};
use crate::ports::table::{
    Condition, GSI1PK, GSI1SK, Index, Item, Key, PK, Page, Query, SK, SortKey, StoreError, TTL,
    TableStore, TxOp, Update,
};

/// Name of the global secondary index behind [`Index::Gsi1`].
pub const GSI1: &str = "gsi1";

/// How many times an update is retried after deleting the expired item it met.
const EXPIRY_RETRIES: usize = 2;

/// Updates ask for the item their condition failed on, to tell an expired one.
const ALL_OLD: ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure::AllOld;

type Attrs = HashMap<String, AttributeValue>;

/// The table store on a DynamoDB table created like [`create_table`] does.
#[derive(Clone, Debug)]
pub struct DynamoTable {
    client: Client,
    table: String,
}

impl DynamoTable {
    pub fn new(client: Client, table: impl Into<String>) -> Self {
        DynamoTable {
            client,
            table: table.into(),
        }
    }

    /// Deletes the item if it is (still) expired.
    async fn drop_expired(&self, key: &Key) -> Result<(), StoreError> {
        let mut expr = Expr::default();
        let condition = expr.expired();
        let result = self
            .client
            .delete_item()
            .table_name(&self.table)
            .set_key(Some(key_attrs(key)))
            .condition_expression(condition)
            .set_expression_attribute_names(expr.names())
            .set_expression_attribute_values(expr.values())
            .send()
            .await;
        match result.map_err(|e| store_error(e.into_service_error())) {
            Ok(_) | Err(StoreError::ConditionFailed) => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// One operation of a transaction, as DynamoDB's TransactWriteItem.
    fn tx_item(&self, op: &TxOp) -> Result<TransactWriteItem, StoreError> {
        let mut expr = Expr::default();
        let builder = TransactWriteItem::builder();
        let builder = match op {
            TxOp::Put { item, condition } => {
                let condition = condition.as_ref().map(|c| expr.condition(c));
                builder.put(
                    Put::builder()
                        .table_name(&self.table)
                        .set_item(Some(to_attrs(item.clone())))
                        .set_condition_expression(condition)
                        .set_expression_attribute_names(expr.names())
                        .set_expression_attribute_values(expr.values())
                        .build()
                        .map_err(build_error)?,
                )
            }
            TxOp::Update {
                key,
                update,
                condition,
            } => {
                let (update, condition) = expr.update(update, condition.as_ref())?;
                builder.update(
                    aws_sdk_dynamodb::types::Update::builder()
                        .table_name(&self.table)
                        .set_key(Some(key_attrs(key)))
                        .update_expression(update)
                        .condition_expression(condition)
                        .return_values_on_condition_check_failure(ALL_OLD)
                        .set_expression_attribute_names(expr.names())
                        .set_expression_attribute_values(expr.values())
                        .build()
                        .map_err(build_error)?,
                )
            }
            TxOp::Delete { key, condition } => {
                let condition = condition.as_ref().map(|c| expr.condition(c));
                builder.delete(
                    Delete::builder()
                        .table_name(&self.table)
                        .set_key(Some(key_attrs(key)))
                        .set_condition_expression(condition)
                        .set_expression_attribute_names(expr.names())
                        .set_expression_attribute_values(expr.values())
                        .build()
                        .map_err(build_error)?,
                )
            }
            TxOp::Check { key, condition } => {
                let condition = expr.condition(condition);
                builder.condition_check(
                    ConditionCheck::builder()
                        .table_name(&self.table)
                        .set_key(Some(key_attrs(key)))
                        .condition_expression(condition)
                        .set_expression_attribute_names(expr.names())
                        .set_expression_attribute_values(expr.values())
                        .build()
                        .map_err(build_error)?,
                )
            }
        };
        Ok(builder.build())
    }
}

#[async_trait]
impl TableStore for DynamoTable {
    async fn get(&self, key: &Key) -> Result<Option<Item>, StoreError> {
        let output = self
            .client
            .get_item()
            .table_name(&self.table)
            .set_key(Some(key_attrs(key)))
            .consistent_read(true)
            .send()
            .await
            .map_err(|e| store_error(e.into_service_error()))?;
        Ok(output.item.filter(|item| !is_expired(item)).map(from_attrs))
    }

    async fn put(&self, item: Item, condition: Option<Condition>) -> Result<(), StoreError> {
        let mut expr = Expr::default();
        let condition = condition.as_ref().map(|c| expr.condition(c));
        self.client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(to_attrs(item)))
            .set_condition_expression(condition)
            .set_expression_attribute_names(expr.names())
            .set_expression_attribute_values(expr.values())
            .send()
            .await
            .map_err(|e| store_error(e.into_service_error()))?;
        Ok(())
    }

    async fn update(
        &self,
        key: &Key,
        update: Update,
        condition: Option<Condition>,
    ) -> Result<Item, StoreError> {
        let mut retries = 0;
        loop {
            let mut expr = Expr::default();
            let (expression, guard) = expr.update(&update, condition.as_ref())?;
            let result = self
                .client
                .update_item()
                .table_name(&self.table)
                .set_key(Some(key_attrs(key)))
                .update_expression(expression)
                .condition_expression(guard)
                .set_expression_attribute_names(expr.names())
                .set_expression_attribute_values(expr.values())
                .return_values(ReturnValue::AllNew)
                .return_values_on_condition_check_failure(ALL_OLD)
                .send()
                .await;
            let err = match result {
                Ok(output) => return Ok(from_attrs(output.attributes.unwrap_or_default())),
                Err(err) => err.into_service_error(),
            };
            let met_expired = match &err {
                UpdateItemError::ConditionalCheckFailedException(failed) => {
                    failed.item().is_some_and(is_expired)
                }
                _ => false,
            };
            if !met_expired || retries == EXPIRY_RETRIES {
                return Err(store_error(err));
            }
            self.drop_expired(key).await?;
            retries += 1;
        }
    }

    async fn delete(&self, key: &Key, condition: Option<Condition>) -> Result<(), StoreError> {
        let mut expr = Expr::default();
        let condition = condition.as_ref().map(|c| expr.condition(c));
        self.client
            .delete_item()
            .table_name(&self.table)
            .set_key(Some(key_attrs(key)))
            .set_condition_expression(condition)
            .set_expression_attribute_names(expr.names())
            .set_expression_attribute_values(expr.values())
            .send()
            .await
            .map_err(|e| store_error(e.into_service_error()))?;
        Ok(())
    }

    async fn query(&self, query: Query) -> Result<Page, StoreError> {
        let mut start: Option<Attrs> = page_start(&query)?.map(|values| {
            let names = cursor_names(query.index).iter().map(|n| n.to_string());
            names
                .zip(values.into_iter().map(AttributeValue::S))
                .collect()
        });
        let (index, pk, sk) = match query.index {
            Index::Table => (None, PK, SK),
            Index::Gsi1 => (Some(GSI1), GSI1PK, GSI1SK),
        };
        let mut expr = Expr::default();
        let mut key_condition = format!(
            "{} = {}",
            expr.name(pk),
            expr.value(AttributeValue::S(query.pk.clone()))
        );
        let mut sort = |op: &str, value: &String| {
            let value = expr.value(AttributeValue::S(value.clone()));
            format!(" AND {} {op} {value}", expr.name(sk))
        };
        key_condition += &match &query.sort {
            SortKey::Any => String::new(),
            SortKey::Equals(v) => sort("=", v),
            SortKey::GreaterThan(v) => sort(">", v),
            SortKey::LessThan(v) => sort("<", v),
            SortKey::BeginsWith(prefix) => {
                let prefix = expr.value(AttributeValue::S(prefix.clone()));
                format!(" AND begins_with({}, {prefix})", expr.name(sk))
            }
            SortKey::Between(low, high) => {
                let low = expr.value(AttributeValue::S(low.clone()));
                let high = expr.value(AttributeValue::S(high.clone()));
                format!(" AND {} BETWEEN {low} AND {high}", expr.name(sk))
            }
        };
        let filter = format!("NOT ({})", expr.expired());
        let mut items = Vec::new();
        loop {
            let output = self
                .client
                .query()
                .table_name(&self.table)
                .set_index_name(index.map(String::from))
                // GSIs only support eventually consistent reads.
                .consistent_read(index.is_none())
                .key_condition_expression(&key_condition)
                .filter_expression(&filter)
                .set_expression_attribute_names(expr.names())
                .set_expression_attribute_values(expr.values())
                .scan_index_forward(query.forward)
                .limit((query.limit - items.len()) as i32)
                .set_exclusive_start_key(start)
                .send()
                .await
                .map_err(|e| store_error(e.into_service_error()))?;
            items.extend(output.items.unwrap_or_default().into_iter().map(from_attrs));
            start = output.last_evaluated_key;
            if start.is_none() || items.len() >= query.limit {
                break;
            }
        }
        let next = match (start, items.last()) {
            (Some(_), Some(last)) => Some(encode_cursor(query.index, last)),
            _ => None,
        };
        Ok(Page { items, next })
    }

    async fn transact(&self, ops: Vec<TxOp>) -> Result<(), StoreError> {
        if ops.is_empty() {
            return Ok(());
        }
        let mut retries = 0;
        loop {
            let items = ops
                .iter()
                .map(|op| self.tx_item(op))
                .collect::<Result<Vec<_>, _>>()?;
            let result = self
                .client
                .transact_write_items()
                .set_transact_items(Some(items))
                .send()
                .await;
            let err = match result {
                Ok(_) => return Ok(()),
                Err(err) => err.into_service_error(),
            };
            let met_expired: Vec<&Key> = match &err {
                TransactWriteItemsError::TransactionCanceledException(cancelled) => ops
                    .iter()
                    .zip(cancelled.cancellation_reasons())
                    .filter_map(|(op, reason)| match op {
                        TxOp::Update { key, .. } if reason.item().is_some_and(is_expired) => {
                            Some(key)
                        }
                        _ => None,
                    })
                    .collect(),
                _ => Vec::new(),
            };
            if met_expired.is_empty() || retries == EXPIRY_RETRIES {
                return Err(tx_error(err));
            }
            for key in met_expired {
                self.drop_expired(key).await?;
            }
            retries += 1;
        }
    }
}

/// Creates the single table as `template.yaml` declares it: string keys `pk`/`sk`,
/// the GSI `gsi1` on `gsi1pk`/`gsi1sk` projecting all attributes, on-demand
/// billing, TTL on `ttl`. Waits until the table is active.
pub async fn create_table(client: &Client, name: &str) -> Result<(), StoreError> {
    let key = |attribute: &str, key_type| {
        KeySchemaElement::builder()
            .attribute_name(attribute)
            .key_type(key_type)
            .build()
    };
    let definitions = [PK, SK, GSI1PK, GSI1SK].map(|attribute| {
        AttributeDefinition::builder()
            .attribute_name(attribute)
            .attribute_type(ScalarAttributeType::S)
            .build()
    });
    let gsi1 = GlobalSecondaryIndex::builder()
        .index_name(GSI1)
        .key_schema(key(GSI1PK, KeyType::Hash).map_err(build_error)?)
        .key_schema(key(GSI1SK, KeyType::Range).map_err(build_error)?)
        .projection(
            Projection::builder()
                .projection_type(ProjectionType::All)
                .build(),
        )
        .build()
        .map_err(build_error)?;
    client
        .create_table()
        .table_name(name)
        .set_attribute_definitions(Some(
            definitions
                .into_iter()
                .collect::<Result<_, _>>()
                .map_err(build_error)?,
        ))
        .key_schema(key(PK, KeyType::Hash).map_err(build_error)?)
        .key_schema(key(SK, KeyType::Range).map_err(build_error)?)
        .global_secondary_indexes(gsi1)
        .billing_mode(BillingMode::PayPerRequest)
        .send()
        .await
        .map_err(|e| store_error(e.into_service_error()))?;
    client
        .wait_until_table_exists()
        .table_name(name)
        .wait(Duration::from_secs(300))
        .await
        .map_err(|e| StoreError::Unavailable(DisplayErrorContext(e).to_string()))?;
    let ttl = TimeToLiveSpecification::builder()
        .enabled(true)
        .attribute_name(TTL)
        .build()
        .map_err(build_error)?;
    client
        .update_time_to_live()
        .table_name(name)
        .time_to_live_specification(ttl)
        .send()
        .await
        .map_err(|e| store_error(e.into_service_error()))?;
    Ok(())
}

/// Placeholders of one request's expressions.
#[derive(Default)]
struct Expr {
    /// Placeholder → attribute name.
    names: HashMap<String, String>,
    /// Placeholder → value.
    values: Attrs,
}

impl Expr {
    /// The placeholder of an attribute name (one per distinct name).
    fn name(&mut self, name: &str) -> String {
        if let Some((placeholder, _)) = self.names.iter().find(|(_, n)| *n == name) {
            return placeholder.clone();
        }
        let placeholder = format!("#n{}", self.names.len());
        self.names.insert(placeholder.clone(), name.to_string());
        placeholder
    }

    /// The placeholder of a new value.
    fn value(&mut self, value: AttributeValue) -> String {
        let placeholder = format!(":v{}", self.values.len());
        self.values.insert(placeholder.clone(), value);
        placeholder
    }

    /// "The item is expired": its numeric `ttl` is before now. A missing or
    /// non-numeric `ttl` makes the comparison false.
    fn expired(&mut self) -> String {
        let ttl = self.name(TTL);
        self.values
            .entry(":now".into())
            .or_insert_with(|| AttributeValue::N(now().to_string()));
        format!("{ttl} < :now")
    }

    /// A condition, where an expired item counts as absent.
    fn condition(&mut self, condition: &Condition) -> String {
        let live = |expr: &mut Self| format!("NOT ({})", expr.expired());
        match condition {
            Condition::Exists => {
                format!("(attribute_exists({}) AND {})", self.name(PK), live(self))
            }
            Condition::NotExists => {
                format!(
                    "(attribute_not_exists({}) OR {})",
                    self.name(PK),
                    self.expired()
                )
            }
            Condition::Equals(name, value) => {
                let (name, value) = (self.name(name), self.value(to_attr(value.clone())));
                format!("({name} = {value} AND {})", live(self))
            }
            Condition::Lacks(name) => {
                let (pk, name) = (self.name(PK), self.name(name));
                format!(
                    "(attribute_exists({pk}) AND attribute_not_exists({name}) AND {})",
                    live(self)
                )
            }
            // The type test comes first: moto fails (HTTP 500) comparing a string
            // with a number, where DynamoDB says false.
            Condition::LessThan(name, bound) | Condition::GreaterThan(name, bound) => {
                let operator = match condition {
                    Condition::LessThan(..) => "<",
                    _ => ">",
                };
                let name = self.name(name);
                let number = self.value(AttributeValue::S("N".into()));
                let bound = self.value(AttributeValue::N(bound.to_string()));
                format!(
                    "(attribute_type({name}, {number}) AND {name} {operator} {bound} AND {})",
                    live(self)
                )
            }
            // DynamoDB has no literal `true`.
            Condition::And(all) if all.is_empty() => {
                let pk = self.name(PK);
                format!("(attribute_exists({pk}) OR attribute_not_exists({pk}))")
            }
            // DynamoDB refuses redundant parentheses: `((a))`.
            Condition::And(all) if all.len() == 1 => self.condition(&all[0]),
            Condition::And(all) => {
                let all: Vec<_> = all.iter().map(|c| self.condition(c)).collect();
                format!("({})", all.join(" AND "))
            }
            // DynamoDB has no literal `false`.
            Condition::Or(any) if any.is_empty() => {
                let pk = self.name(PK);
                format!("(attribute_exists({pk}) AND attribute_not_exists({pk}))")
            }
            Condition::Or(any) if any.len() == 1 => self.condition(&any[0]),
            Condition::Or(any) => {
                let any: Vec<_> = any.iter().map(|c| self.condition(c)).collect();
                format!("({})", any.join(" OR "))
            }
        }
    }

    /// The update expression and its condition: the caller's condition, if any,
    /// and the guard that the item is not expired.
    fn update(
        &mut self,
        update: &Update,
        condition: Option<&Condition>,
    ) -> Result<(String, String), StoreError> {
        let mut clauses = Vec::new();
        if !update.set.is_empty() {
            let set: Vec<_> = update
                .set
                .iter()
                .map(|(n, v)| format!("{} = {}", self.name(n), self.value(to_attr(v.clone()))))
                .collect();
            clauses.push(format!("SET {}", set.join(", ")));
        }
        if !update.add.is_empty() {
            let add: Vec<_> = update
                .add
                .iter()
                .map(|(n, by)| {
                    format!(
                        "{} {}",
                        self.name(n),
                        self.value(AttributeValue::N(by.to_string()))
                    )
                })
                .collect();
            clauses.push(format!("ADD {}", add.join(", ")));
        }
        if !update.remove.is_empty() {
            let remove: Vec<_> = update.remove.iter().map(|n| self.name(n)).collect();
            clauses.push(format!("REMOVE {}", remove.join(", ")));
        }
        if clauses.is_empty() {
            return Err(StoreError::Invalid(
                "an update must set, add or remove an attribute".into(),
            ));
        }
        let mut guard = format!("NOT ({})", self.expired());
        if let Some(condition) = condition {
            guard = format!("{guard} AND {}", self.condition(condition));
        }
        Ok((clauses.join(" "), guard))
    }

    fn names(&self) -> Option<HashMap<String, String>> {
        (!self.names.is_empty()).then(|| self.names.clone())
    }

    fn values(&self) -> Option<Attrs> {
        (!self.values.is_empty()).then(|| self.values.clone())
    }
}

fn key_attrs(key: &Key) -> Attrs {
    HashMap::from([
        (PK.to_string(), AttributeValue::S(key.pk.clone())),
        (SK.to_string(), AttributeValue::S(key.sk.clone())),
    ])
}

/// Whether the item's numeric `ttl` is past.
fn is_expired(item: &Attrs) -> bool {
    match item.get(TTL) {
        Some(AttributeValue::N(ttl)) => ttl.parse().is_ok_and(|ttl: f64| ttl < now() as f64),
        _ => false,
    }
}

/// JSON → attribute value.
pub fn to_attr(value: Value) -> AttributeValue {
    match value {
        Value::String(s) => AttributeValue::S(s),
        Value::Number(n) => AttributeValue::N(n.to_string()),
        Value::Bool(b) => AttributeValue::Bool(b),
        Value::Null => AttributeValue::Null(true),
        Value::Array(values) => AttributeValue::L(values.into_iter().map(to_attr).collect()),
        Value::Object(map) => AttributeValue::M(to_attrs(map)),
    }
}

/// Attribute value → JSON. Sets and binaries, which this adapter never writes,
/// read as null.
pub fn from_attr(value: AttributeValue) -> Value {
    match value {
        AttributeValue::S(s) => Value::String(s),
        AttributeValue::N(n) => match n.parse::<i64>() {
            Ok(i) => Value::from(i),
            Err(_) => n
                .parse()
                .ok()
                .and_then(Number::from_f64)
                .map_or(Value::Null, Value::Number),
        },
        AttributeValue::Bool(b) => Value::Bool(b),
        AttributeValue::L(values) => Value::Array(values.into_iter().map(from_attr).collect()),
        AttributeValue::M(map) => Value::Object(from_attrs(map)),
        _ => Value::Null,
    }
}

fn to_attrs(item: Item) -> Attrs {
    item.into_iter()
        .map(|(name, value)| (name, to_attr(value)))
        .collect()
}

/// Attributes → item (also the images of the table's stream, `crate::notifier::stream`).
pub fn from_attrs(attrs: Attrs) -> Map<String, Value> {
    attrs
        .into_iter()
        .map(|(name, value)| (name, from_attr(value)))
        .collect()
}

fn build_error(err: BuildError) -> StoreError {
    StoreError::Invalid(err.to_string())
}

/// Maps an operation's error (see the module documentation).
fn store_error<E: ProvideErrorMetadata + std::error::Error + 'static>(err: E) -> StoreError {
    match err.code() {
        Some("ConditionalCheckFailedException") => StoreError::ConditionFailed,
        Some("ValidationException") => {
            StoreError::Invalid(err.message().unwrap_or("validation error").to_string())
        }
        _ => StoreError::Unavailable(DisplayErrorContext(&err).to_string()),
    }
}

/// Maps a transaction's error: the cancellation reasons are in operation order,
/// with code `None` for the operations that did not fail.
fn tx_error(err: TransactWriteItemsError) -> StoreError {
    let TransactWriteItemsError::TransactionCanceledException(cancelled) = &err else {
        return store_error(err);
    };
    let codes: Vec<_> = cancelled
        .cancellation_reasons()
        .iter()
        .map(|r| r.code())
        .collect();
    if codes.contains(&Some("ConditionalCheckFailed")) {
        let failed = codes
            .iter()
            .map(|c| *c == Some("ConditionalCheckFailed"))
            .collect();
        StoreError::TransactionCancelled { failed }
    } else if codes.contains(&Some("ValidationError")) {
        StoreError::Invalid(DisplayErrorContext(&err).to_string())
    } else {
        // TransactionConflict, throttling...: worth a retry by the caller.
        StoreError::Unavailable(DisplayErrorContext(&err).to_string())
    }
}
