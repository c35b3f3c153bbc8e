//! A 60-second ticket to open the live WebSocket (`?ticket=`), so that no long-lived
//! token ever appears in a URL (`POST /api/ws/ticket`, function `accounts-read`).

use crate::app::App;
use crate::auth::tokens::{AccessClaims, SessionRef, TokenKind};
use crate::http::{ApiError, Reply, Req};
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct Ticket {
    pub ticket: String,
    pub expires_in: i64,
}

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let caller = req.auth(app).await?;
    Ok(Reply::ok(run(app, &caller)))
}

/// A ticket for the caller.
pub fn run(app: &App, caller: &AccessClaims) -> Ticket {
    let session = SessionRef::of(caller);
    let (ticket, expires_in) =
        app.tokens
            .issue_in(&caller.sub, caller.role, TokenKind::WsTicket, session);
    Ticket { ticket, expires_in }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Role;
    use crate::testing::{self, member};

    use crate::auth::tokens::TokenKind;

    #[tokio::test]
    async fn a_ticket_opens_a_socket_and_nothing_else() {
        let app = testing::app();
        let (account, caller) = member(&app, "camille@example.fr", Role::Client).await;
        let Ticket { ticket, expires_in } = run(&app, &caller);
        assert_eq!(expires_in, 60);
        let claims = app.tokens.verify(&ticket, TokenKind::WsTicket).unwrap();
        assert_eq!(claims.sub, account.id);
        assert!(app.tokens.verify(&ticket, TokenKind::Access).is_err());
    }
}
