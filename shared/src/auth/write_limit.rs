//! The per-user limit on writes: every request that changes state (any method but GET)
//! of a logged-in user adds one to the user's counter of the current minute (an atomic
//! update whose item expires with the minute); past [`WRITES_PER_MINUTE`] the request
//! answers 429 with `Retry-After` until the minute ends, and changes nothing.
//!
//! The bound is ten a second sustained: far beyond a person typing, clicking or uploading
//! (a 2 GiB upload asks for 256 part URLs), and it stops a script flooding others.

use crate::app::App;
use crate::error::Error;
use crate::keys;
use crate::ports::table::{TTL, Update};

pub const WRITES_PER_MINUTE: i64 = 600;
const WINDOW_SECS: i64 = 60;

/// Counts one write of `user_id`; refuses it past `bound` in the current minute.
pub async fn count(app: &App, user_id: &str, bound: i64) -> Result<(), Error> {
    let now = app.clock.now();
    let window = now.div_euclid(WINDOW_SECS);
    let window_end = (window + 1) * WINDOW_SECS;
    let counted = app
        .table
        .update(
            &keys::write_throttle(user_id, window),
            Update::default().add("writes", 1).set(TTL, window_end),
            None,
        )
        .await?;
    let writes = counted.get("writes").and_then(|v| v.as_i64()).unwrap_or(0);
    if writes > bound {
        return Err(Error::too_many(
            "too_many_writes",
            "too many changes in a minute: wait a moment",
            window_end - now,
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing;

    #[tokio::test]
    async fn the_bound_holds_per_minute_and_per_user() {
        let app = testing::app();
        for _ in 0..3 {
            count(&app, "u1", 3).await.unwrap();
        }
        let refused = count(&app, "u1", 3).await.unwrap_err();
        assert!(
            matches!(refused.kind, crate::error::Kind::TooMany { retry_after } if (1..=60).contains(&retry_after))
        );
        count(&app, "u2", 3).await.unwrap();
        app.advance(WINDOW_SECS);
        count(&app, "u1", 3).await.unwrap();
    }
}
