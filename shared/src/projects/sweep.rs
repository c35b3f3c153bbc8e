//! The day after its date, a project still before it is done, by itself (function
//! `projects-sweep`, hourly; the local gateway runs it with the calendar sync).
//!
//! It reads the projects waiting for their day (`PROJECTS_DUE`, before today in France)
//! and moves each that is still before its day to `done`, by the platform, deleting its
//! entry in the same transaction; an entry whose project went on otherwise (cancelled)
//! is deleted. A run that stops half-way leaves the rest for the next one.
//!
//! Table calls: 1 Query a page of 100, then per project 1 GetItem + 1 TransactWriteItems.

use super::model::{self, Actor};
use super::status::{BEFORE_THE_DAY, Status};
use crate::app::App;
use crate::dates;
use crate::error::Error;
use crate::keys;
use crate::ports::table::{Query, SK, SortKey, StoreError};
use serde_json::Value;

/// Moves every project whose day is past to `done`; returns how many it moved.
pub async fn run(app: &App) -> Result<usize, Error> {
    let today = dates::today(app.clock.now()).to_string();
    let mut moved = 0;
    let mut cursor = None;
    loop {
        let query = Query::partition(keys::PROJECTS_DUE)
            .sort(SortKey::LessThan(today.clone()))
            .after(cursor);
        let page = app.table.query(query).await?;
        for entry in &page.items {
            let sk = entry.get(SK).and_then(Value::as_str).unwrap_or_default();
            let Some((date, id)) = sk.split_once('#') else {
                continue;
            };
            moved += usize::from(done(app, date, id).await?);
        }
        cursor = page.next;
        if cursor.is_none() {
            return Ok(moved);
        }
    }
}

/// Moves one project to `done` if it is still before its day; true if it did.
async fn done(app: &App, date: &str, id: &str) -> Result<bool, Error> {
    let project = model::get(app, id).await?;
    match project {
        Some(project) if BEFORE_THE_DAY.contains(&project.status) => {
            let now = app.clock.now();
            let (_, ops) = project.change_ops(Status::Done, Actor::Platform, None, now);
            match app.table.transact(ops).await {
                Ok(()) => Ok(true),
                // A side changed it meanwhile: the next run sees it again.
                Err(StoreError::TransactionCancelled { .. }) => Ok(false),
                Err(e) => Err(e.into()),
            }
        }
        _ => {
            app.table.delete(&keys::project_due(date, id), None).await?;
            Ok(false)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::projects::change::{self, Move};
    use crate::testing::{self, confirmed_project};

    #[tokio::test]
    async fn the_day_after_its_date_a_project_is_done_by_itself_once() {
        let app = testing::app();
        let (provider, client, project) = confirmed_project(&app).await;
        assert_eq!(run(&app).await.unwrap(), 0, "not before its day is past");
        app.advance(30 * 86_400);
        assert_eq!(run(&app).await.unwrap(), 1);
        assert_eq!(run(&app).await.unwrap(), 0, "once");
        let loaded = model::load(&app, &project.id, &client.sub).await.unwrap();
        assert_eq!(loaded.project.status, Status::Done);
        let last = loaded.steps.last().unwrap();
        assert_eq!(
            (last.actor, last.from),
            (Actor::Platform, Some(Status::Confirmed))
        );
        // The provider takes it on from there.
        let next = Move {
            from: Status::Done,
            to: Status::InProduction,
            note: None,
        };
        assert!(
            change::run(&app, &provider.sub, &project.id, next)
                .await
                .is_ok()
        );
    }

    #[tokio::test]
    async fn a_cancelled_project_is_left_alone() {
        let app = testing::app();
        let (_, client, project) = confirmed_project(&app).await;
        let cancel = change::Move {
            from: Status::Confirmed,
            to: Status::Cancelled,
            note: Some("Annulé".into()),
        };
        change::run(&app, &client.sub, &project.id, cancel)
            .await
            .unwrap();
        app.advance(30 * 86_400);
        assert_eq!(run(&app).await.unwrap(), 0);
        let after = model::get(&app, &project.id).await.unwrap().unwrap();
        assert_eq!(after.status, Status::Cancelled);
    }
}
