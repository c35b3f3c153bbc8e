//! Log out (function `logout`): the session of the refresh cookie is revoked, and the
//! cookie cleared. Always 204, with or without a valid cookie.

use super::sessions::{self, COOKIE};
use crate::app::App;
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    run(app, req.cookie(COOKIE).as_deref()).await?;
    Ok(Reply::empty(204).with_header("set-cookie", sessions::cookie(app, "", 0)))
}

/// Revokes the session the cookie value names, if any.
pub async fn run(app: &App, cookie: Option<&str>) -> Result<(), Error> {
    if let Some((_, token)) = sessions::presented(app, cookie).await? {
        sessions::revoke(app, &token).await?;
    }
    Ok(())
}
