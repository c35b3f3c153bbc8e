//! The emails of one-time links (reset a password, confirm an address), sent by the
//! change feed: a request only records the ask (the address's cooldown item, the same
//! work whether or not an account has the address), and the notifier sends the link
//! when it sees the ask. The answer's time tells nothing, and no link ever sits in the
//! table.

use super::one_time::Purpose;
use super::{resend, reset_request};
use crate::app::App;
use crate::error::Error;
use crate::ports::table::{Item, SK};
use serde_json::Value;

/// Sends the link an ask (a cooldown item just put) calls for.
pub async fn asked(app: &App, ask: &Item) -> Result<(), Error> {
    let purpose = ask
        .get(SK)
        .and_then(Value::as_str)
        .and_then(|sk| sk.strip_prefix(crate::keys::COOLDOWNS))
        .and_then(Purpose::from_sort_key);
    let Some((purpose, email)) = purpose.zip(ask.get("email").and_then(Value::as_str)) else {
        return Ok(());
    };
    match purpose {
        Purpose::Reset => reset_request::mail(app, email).await?,
        Purpose::Verify => resend::mail(app, email).await?,
    };
    Ok(())
}
