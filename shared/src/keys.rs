//! The single table's key layout: every item's keys are built here and nowhere else.
//!
//! | item | pk | sk | gsi1pk / gsi1sk | ttl | access patterns |
//! |---|---|---|---|---|---|
//! | account | `USER#{id}` | `ACCOUNT` | – | – | get account by id |
//! | email claim | `EMAIL#{email}` | `EMAIL` | – | – | email → account id; conditional put makes an email belong to one account |
//! | profile | `USER#{id}` | `PROFILE` | `PROVIDERS` / `{created_at}#{id}` (verified providers only) | – | get profile; list providers newest first |
//! | one-time link | `TOKEN#{sha256(token)}` | `VERIFY` or `RESET` | – | 48 h / 1 h | consume a verification or reset link |
//! | session | `USER#{id}` | `SESSION#{family}` | – | 30 days, rolling | revoke a login session (logout, token reuse) |
//! | refresh token | `REFRESH#{id}` | `REFRESH` | – | 30 days | rotate a refresh token |
//! | login throttle | `THROTTLE#{email}` | `LOGIN#{window}` | – | end of window | count failed logins per 15-minute window |
//! | live connection | `CONN#{connection id}` | `CONN` | `USER#{id}` / `CONN#{connection id}` | 2 h | find a user's open connections; forget one on disconnect |
//! | conversation | `CONV#{cid}` | `META` | – | – | one per (client, provider): conditional put; last-message summary |
//! | message | `CONV#{cid}` | `MSG#{at_ms:013}#{msg_id}` | – | – | a conversation's messages, newest first (query backward), a page at a time |
//! | membership | `USER#{id}` | `CONV#{cid}` | `INBOX#{id}#active` or `#archived` / `{last_at_ms:013}#{cid}` | – | a participant's row (unread count, archive); the inbox, newest activity first |
//! | unread total | `USER#{id}` | `UNREAD` | – | – | the unread badge: messages unread over all of a user's conversations |
//! | contact grant | `USER#{client}` | `GRANT#{provider}` | – | – | written when the client writes to or invites the provider: the provider may read the client's confidential profile and write to the client |
//! | search entry | `SEARCH#{area}#{token}` | `{provider_id}` | – | – | listed providers of a kind word in an area, by id (derived from profiles by the notifier: `crate::search`) |
//! | event | `EVENT#{id}` | `META` | `EVENTS#{client_id}` / `{date}#{id}` | – | get an event; a client's events by date |
//! | request | `EVENT#{id}` | `REQ#{provider_id}` | `REQUESTS#{provider_id}` / `{created_at:012}#{event_id}` | – | one per (event, provider): conditional put; an event with its requests (one query of its partition); a provider's inbox, newest first |
//! | booked date | `PROVIDER#{provider_id}` | `DATE#{yyyy-mm-dd}` | – | – | a provider's date is held by one booking: conditional put |

use crate::ports::Key;

pub fn account(user_id: &str) -> Key {
    Key::new(format!("USER#{user_id}"), "ACCOUNT")
}
pub fn email(email: &str) -> Key {
    Key::new(format!("EMAIL#{email}"), "EMAIL")
}
pub fn profile(user_id: &str) -> Key {
    Key::new(format!("USER#{user_id}"), "PROFILE")
}
pub const PROVIDERS: &str = "PROVIDERS";
pub fn provider_listing(created_at: i64, user_id: &str) -> String {
    format!("{created_at:012}#{user_id}")
}
pub fn one_time(purpose: &str, digest: &str) -> Key {
    Key::new(format!("TOKEN#{digest}"), purpose)
}
pub fn session(user_id: &str, family: &str) -> Key {
    Key::new(format!("USER#{user_id}"), format!("SESSION#{family}"))
}
pub fn refresh(token_id: &str) -> Key {
    Key::new(format!("REFRESH#{token_id}"), "REFRESH")
}
pub fn login_throttle(email: &str, window: i64) -> Key {
    Key::new(format!("THROTTLE#{email}"), format!("LOGIN#{window}"))
}
pub fn connection(connection_id: &str) -> Key {
    Key::new(format!("CONN#{connection_id}"), "CONN")
}
pub fn user_connections(user_id: &str) -> String {
    format!("USER#{user_id}")
}
/// Sort key of a user's unread total (`USER#{id}` / `UNREAD`, attribute `count`).
pub const UNREAD: &str = "UNREAD";

/// A conversation's id: `{client_id}.{provider_id}` (ids never hold a dot).
pub fn conversation_id(client_id: &str, provider_id: &str) -> String {
    format!("{client_id}.{provider_id}")
}
pub fn conversation(conversation_id: &str) -> Key {
    Key::new(conversation_partition(conversation_id), "META")
}
pub fn conversation_partition(conversation_id: &str) -> String {
    format!("CONV#{conversation_id}")
}
/// Sort-key prefix of a conversation's messages.
pub const MESSAGES: &str = "MSG#";
pub fn message(conversation_id: &str, at_ms: i64, message_id: &str) -> Key {
    Key::new(
        conversation_partition(conversation_id),
        format!("{MESSAGES}{at_ms:013}#{message_id}"),
    )
}
pub fn membership(user_id: &str, conversation_id: &str) -> Key {
    Key::new(format!("USER#{user_id}"), format!("CONV#{conversation_id}"))
}
/// The gsi1 partition of a user's active or archived conversations.
pub fn inbox(user_id: &str, archived: bool) -> String {
    let folder = if archived { "archived" } else { "active" };
    format!("INBOX#{user_id}#{folder}")
}
/// A membership's gsi1 sort key: the inbox sorts by last activity.
pub fn inbox_position(last_at_ms: i64, conversation_id: &str) -> String {
    format!("{last_at_ms:013}#{conversation_id}")
}
pub fn unread_total(user_id: &str) -> Key {
    Key::new(format!("USER#{user_id}"), UNREAD)
}
pub fn contact_grant(client_id: &str, provider_id: &str) -> Key {
    Key::new(format!("USER#{client_id}"), format!("GRANT#{provider_id}"))
}

/// Sort key of a profile item (`USER#{id}` / `PROFILE`).
pub const PROFILE: &str = "PROFILE";
/// The search partition of a kind word (`*`: any kind) in an area (`C{commune}`,
/// `R{region}`, `FR`, `ALL`).
pub fn search_partition(area: &str, token: &str) -> String {
    format!("SEARCH#{area}#{token}")
}
pub fn search_entry(area: &str, token: &str, provider_id: &str) -> Key {
    Key::new(search_partition(area, token), provider_id)
}

pub fn event_partition(event_id: &str) -> String {
    format!("EVENT#{event_id}")
}
pub fn event(event_id: &str) -> Key {
    Key::new(event_partition(event_id), "META")
}
/// The gsi1 partition of a client's events.
pub fn client_events(client_id: &str) -> String {
    format!("EVENTS#{client_id}")
}
/// An event's gsi1 sort key: a client's events sort by date.
pub fn event_position(date: &str, event_id: &str) -> String {
    format!("{date}#{event_id}")
}
/// Sort-key prefix of an event's requests.
pub const REQUESTS: &str = "REQ#";
pub fn request(event_id: &str, provider_id: &str) -> Key {
    Key::new(
        event_partition(event_id),
        format!("{REQUESTS}{provider_id}"),
    )
}
/// The gsi1 partition of a provider's requests (its inbox).
pub fn provider_requests(provider_id: &str) -> String {
    format!("REQUESTS#{provider_id}")
}
/// A request's gsi1 sort key: the inbox sorts by creation time.
pub fn request_position(created_at: i64, event_id: &str) -> String {
    format!("{created_at:012}#{event_id}")
}
/// The item that holds a provider's date (`date` is `YYYY-MM-DD`).
pub fn booked_date(provider_id: &str, date: &str) -> Key {
    Key::new(format!("PROVIDER#{provider_id}"), format!("DATE#{date}"))
}
