//! An archive asked for is built off the request path: the change feed calls
//! [`on_change`] (the `gallery-archive` function on AWS, on the table's stream filtered to
//! archives being built; the local gateway's change follower).
//!
//! The originals stream into a ZIP (stored entries: photos and videos do not compress;
//! ZIP64 for a file past 4 GiB), which streams into storage by multipart upload, one
//! 16 MiB part at a time: memory stays constant whatever the archive's size.
//!
//! Archives are split into parts of at most 2 GiB, each a complete ZIP of whole files (a
//! file larger than that is alone in its part): a browser download of 2 GiB takes minutes,
//! not an hour, and one that fails costs that much to retry; and every unzip tool reads a
//! ZIP below 4 GiB, while some still fail on ZIP64.
//!
//! The archive is then recorded ready (on condition that it is still building); the
//! notifier tells whoever asked for it, live and by email. Table calls: 1 GetItem + 1
//! Query a 1,000 files + 1 UpdateItem.

use super::archive::{Archive, ArchivePart, ArchiveStatus, ready_files};
use super::model::{self, File};
use crate::app::App;
use crate::error::Error;
use crate::items;
use crate::keys;
use crate::ports::table::{Item, SK};
use crate::ports::{BlobStore, Change, Condition, StoreError, Update};
use serde_json::{Value, json};
use std::io::Write;
use std::sync::Arc;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

/// The largest part of an archive (2 GiB).
pub const PART_LIMIT: u64 = 2 * 1024 * 1024 * 1024;
/// The size of each part of the multipart upload that writes an archive.
pub const UPLOAD_PART: usize = 16 * 1024 * 1024;

/// Whether `change` asks for an archive: one now building that was not.
pub fn asks(change: &Change) -> bool {
    let building = |i: &Item| i.get("status").and_then(Value::as_str) == Some("building");
    change.new.as_ref().is_some_and(|new| {
        let sk = new.get(SK).and_then(Value::as_str).unwrap_or_default();
        sk.starts_with(keys::ARCHIVES) && building(new)
    }) && !change.old.as_ref().is_some_and(building)
}

/// Builds the archive when `change` asks for one.
pub async fn on_change(app: &App, change: &Change) -> Result<(), Error> {
    let (true, Some(new)) = (asks(change), &change.new) else {
        return Ok(());
    };
    let archive: Archive = items::record(new.clone())?;
    match build(app, &archive).await {
        Ok(_) => Ok(()),
        Err(error) => {
            // Recorded failed (the client may ask again), then reported.
            let update = Update::default()
                .set("status", json!(ArchiveStatus::Failed))
                .set("failure", error.code);
            let still = Condition::Equals("status".into(), json!(ArchiveStatus::Building));
            let key = keys::gallery_archive(&archive.gallery_id, &archive.id);
            match app.table.update(&key, update, Some(still)).await {
                Ok(_) | Err(StoreError::ConditionFailed) => Err(error),
                Err(e) => Err(e.into()),
            }
        }
    }
}

/// Builds `archive` and records it ready (or failed); returns it as recorded.
pub async fn build(app: &App, archive: &Archive) -> Result<Archive, Error> {
    let gallery = model::get(app, &archive.gallery_id)
        .await?
        .ok_or_else(model::not_found)?;
    let mut files = ready_files(app, &archive.gallery_id).await?;
    files.retain(|f| archive.file_ids.contains(&f.id));
    let groups = split(&files);
    let mut parts = Vec::with_capacity(groups.len());
    for (i, group) in groups.iter().enumerate() {
        let number = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let name = if groups.len() == 1 {
            format!("{}.zip", gallery.name)
        } else {
            format!("{} ({number} sur {}).zip", gallery.name, groups.len())
        };
        let key = format!(
            "archives/{}/{}/part-{number}.zip",
            archive.gallery_id, archive.id
        );
        let size = write_zip(app, &key, group).await?;
        parts.push(ArchivePart {
            number,
            name,
            key,
            size,
            entries: u32::try_from(group.len()).unwrap_or(u32::MAX),
        });
    }
    let now = app.clock.now();
    let update = Update::default()
        .set("status", json!(ArchiveStatus::Ready))
        .set("parts", json!(parts))
        .set("ready_at", now);
    let still = Condition::Equals("status".into(), json!(ArchiveStatus::Building));
    let key = keys::gallery_archive(&archive.gallery_id, &archive.id);
    match app.table.update(&key, update, Some(still)).await {
        Ok(item) => Ok(items::record(item)?),
        Err(StoreError::ConditionFailed) => {
            let item = app.table.get(&key).await?.ok_or_else(model::not_found)?;
            Ok(items::record(item)?)
        }
        Err(e) => Err(e.into()),
    }
}

/// Files in parts of at most [`PART_LIMIT`] bytes, in order.
fn split(files: &[File]) -> Vec<Vec<File>> {
    let mut groups: Vec<Vec<File>> = Vec::new();
    let mut size = 0;
    for file in files {
        match groups.last_mut() {
            Some(group) if size + file.size <= PART_LIMIT => {
                group.push(file.clone());
                size += file.size;
            }
            _ => {
                groups.push(vec![file.clone()]);
                size = file.size;
            }
        }
    }
    groups
}

/// Streams `files` into a ZIP stored at `key`; returns its size.
pub async fn write_zip(app: &App, key: &str, files: &[File]) -> Result<u64, Error> {
    let upload_id = app.blobs.create_multipart(key, "application/zip").await?;
    let blobs = app.blobs.clone();
    let (key_owned, id, files) = (key.to_owned(), upload_id.clone(), files.to_vec());
    let runtime = tokio::runtime::Handle::current();
    let written = tokio::task::spawn_blocking(move || {
        write_blocking(runtime, blobs, &key_owned, &id, &files)
    })
    .await
    .map_err(Error::internal)?;
    match written {
        Ok((size, parts)) => {
            app.blobs
                .complete_multipart(key, &upload_id, &parts)
                .await?;
            Ok(size)
        }
        Err(e) => {
            app.blobs.abort_multipart(key, &upload_id).await?;
            Err(Error::internal(e))
        }
    }
}

/// The ZIP writer's side, on a blocking thread: entries named once each (a second
/// « a.jpg » becomes « a (2).jpg »), each original copied from its stream.
fn write_blocking(
    runtime: tokio::runtime::Handle,
    blobs: Arc<dyn BlobStore>,
    key: &str,
    upload_id: &str,
    files: &[File],
) -> std::io::Result<(u64, Vec<(u32, String)>)> {
    let sink = PartSink {
        runtime: runtime.clone(),
        blobs: blobs.clone(),
        key: key.to_owned(),
        upload_id: upload_id.to_owned(),
        buffer: Vec::with_capacity(UPLOAD_PART),
        parts: Vec::new(),
        written: 0,
    };
    let mut zip = ZipWriter::new_stream(sink);
    let mut names = std::collections::HashSet::new();
    for file in files {
        let name = unique_name(&mut names, &file.name);
        let options = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Stored)
            .large_file(file.size >= u64::from(u32::MAX))
            .last_modified_time(modified(file.uploaded_at));
        zip.start_file(name, options)
            .map_err(std::io::Error::other)?;
        let reader = runtime
            .block_on(blobs.open(&file.original()))
            .map_err(std::io::Error::other)?;
        let mut reader = tokio_util::io::SyncIoBridge::new_with_handle(reader, runtime.clone());
        std::io::copy(&mut reader, &mut zip)?;
    }
    let sink = zip.finish().map_err(std::io::Error::other)?.into_inner();
    sink.finish()
}

/// `name`, or `name (2)`, `name (3)`… before its extension, whichever is not taken yet.
fn unique_name(taken: &mut std::collections::HashSet<String>, name: &str) -> String {
    let (stem, ext) = match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => (stem, format!(".{ext}")),
        _ => (name, String::new()),
    };
    let mut candidate = name.to_owned();
    let mut n = 2;
    while !taken.insert(candidate.clone()) {
        candidate = format!("{stem} ({n}){ext}");
        n += 1;
    }
    candidate
}

/// A ZIP time (local, to the second, from 1980) for an instant.
fn modified(at: i64) -> zip::DateTime {
    let civil = jiff::Timestamp::from_second(at)
        .map(|t| t.to_zoned(jiff::tz::TimeZone::UTC).datetime())
        .unwrap_or_default();
    zip::DateTime::from_date_and_time(
        u16::try_from(civil.year()).unwrap_or(1980),
        civil.month() as u8,
        civil.day() as u8,
        civil.hour() as u8,
        civil.minute() as u8,
        civil.second() as u8,
    )
    .unwrap_or_default()
}

/// Where the ZIP writer writes: a buffer sent to storage one part at a time.
struct PartSink {
    runtime: tokio::runtime::Handle,
    blobs: Arc<dyn BlobStore>,
    key: String,
    upload_id: String,
    buffer: Vec<u8>,
    parts: Vec<(u32, String)>,
    written: u64,
}

impl PartSink {
    fn send(&mut self) -> std::io::Result<()> {
        let number = u32::try_from(self.parts.len() + 1).map_err(std::io::Error::other)?;
        let bytes = std::mem::replace(&mut self.buffer, Vec::with_capacity(UPLOAD_PART));
        let etag = self
            .runtime
            .block_on(
                self.blobs
                    .upload_part(&self.key, &self.upload_id, number, bytes),
            )
            .map_err(std::io::Error::other)?;
        self.parts.push((number, etag));
        Ok(())
    }

    /// Sends what is left as the last part; returns the size written and the parts.
    fn finish(mut self) -> std::io::Result<(u64, Vec<(u32, String)>)> {
        if !self.buffer.is_empty() || self.parts.is_empty() {
            self.send()?;
        }
        Ok((self.written, self.parts))
    }
}

impl Write for PartSink {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let room = UPLOAD_PART - self.buffer.len();
        let taken = bytes.len().min(room);
        self.buffer.extend_from_slice(&bytes[..taken]);
        self.written += taken as u64;
        if self.buffer.len() == UPLOAD_PART {
            self.send()?;
        }
        Ok(taken)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::galleries::archive::{self, Ask, Selection};
    use crate::galleries::{archive_download, deliver};
    use crate::testing::{self, gallery, jpeg, upload};
    use std::io::Read;

    #[tokio::test]
    async fn the_archive_holds_each_original_byte_for_byte_under_unique_names() {
        let app = testing::app();
        let (provider, client, gallery) = gallery(&app).await;
        let photos = [jpeg(64, 48), jpeg(80, 60), jpeg(32, 32)];
        for (photo, name) in photos.iter().zip(["Été.jpg", "Été.jpg", "c.jpg"]) {
            upload(&app, &provider, &gallery.id, name, "image/jpeg", photo).await;
            app.advance(1);
        }
        deliver::run(&app, &provider, &gallery.id).await.unwrap();
        let asked = archive::run(
            &app,
            &client,
            &gallery.id,
            Ask {
                selection: Selection::All,
            },
        )
        .await
        .unwrap();
        let early = archive_download::run(&app, &client, &gallery.id, &asked.id, 1).await;
        assert_eq!(early.unwrap_err().code, "archive_not_ready");
        let built = build(&app, &asked).await.unwrap();
        assert_eq!((built.status, built.parts.len()), (ArchiveStatus::Ready, 1));
        assert_eq!(built.parts[0].name, "Photos finales.zip");
        let mut bytes = Vec::new();
        let mut reader = app.blobs.open(&built.parts[0].key).await.unwrap();
        tokio::io::AsyncReadExt::read_to_end(&mut reader, &mut bytes)
            .await
            .unwrap();
        assert_eq!(bytes.len() as u64, built.parts[0].size);
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let names: Vec<String> = (0..zip.len())
            .map(|i| zip.by_index(i).unwrap().name().unwrap().to_string())
            .collect();
        assert_eq!(names, ["Été.jpg", "Été (2).jpg", "c.jpg"]);
        for (i, photo) in photos.iter().enumerate() {
            let mut entry = zip.by_index(i).unwrap();
            assert_eq!(entry.compression(), CompressionMethod::Stored);
            let mut read = Vec::new();
            entry.read_to_end(&mut read).unwrap();
            assert_eq!(&read, photo);
        }
        let url = archive_download::run(&app, &client, &gallery.id, &asked.id, 1)
            .await
            .unwrap();
        assert!(url.contains("name=Photos+finales.zip"), "{url}");
    }

    #[test]
    fn parts_hold_whole_files_up_to_the_limit() {
        let file = |size| File {
            id: "f".into(),
            gallery_id: "g".into(),
            name: "n".into(),
            content_type: "video/mp4".into(),
            size,
            kind: crate::galleries::model::Kind::Video,
            status: crate::galleries::model::FileStatus::Ready,
            failure: None,
            upload_id: None,
            uploaded_by: "p".into(),
            width: None,
            height: None,
            previews: false,
            favourite: false,
            uploaded_at: 0,
        };
        let gib = 1024 * 1024 * 1024;
        let sizes: Vec<u64> = split(&[file(gib), file(gib), file(gib), file(5 * gib), file(1)])
            .iter()
            .map(|g| g.iter().map(|f| f.size).sum())
            .collect();
        assert_eq!(sizes, [2 * gib, gib, 5 * gib, 1]);
    }
}
