//! Live connections (WebSocket): opened with a short-lived ticket, remembered in the
//! table with a TTL, and used to push notices (`crate::notifier::Notice`) to every open tab of a user.
//! A push that finds its connection gone forgets that connection (and only that one).
//!
//! "Event" has three meanings in this code base; here a pushed message is a *notice*,
//! a party is an *event* (`crate::events`), and what AWS hands a Lambda function is a
//! *Lambda event* (`crate::lambda`).

use crate::app::App;
use crate::auth::tokens::TokenKind;
use crate::error::Error;
use crate::keys;
use crate::ports::table::{Condition, GSI1PK, GSI1SK, Item, TTL, TxOp};
use crate::ports::{Index, PushError, Query, SortKey, StoreError};
use serde::Serialize;
use serde_json::{Value, json};
use std::cell::RefCell;
use std::collections::HashMap;

/// API Gateway closes a WebSocket after 2 hours; so does the record.
pub const CONNECTION_TTL_SECS: i64 = 2 * 3600;

/// Checks the ticket and remembers the connection; returns the user's id. In one
/// transaction: the ticket's session is still open, the ticket was never used (its id is
/// kept until it expires), and the connection is recorded under the session.
pub async fn connect(app: &App, connection_id: &str, ticket: &str) -> Result<String, Error> {
    let refused = || Error::unauthorized("invalid, expired or used ticket");
    let claims = app
        .tokens
        .verify(ticket, TokenKind::WsTicket)
        .map_err(|_| refused())?;
    if claims.sid.is_empty() || claims.jti.is_empty() {
        return Err(refused());
    }
    let now = app.clock.now();
    let mut used = crate::items::with_key(&keys::ticket(&claims.jti), json!({"used_at": now}));
    used.insert(TTL.into(), (claims.exp + 60).into());
    let mut connection = crate::items::with_key(
        &keys::connection(connection_id),
        json!({"user_id": claims.sub, "session": claims.sid, "connected_at": now}),
    );
    connection.insert(GSI1PK.into(), keys::user_connections(&claims.sub).into());
    connection.insert(GSI1SK.into(), keys::connection(connection_id).pk.into());
    connection.insert(TTL.into(), (now + CONNECTION_TTL_SECS).into());
    let ops = vec![
        TxOp::Check {
            key: keys::session(&claims.sub, &claims.sid),
            condition: Condition::Equals("revoked".into(), false.into()),
        },
        TxOp::Put {
            item: used,
            condition: Some(Condition::NotExists),
        },
        TxOp::Put {
            item: connection,
            condition: None,
        },
    ];
    match app.table.transact(ops).await {
        Err(StoreError::TransactionCancelled { .. }) => Err(refused()),
        other => Ok(other.map(|_| claims.sub)?),
    }
}

/// Closes the open sockets of `user_id`, of one session or (`None`) of all: log-out and
/// a password reset cut the live feed at once. Returns how many it closed.
pub async fn close(app: &App, user_id: &str, session: Option<&str>) -> Result<usize, Error> {
    let mut closed = 0;
    for (id, item) in connections(app, user_id).await? {
        let of_session = item.get("session").and_then(Value::as_str);
        if session.is_some_and(|session| of_session != Some(session)) {
            continue;
        }
        match app.push.close(&id).await {
            Ok(()) | Err(PushError::Gone) => closed += 1,
            Err(e) => tracing::warn!(connection = id, error = %e, "could not close"),
        }
        disconnect(app, &id).await?;
    }
    Ok(closed)
}

tokio::task_local! {
    /// The connections read during one batch of changes, by user.
    static AUDIENCE: RefCell<HashMap<String, Vec<(String, Item)>>>;
}

/// Runs `work` (the notification of one batch of changes) reading each user's connections
/// once: a batch of a thousand messages to one user costs one Query, not a thousand. A tab
/// opened meanwhile misses nothing: it reads what it shows after it opens, and every
/// change of the batch was committed before.
pub async fn within_batch<T>(work: impl Future<Output = T>) -> T {
    AUDIENCE.scope(RefCell::default(), work).await
}

/// The open connections of `user_id`: their ids and records (once per batch).
async fn connections(app: &App, user_id: &str) -> Result<Vec<(String, Item)>, Error> {
    let known = AUDIENCE.try_with(|seen| seen.borrow().get(user_id).cloned());
    if let Ok(Some(known)) = known {
        return Ok(known);
    }
    let found = read_connections(app, user_id).await?;
    let _ = AUDIENCE.try_with(|seen| seen.borrow_mut().insert(user_id.to_owned(), found.clone()));
    Ok(found)
}

/// Forgets a connection of the batch's cache (gone, or closed).
fn forget(connection_id: &str) {
    let _ = AUDIENCE.try_with(|seen| {
        for list in seen.borrow_mut().values_mut() {
            list.retain(|(id, _)| id != connection_id);
        }
    });
}

async fn read_connections(app: &App, user_id: &str) -> Result<Vec<(String, Item)>, Error> {
    let page = app
        .table
        .query(
            Query::partition(keys::user_connections(user_id))
                .on(Index::Gsi1)
                .sort(SortKey::BeginsWith("CONN#".into())),
        )
        .await?;
    Ok(page
        .items
        .into_iter()
        .filter_map(|item| {
            let id = item.get("pk")?.as_str()?.strip_prefix("CONN#")?.to_owned();
            Some((id, item))
        })
        .collect())
}

pub async fn disconnect(app: &App, connection_id: &str) -> Result<(), Error> {
    forget(connection_id);
    Ok(app
        .table
        .delete(&keys::connection(connection_id), None)
        .await?)
}

/// Pushes `notice` to every open connection of `user_id`; returns how many got it.
pub async fn notify_user(
    app: &App,
    user_id: &str,
    notice: &impl Serialize,
) -> Result<usize, Error> {
    let notice = serde_json::to_value(notice).map_err(Error::internal)?;
    let mut delivered = 0;
    for (id, _) in connections(app, user_id).await? {
        match app.push.push(&id, &notice).await {
            Ok(()) => delivered += 1,
            Err(PushError::Gone) => disconnect(app, &id).await?,
            Err(e) => tracing::warn!(connection = id, error = %e, "push failed"),
        }
    }
    Ok(delivered)
}
