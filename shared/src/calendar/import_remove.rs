//! A provider removes one of its imported calendars
//! (`DELETE /api/me/calendar/imports/{id}`, function `calendar-settings`): the days and
//! times it blocked are freed (each on condition that it is still this calendar's).
//!
//! Table calls: 1 GetItem + 1 DeleteItem per block + 1 DeleteItem.

use super::imports::{self, Import};
use crate::app::App;
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use crate::items;
use crate::keys;
use crate::messaging::model::is_id;

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let caller = req.auth(app).await?;
    run(app, &caller.sub, req.param("id")).await?;
    Ok(Reply::empty(204))
}

pub async fn run(app: &App, provider_id: &str, id: &str) -> Result<(), Error> {
    let not_found = || Error::not_found("no such calendar");
    if !is_id(id) {
        return Err(not_found());
    }
    let key = keys::calendar_import(provider_id, id);
    let item = app.table.get(&key).await?.ok_or_else(not_found)?;
    let import: Import = items::record(item)?;
    app.table.delete(&key, None).await?;
    for block in &import.blocks {
        imports::release(app, &import, block).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::import_add;
    use crate::error::Kind;
    use crate::testing::{self, photographer};

    #[tokio::test]
    async fn a_provider_removes_its_own_calendars_only() {
        let app = testing::app();
        let provider = photographer(&app).await;
        let import = import_add::run(&app, &provider, "https://calendar.example.com/a.ics")
            .await
            .unwrap();
        assert_eq!(
            run(&app, "someone-else", &import.id)
                .await
                .unwrap_err()
                .kind,
            Kind::NotFound
        );
        run(&app, &provider.sub, &import.id).await.unwrap();
        assert!(imports::of(&app, &provider.sub).await.unwrap().is_empty());
        assert_eq!(
            run(&app, &provider.sub, &import.id).await.unwrap_err().kind,
            Kind::NotFound
        );
    }
}
