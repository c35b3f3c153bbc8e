//! Log out (function `logout`): the session of the refresh cookie is revoked (its access
//! tokens fail at once), its live sockets closed, and the cookie cleared. Always 204, with or without a valid cookie.

use super::sessions::{self, COOKIE};
use crate::app::App;
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use crate::live;

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    if !req.from_site(&app.config.public_base_url) {
        return Err(sessions::cross_site().into());
    }
    run(app, req.cookie(COOKIE).as_deref()).await?;
    Ok(Reply::empty(204).with_header("set-cookie", sessions::cookie(app, "", 0)))
}

/// Revokes the session the cookie value names, if any, and closes its live sockets.
pub async fn run(app: &App, cookie: Option<&str>) -> Result<(), Error> {
    if let Some((_, token)) = sessions::presented(app, cookie).await? {
        sessions::revoke(app, &token).await?;
        live::close(app, &token.user_id, Some(&token.family)).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Role;
    use crate::testing::{self, member};

    use crate::accounts::{refresh, sessions};

    #[tokio::test]
    async fn logging_out_ends_the_session() {
        let app = testing::app();
        let (account, _) = member(&app, "camille@example.fr", Role::Client).await;
        let granted = sessions::start(&app, &account).await.unwrap();
        run(&app, Some(&granted.refresh_cookie)).await.unwrap();
        let after = refresh::run(&app, Some(&granted.refresh_cookie)).await;
        assert_eq!(after.unwrap_err().code, "invalid_refresh");
        run(&app, Some("not.a-cookie")).await.unwrap();
        run(&app, None).await.unwrap();
    }
}
