//! A contact grant: what lets a provider read a client's profile and write to the client.
//! It is written when the client writes to the provider first, invites it to an event or
//! books it on its calendar, with its mirror in the provider's partition, from which the provider's dashboard lists
//! its clients.

use crate::items;
use crate::keys;
use crate::ports::TxOp;
use serde_json::json;

/// The writes of a grant: the grant (in the client's partition) and its mirror (in the
/// provider's), both unconditioned: a grant given again only renews its time.
pub fn ops(client_id: &str, client_name: &str, provider_id: &str, now: i64) -> [TxOp; 2] {
    let grant = json!({"client_id": client_id, "provider_id": provider_id, "since": now});
    let mirror = json!({"client_id": client_id, "client_name": client_name, "since": now});
    [
        TxOp::Put {
            item: items::with_key(&keys::contact_grant(client_id, provider_id), grant),
            condition: None,
        },
        TxOp::Put {
            item: items::with_key(&keys::provider_client(provider_id, client_id), mirror),
            condition: None,
        },
    ]
}
