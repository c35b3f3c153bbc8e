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
