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
use crate::ports::table::{GSI1PK, GSI1SK, TTL};
use crate::ports::{Index, PushError, Query, SortKey};
use serde::Serialize;
use serde_json::{Value, json};

/// API Gateway closes a WebSocket after 2 hours; so does the record.
pub const CONNECTION_TTL_SECS: i64 = 2 * 3600;

/// Checks the ticket and remembers the connection; returns the user's id.
pub async fn connect(app: &App, connection_id: &str, ticket: &str) -> Result<String, Error> {
    let claims = app
        .tokens
        .verify(ticket, TokenKind::WsTicket)
        .map_err(|_| Error::unauthorized("invalid or expired ticket"))?;
    let mut item = crate::items::with_key(
        &keys::connection(connection_id),
        json!({"user_id": claims.sub, "connected_at": app.clock.now()}),
    );
    item.insert(GSI1PK.into(), keys::user_connections(&claims.sub).into());
    item.insert(GSI1SK.into(), keys::connection(connection_id).pk.into());
    item.insert(TTL.into(), (app.clock.now() + CONNECTION_TTL_SECS).into());
    app.table.put(item, None).await?;
    Ok(claims.sub)
}

pub async fn disconnect(app: &App, connection_id: &str) -> Result<(), Error> {
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
    let page = app
        .table
        .query(
            Query::partition(keys::user_connections(user_id))
                .on(Index::Gsi1)
                .sort(SortKey::BeginsWith("CONN#".into())),
        )
        .await?;
    let mut delivered = 0;
    for item in page.items {
        let Some(id) = item
            .get("pk")
            .and_then(Value::as_str)
            .and_then(|pk| pk.strip_prefix("CONN#"))
        else {
            continue;
        };
        match app.push.push(id, &notice).await {
            Ok(()) => delivered += 1,
            Err(PushError::Gone) => disconnect(app, id).await?,
            Err(e) => tracing::warn!(connection = id, error = %e, "push failed"),
        }
    }
    Ok(delivered)
}
