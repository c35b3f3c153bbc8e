//! Start a conversation (function `start-conversation`).
//!
//! Only a client starts one, with a listed provider: client accounts are confidential,
//! so a provider never writes to a client cold. One conversation per pair: its item is
//! put on condition that it does not exist, in the transaction that writes both inbox
//! rows and the contact grant (the provider may now read the client's profile).
//! Starting it again answers the existing one (200); a new `about` becomes its subject.

use super::model::{self, About, Conversation, Membership};
use crate::app::App;
use crate::auth::Role;
use crate::http::{ApiError, Reply, Req};
use crate::items;
use crate::keys;
use crate::ports::StoreError;
use crate::ports::table::{Condition, TxOp, Update};
use crate::profiles::model::{self as profiles, Profile};
use serde::Deserialize;
use serde_json::json;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Start {
    provider_id: String,
    #[serde(default)]
    about: Option<About>,
}

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let claims = req.auth(app)?;
    if claims.role != Role::Client {
        return Err(ApiError::forbidden(
            "only clients start conversations; providers answer them",
        ));
    }
    let input: Start = req.json()?;
    let provider_id = model::id("provider_id", &input.provider_id)?;
    let about = input.about.map(About::validated).transpose()?;
    let provider_name = provider_name(app, &provider_id).await?;
    let client_name = client_name(app, &claims.sub).await?;
    let conversation_id = keys::conversation_id(&claims.sub, &provider_id);
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
    let provider_row = row(&claims.sub, client_name);
    let conversation = Conversation {
        client_id: claims.sub.clone(),
        provider_id: provider_id.clone(),
        created_at: app.clock.now(),
        about: about.clone(),
        last_at_ms: now_ms,
        last_text: None,
        last_sender: None,
    };
    let grant =
        json!({"client_id": claims.sub, "provider_id": provider_id, "since": app.clock.now()});
    let ops = vec![
        TxOp::Put {
            item: items::with_key(&keys::conversation(&conversation_id), &conversation),
            condition: Some(Condition::NotExists),
        },
        TxOp::Put {
            item: client_row.item(&claims.sub),
            condition: None,
        },
        TxOp::Put {
            item: provider_row.item(&provider_id),
            condition: None,
        },
        TxOp::Put {
            item: items::with_key(&keys::contact_grant(&claims.sub, &provider_id), grant),
            condition: None,
        },
    ];
    match app.table.transact(ops).await {
        Ok(()) => Ok(Reply::json(201, json!({"conversation": client_row.row()}))),
        Err(StoreError::TransactionCancelled { failed }) if failed.first() == Some(&true) => {
            let row = existing(app, &claims.sub, &provider_id, about).await?;
            Ok(Reply::ok(json!({"conversation": row.row()})))
        }
        Err(e) => Err(e.into()),
    }
}

/// The client's row of their existing conversation, after making `about` (when
/// given) its subject on the conversation and on both rows.
async fn existing(
    app: &App,
    client_id: &str,
    provider_id: &str,
    about: Option<About>,
) -> Result<Membership, ApiError> {
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
        .get(&keys::membership(client_id, &conversation_id))
        .await?
        .ok_or_else(model::not_found)?;
    Membership::from_item(item)
}

/// The stage name of a listed provider; 404 for anyone else.
async fn provider_name(app: &App, provider_id: &str) -> Result<String, ApiError> {
    let not_found = || ApiError::not_found("no such provider");
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

/// The name the client's profile shows.
async fn client_name(app: &App, client_id: &str) -> Result<String, ApiError> {
    let gone = || ApiError::unauthorized("this account no longer exists");
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
