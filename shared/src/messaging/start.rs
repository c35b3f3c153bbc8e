//! Start a conversation (function `start-conversation`).
//!
//! A client starts one with a listed provider (`{provider_id}`). Client accounts are
//! confidential, so a provider never writes to a client cold: it starts one (`{client_id}`)
//! only with a client who holds a contact grant for it (the client wrote to it, or
//! invited it to an event), else 403. One conversation per pair: its item is put on
//! condition that it does not exist, in the transaction that writes both inbox rows
//! and, when a client starts it, the contact grant (the provider may now read the
//! client's profile). Starting it again answers the existing one (200); a new `about`
//! becomes its subject.

use super::model::{self, About, Conversation, Membership};
use crate::app::App;
use crate::auth::Role;
use crate::auth::tokens::AccessClaims;
use crate::error::{Error, Kind};
use crate::http::{ApiError, Reply, Req};
use crate::items;
use crate::keys;
use crate::ports::StoreError;
use crate::ports::table::{Condition, TxOp, Update};
use crate::profiles::grant;
use crate::profiles::model::{self as profiles, Profile};
use serde::Deserialize;
use serde_json::json;

/// The body of `POST /api/conversations`, and the rule's input.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Start {
    /// Given by a client.
    #[serde(default)]
    pub provider_id: Option<String>,
    /// Given by a provider.
    #[serde(default)]
    pub client_id: Option<String>,
    #[serde(default)]
    pub about: Option<About>,
}

/// The caller's row of the conversation, and whether this call started it.
#[derive(Debug)]
pub struct Started {
    pub row: Membership,
    pub created: bool,
}

/// The two participants (client, provider) and their names, as the caller's role allows.
async fn participants(
    app: &App,
    claims: &AccessClaims,
    input: &Start,
) -> Result<((String, String), (String, String)), Error> {
    // The other participant's id, named by the field of the caller's role (and only it).
    let other = |field: &str, value: &Option<String>, not: &str, unwanted: &Option<String>| {
        if unwanted.is_some() {
            return Err(Error::invalid_field(not, format!("give {field}")));
        }
        let value = value
            .as_deref()
            .ok_or_else(|| Error::invalid_field(field, "required"))?;
        model::id(field, value)
    };
    match claims.role {
        Role::Client => {
            let provider_id = other(
                "provider_id",
                &input.provider_id,
                "client_id",
                &input.client_id,
            )?;
            crate::accounts::model::require_verified(app, &claims.sub).await?;
            let provider_name = provider_name(app, &provider_id).await?;
            let client_name = client_name(app, &claims.sub).await?;
            Ok((
                (claims.sub.clone(), client_name),
                (provider_id, provider_name),
            ))
        }
        Role::Provider => {
            let client_id = other(
                "client_id",
                &input.client_id,
                "provider_id",
                &input.provider_id,
            )?;
            let granted = app
                .table
                .get(&keys::contact_grant(&client_id, &claims.sub))
                .await?;
            if granted.is_none() {
                return Err(Error::forbidden(
                    "a provider writes only to clients who contacted or invited it",
                ));
            }
            let provider_name = own_provider_name(app, &claims.sub).await?;
            let client_name = client_name(app, &client_id)
                .await
                .map_err(|e| match e.kind {
                    Kind::Unauthorized => Error::not_found("no such client"),
                    _ => e,
                })?;
            Ok((
                (client_id, client_name),
                (claims.sub.clone(), provider_name),
            ))
        }
        Role::Admin => Err(Error::forbidden(
            "conversations are between clients and providers",
        )),
    }
}

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let caller = req.auth(app).await?;
    let started = run(app, &caller, req.json()?).await?;
    let status = if started.created { 201 } else { 200 };
    Ok(Reply::json(
        status,
        json!({"conversation": started.row.row()}),
    ))
}

pub async fn run(app: &App, claims: &AccessClaims, input: Start) -> Result<Started, Error> {
    let about = input.about.clone().map(About::validated).transpose()?;
    let ((client_id, client_name), (provider_id, provider_name)) =
        participants(app, claims, &input).await?;
    let by_client = claims.role == Role::Client;
    let conversation_id = keys::conversation_id(&client_id, &provider_id);
    let now_ms = app.clock.now_ms();
    let row = |other_id: &str, other_name: String| Membership {
        conversation_id: conversation_id.clone(),
        other_id: other_id.to_owned(),
        other_name,
        unread: 0,
        archived: false,
        last_at_ms: now_ms,
        last_text: None,
        last_sender: None,
        about: about.clone(),
    };
    let client_row = row(&provider_id, provider_name);
    let provider_row = row(&client_id, client_name);
    let conversation = Conversation {
        client_id: client_id.clone(),
        provider_id: provider_id.clone(),
        created_at: app.clock.now(),
        about: about.clone(),
        last_at_ms: now_ms,
        last_text: None,
        last_sender: None,
    };
    let mut ops = vec![
        TxOp::Put {
            item: items::with_key(&keys::conversation(&conversation_id), &conversation),
            condition: Some(Condition::NotExists),
        },
        TxOp::Put {
            item: client_row.item(&client_id),
            condition: None,
        },
        TxOp::Put {
            item: provider_row.item(&provider_id),
            condition: None,
        },
    ];
    if by_client {
        let name = &provider_row.other_name;
        ops.extend(grant::ops(&client_id, name, &provider_id, app.clock.now()));
    }
    let callers_row = if by_client { client_row } else { provider_row };
    match app.table.transact(ops).await {
        Ok(()) => Ok(Started {
            row: callers_row,
            created: true,
        }),
        Err(StoreError::TransactionCancelled { failed }) if failed.first() == Some(&true) => {
            let row = existing(app, &claims.sub, &client_id, &provider_id, about).await?;
            Ok(Started {
                row,
                created: false,
            })
        }
        Err(e) => Err(e.into()),
    }
}

/// The caller's row of their existing conversation, after making `about` (when
/// given) its subject on the conversation and on both rows.
async fn existing(
    app: &App,
    caller: &str,
    client_id: &str,
    provider_id: &str,
    about: Option<About>,
) -> Result<Membership, Error> {
    let conversation_id = keys::conversation_id(client_id, provider_id);
    if let Some(about) = about {
        let about = serde_json::to_value(about).expect("about serializes");
        let set_about = |key| TxOp::Update {
            key,
            update: Update::default().set("about", about.clone()),
            condition: Some(Condition::Exists),
        };
        app.table
            .transact(vec![
                set_about(keys::conversation(&conversation_id)),
                set_about(keys::membership(client_id, &conversation_id)),
                set_about(keys::membership(provider_id, &conversation_id)),
            ])
            .await?;
    }
    let item = app
        .table
        .get(&keys::membership(caller, &conversation_id))
        .await?
        .ok_or_else(model::not_found)?;
    Membership::from_item(item)
}

/// The stage name of a listed provider; 404 for anyone else.
pub(crate) async fn provider_name(app: &App, provider_id: &str) -> Result<String, Error> {
    let not_found = || Error::not_found("no such provider");
    let item = app
        .table
        .get(&keys::profile(provider_id))
        .await?
        .filter(profiles::is_listed)
        .ok_or_else(not_found)?;
    match profiles::from_item(item)? {
        (Profile::Provider(profile), _) => Ok(profile.stage_name),
        _ => Err(not_found()),
    }
}

/// The stage name on the caller's own provider profile (listed or not).
async fn own_provider_name(app: &App, provider_id: &str) -> Result<String, Error> {
    let gone = || Error::unauthorized("this account no longer exists");
    let item = app
        .table
        .get(&keys::profile(provider_id))
        .await?
        .ok_or_else(gone)?;
    match profiles::from_item(item)? {
        (Profile::Provider(profile), _) => Ok(profile.stage_name),
        _ => Err(gone()),
    }
}

/// The name the client's profile shows.
pub(crate) async fn client_name(app: &App, client_id: &str) -> Result<String, Error> {
    let gone = || Error::unauthorized("this account no longer exists");
    let item = app
        .table
        .get(&keys::profile(client_id))
        .await?
        .ok_or_else(gone)?;
    match profiles::from_item(item)? {
        (Profile::Client(profile), _) => Ok(profile.name),
        _ => Err(gone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Role;
    use crate::error::Kind;
    use crate::testing::{self, member};

    #[tokio::test]
    async fn one_conversation_per_pair() {
        let app = testing::app();
        let (_, client) = member(&app, "camille@example.fr", Role::Client).await;
        let (trio, provider) = member(&app, "trio@example.fr", Role::Provider).await;
        let to_trio = || Start {
            provider_id: Some(trio.id.clone()),
            ..Default::default()
        };
        let first = run(&app, &client, to_trio()).await.unwrap();
        assert!(first.created);
        assert_eq!(first.row.other_id, trio.id);
        let again = run(&app, &client, to_trio()).await.unwrap();
        assert!(!again.created);
        assert_eq!(again.row.conversation_id, first.row.conversation_id);
        let cold = Start {
            client_id: Some("someone".into()),
            ..Default::default()
        };
        assert_eq!(
            run(&app, &provider, cold).await.unwrap_err().kind,
            Kind::Forbidden
        );
    }

    #[tokio::test]
    async fn an_unverified_client_cannot_write_to_anyone() {
        let app = testing::app();
        let (trio, _) = member(&app, "trio@example.fr", Role::Provider).await;
        let unverified = testing::unverified(&app, "sam@example.fr").await;
        let start = Start {
            provider_id: Some(trio.id),
            ..Default::default()
        };
        let refused = run(&app, &unverified, start).await.unwrap_err();
        assert_eq!(
            (refused.kind, refused.code),
            (Kind::Forbidden, "email_unverified")
        );
    }
}
