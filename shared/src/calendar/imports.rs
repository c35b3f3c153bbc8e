//! A provider's other calendars (Google, Apple, Outlook), imported from their secret iCal
//! addresses: each sync fetches one ([`super::fetch`]), reads its busy days and times
//! within the provider's horizon ([`super::busy`]), and replaces the blocks of that
//! calendar in the provider's days with them.
//!
//! A busy day is a day item `kind = import` (on condition that the day is free, or holds
//! sessions that are all gone); busy times are slots held by the import (each with the
//! day marked as holding sessions, in one transaction, on condition that the slot is free
//! and the day not taken whole). What a booking already holds is left alone. Old blocks
//! are deleted on condition that they are still this calendar's. The calendar records
//! when it was last read, what it blocks, and its last error; a failed fetch keeps the
//! blocks of the last good one. One calendar's failure never stops another's sync.
//!
//! Items: `PROVIDER#{p}` / `IMPORT#{id}`, in gsi1 `IMPORTS` / `{p}#{id}` (the scheduled
//! sync reads every calendar from there).

use super::busy;
use super::day::{self, Day};
use super::day_items::stale_sessions;
use super::fetch::{self, Policy};
use super::model::{day_free, free, mark_sessions};
use super::rules::Rules;
use crate::app::App;
use crate::dates;
use crate::error::Error;
use crate::items;
use crate::keys;
use crate::ports::table::{Condition, GSI1PK, GSI1SK, Index, Query, StoreError, TxOp};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::BTreeSet;

/// Calendars a provider may import.
pub const MAX_IMPORTS: usize = 5;

/// What an import holds of a provider's days: a whole day, or a slot (its minute).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Block {
    pub date: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minute: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Import {
    pub id: String,
    pub provider_id: String,
    pub url: String,
    pub added_at: i64,
    #[serde(default)]
    pub last_sync_at: Option<i64>,
    #[serde(default)]
    pub last_error: Option<String>,
    #[serde(default)]
    pub blocks: Vec<Block>,
}

impl Import {
    pub fn item(&self) -> crate::ports::Item {
        let mut item = items::with_key(&keys::calendar_import(&self.provider_id, &self.id), self);
        item.insert(GSI1PK.into(), keys::ALL_IMPORTS.into());
        item.insert(
            GSI1SK.into(),
            format!("{}#{}", self.provider_id, self.id).into(),
        );
        item
    }

    /// What its provider sees of it.
    pub fn view(&self) -> ImportView<'_> {
        ImportView {
            id: &self.id,
            url: &self.url,
            added_at: self.added_at,
            last_sync_at: self.last_sync_at,
            last_error: self.last_error.as_deref(),
            busy_days: self.blocks.iter().map(|b| b.date.as_str()).collect(),
        }
    }
}

/// What a provider sees of one of its imported calendars: the address, the last sync and
/// its error, and the days it blocks.
#[derive(Debug, Serialize)]
pub struct ImportView<'a> {
    pub id: &'a str,
    pub url: &'a str,
    pub added_at: i64,
    pub last_sync_at: Option<i64>,
    pub last_error: Option<&'a str>,
    pub busy_days: BTreeSet<&'a str>,
}

/// The policy of a fetch for this app.
pub fn policy(app: &App) -> Policy {
    if app.config.loopback_calendars {
        Policy::loopback_for_tests()
    } else {
        Policy::default()
    }
}

/// The provider's imported calendars: one Query.
pub async fn of(app: &App, provider_id: &str) -> Result<Vec<Import>, Error> {
    let page = app
        .table
        .query(
            Query::partition(keys::provider_calendar(provider_id))
                .sort(crate::ports::SortKey::BeginsWith(keys::IMPORTS.into()))
                .limit(MAX_IMPORTS + 1),
        )
        .await?;
    page.items.into_iter().map(items::record).collect()
}

/// Syncs every imported calendar; returns how many were read without error.
pub async fn sync_all(app: &App) -> Result<usize, Error> {
    let mut cursor = None;
    let mut good = 0;
    loop {
        let page = app
            .table
            .query(
                Query::partition(keys::ALL_IMPORTS)
                    .on(Index::Gsi1)
                    .limit(100)
                    .after(cursor),
            )
            .await?;
        for item in page.items {
            let mut import: Import = items::record(item)?;
            match sync(app, &mut import).await {
                Ok(()) if import.last_error.is_none() => good += 1,
                Ok(()) => {}
                Err(error) => tracing::warn!(%error, import = import.id, "calendar sync failed"),
            }
        }
        match page.next {
            Some(next) => cursor = Some(next),
            None => return Ok(good),
        }
    }
}

/// Reads one calendar again and replaces its blocks (see the module documentation).
pub async fn sync(app: &App, import: &mut Import) -> Result<(), Error> {
    let now = app.clock.now();
    let profile = app.table.get(&keys::profile(&import.provider_id)).await?;
    let rules = profile
        .as_ref()
        .map(Rules::of_profile)
        .transpose()?
        .unwrap_or_default();
    let today = dates::today(now);
    let until = dates::add_days(today, i64::from(rules.horizon_days));
    let read = match fetch::fetch(&import.url, &policy(app)).await {
        Ok(text) => busy::read(&text, today, until).map_err(|e| e.0),
        Err(refused) => Err(refused.0),
    };
    import.last_sync_at = Some(now);
    match read {
        Err(reason) => import.last_error = Some(reason),
        Ok(busy) => {
            let mut wanted: BTreeSet<Block> = busy
                .days
                .iter()
                .map(|d| Block {
                    date: d.clone(),
                    minute: None,
                })
                .collect();
            for (date, from, to) in &busy.times {
                let length = date.parse().map(|d| Day::of(d).minutes).unwrap_or(1440);
                for minute in day::slots(*from, *to, length) {
                    wanted.insert(Block {
                        date: date.clone(),
                        minute: Some(minute),
                    });
                }
            }
            let old: BTreeSet<Block> = import.blocks.iter().cloned().collect();
            for gone in old.difference(&wanted) {
                release(app, import, gone).await?;
            }
            let mut kept: Vec<Block> = old.intersection(&wanted).cloned().collect();
            for new in wanted.difference(&old) {
                if hold(app, import, new, now).await? {
                    kept.push(new.clone());
                }
            }
            kept.sort();
            import.blocks = kept;
            import.last_error = (busy.skipped_count > 0).then(|| {
                format!(
                    "{} events skipped: {}",
                    busy.skipped_count,
                    busy.skipped.join("; ")
                )
            });
        }
    }
    app.table
        .put(import.item(), Some(Condition::Exists))
        .await
        .or_else(|e| match e {
            // Removed while it synced: its blocks were released by the removal.
            StoreError::ConditionFailed => Ok(()),
            e => Err(e),
        })?;
    Ok(())
}

fn block_key(import: &Import, block: &Block) -> crate::ports::Key {
    match block.minute {
        None => keys::booked_date(&import.provider_id, &block.date),
        Some(minute) => keys::calendar_slot(&import.provider_id, &block.date, minute),
    }
}

/// Frees a block of the calendar (if it is still its own).
pub async fn release(app: &App, import: &Import, block: &Block) -> Result<(), Error> {
    let mine = Condition::Equals("import_id".into(), json!(import.id));
    match app
        .table
        .delete(&block_key(import, block), Some(mine))
        .await
    {
        Ok(()) | Err(StoreError::ConditionFailed) => Ok(()),
        Err(e) => Err(e.into()),
    }
}

/// Holds a block for the calendar; false when something else holds that time.
async fn hold(app: &App, import: &Import, block: &Block, now: i64) -> Result<bool, Error> {
    let key = block_key(import, block);
    let record =
        json!({"import_id": import.id, "provider_id": import.provider_id, "date": block.date});
    let mut item = items::with_key(&key, record);
    if block.minute.is_none() {
        // A busy day: the day item, as a whole-day booking takes it (a stale sessions marker
        // is read only when the day is not free).
        item.insert("kind".into(), "import".into());
        let (provider, date) = (&import.provider_id, &block.date);
        let put = |stale| app.table.put(item.clone(), Some(day_free(now, stale)));
        return match put(None).await {
            Ok(()) => Ok(true),
            Err(StoreError::ConditionFailed) => {
                match stale_sessions(app, provider, date, now).await? {
                    None => Ok(false),
                    stale => match put(stale).await {
                        Ok(()) => Ok(true),
                        Err(StoreError::ConditionFailed) => Ok(false),
                        Err(e) => Err(e.into()),
                    },
                }
            }
            Err(e) => Err(e.into()),
        };
    }
    let ops = vec![
        mark_sessions(&import.provider_id, &block.date, now),
        TxOp::Put {
            item,
            condition: Some(free(now)),
        },
    ];
    match app.table.transact(ops).await {
        Ok(()) => Ok(true),
        Err(StoreError::TransactionCancelled { .. }) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Role;
    use crate::calendar::book::{self, NewBooking};
    use crate::calendar::{import_add, import_remove};
    use crate::testing::{self, member, photographer, tuesday};
    use std::sync::{Arc, Mutex};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::TcpListener;

    /// A calendar server on 127.0.0.1 answering 200 with the current text (or 500 when
    /// it is empty); the text, and its address.
    async fn server() -> (Arc<Mutex<String>>, String) {
        let text = Arc::new(Mutex::new(String::new()));
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let served = text.clone();
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                let body = served.lock().unwrap().clone();
                tokio::spawn(async move {
                    let mut request = [0u8; 4096];
                    let _ = socket.read(&mut request).await;
                    let status = if body.is_empty() {
                        "500 Oops"
                    } else {
                        "200 OK"
                    };
                    let answer = format!(
                        "HTTP/1.1 {status}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                        body.len()
                    );
                    let _ = socket.write_all(answer.as_bytes()).await;
                });
            }
        });
        (text, format!("http://{address}/private/basic.ics"))
    }

    fn calendar(events: &str) -> String {
        format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//FR\r\n{events}END:VCALENDAR\r\n")
    }

    fn compact(day: &str) -> String {
        day.replace('-', "")
    }

    #[tokio::test]
    async fn a_sync_blocks_busy_days_and_times_and_a_later_one_replaces_them() {
        let app = testing::app();
        let provider = photographer(&app).await;
        let (_, client) = member(&app, "camille@example.fr", Role::Client).await;
        let (text, url) = server().await;
        let (whole_day, session_day) = (tuesday(&app, 10), tuesday(&app, 17));
        *text.lock().unwrap() = calendar(&format!(
            "BEGIN:VEVENT\r\nUID:a\r\nDTSTART;VALUE=DATE:{}\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:b\r\nDTSTART;TZID=Europe/Paris:{}T100000\r\nDTEND;TZID=Europe/Paris:{}T110000\r\nEND:VEVENT\r\n",
            compact(&whole_day),
            compact(&session_day),
            compact(&session_day)
        ));
        import_add::run(&app, &provider, &url).await.unwrap();
        assert_eq!(sync_all(&app).await.unwrap(), 1);
        let ask = |service: &str, date: &str, start: Option<&str>| NewBooking {
            provider_id: provider.sub.clone(),
            service: service.into(),
            date: date.into(),
            start: start.map(str::to_owned),
            ..Default::default()
        };
        let code = |r: Result<crate::calendar::model::Booking, Error>| {
            r.map(|_| "booked").unwrap_or_else(|e| e.code)
        };
        assert_eq!(
            code(book::run(&app, &client, ask("Reportage journée", &whole_day, None)).await),
            "date_taken"
        );
        assert_eq!(
            code(
                book::run(
                    &app,
                    &client,
                    ask("Séance portrait", &session_day, Some("10:00"))
                )
                .await
            ),
            "slot_taken"
        );
        assert_eq!(
            code(book::run(&app, &client, ask("Reportage journée", &session_day, None)).await),
            "date_taken"
        );
        assert_eq!(
            code(
                book::run(
                    &app,
                    &client,
                    ask("Séance portrait", &session_day, Some("14:00"))
                )
                .await
            ),
            "booked"
        );
        let listed = of(&app, &provider.sub).await.unwrap();
        assert_eq!(listed[0].blocks.len(), 5, "a day and four quarters");
        assert_eq!(listed[0].last_error, None);

        // The server fails: the blocks stay, and the error is recorded.
        text.lock().unwrap().clear();
        assert_eq!(sync_all(&app).await.unwrap(), 0);
        let failed = of(&app, &provider.sub).await.unwrap().remove(0);
        assert!(failed.last_error.unwrap().contains("500"));
        assert_eq!(failed.blocks.len(), 5);

        // The busy day is gone from the calendar: the next sync frees it.
        *text.lock().unwrap() = calendar(&format!(
            "BEGIN:VEVENT\r\nUID:b\r\nDTSTART;TZID=Europe/Paris:{}T100000\r\nDTEND;TZID=Europe/Paris:{}T110000\r\nEND:VEVENT\r\n",
            compact(&session_day),
            compact(&session_day)
        ));
        assert_eq!(sync_all(&app).await.unwrap(), 1);
        assert_eq!(
            code(book::run(&app, &client, ask("Reportage journée", &whole_day, None)).await),
            "booked"
        );
        // Removing the calendar frees the rest.
        let id = of(&app, &provider.sub).await.unwrap()[0].id.clone();
        import_remove::run(&app, &provider.sub, &id).await.unwrap();
        assert_eq!(
            code(
                book::run(
                    &app,
                    &client,
                    ask("Séance portrait", &session_day, Some("10:00"))
                )
                .await
            ),
            "booked"
        );
        assert!(of(&app, &provider.sub).await.unwrap().is_empty());
    }
}
