//! Benchmark of a gallery archive (`scripts/bench.sh archive`): a gallery of FILES
//! originals of SIZE MiB each (default 40 × 64 MiB = 2.5 GiB, more than one 2 GiB part)
//! in a fresh local data folder, then the archive built as the `gallery-archive` function
//! does; prints the time, the throughput and the process's peak memory (VmHWM) before and
//! after the build, as JSON.

#[path = "support/rss.rs"]
mod rss;
use estrade::galleries::archive::{Archive, ArchiveStatus, Selection};
use estrade::galleries::build;
use estrade::galleries::model::{File, FileStatus, Gallery, Kind, Status};
use estrade::items;
use rss::peak_rss_mb;
use std::time::Instant;

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let files: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(40);
    let mib: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(64);
    let dir = tempfile::tempdir().unwrap();
    let app = estrade::embedded::open(dir.path(), "http://127.0.0.1:8080")
        .unwrap()
        .app;
    let gallery = Gallery {
        id: "benchgallery".into(),
        project_id: "p".into(),
        client_id: "c".into(),
        provider_id: "v".into(),
        client_name: "Camille".into(),
        provider_name: "Claire".into(),
        name: "Photos finales".into(),
        position: 1,
        status: Status::Delivered,
        file_count: files as i64,
        ready_count: files as i64,
        total_bytes: (files * mib) as i64 * 1024 * 1024,
        favourite_count: 0,
        version: 1,
        delivered_at: Some(0),
        expires_at: None,
        created_at: 0,
        updated_at: 0,
    };
    app.table.put(gallery.item(), None).await.unwrap();
    // Each original written in 8 MiB parts: the set-up itself stays small in memory.
    let mut chunk = vec![0u8; 8 * 1024 * 1024];
    let mut ids = Vec::new();
    for i in 0..files {
        let file = File {
            id: format!("f{i:05}"),
            gallery_id: gallery.id.clone(),
            name: format!("IMG_{i:04}.jpg"),
            content_type: "image/jpeg".into(),
            size: (mib * 1024 * 1024) as u64,
            kind: Kind::Image,
            status: FileStatus::Ready,
            failure: None,
            upload_id: None,
            uploaded_by: "v".into(),
            width: None,
            height: None,
            previews: false,
            favourite: false,
            uploaded_at: 1_764_590_400,
        };
        let key = file.original();
        let upload = app
            .blobs
            .create_multipart(&key, "image/jpeg")
            .await
            .unwrap();
        let mut parts = Vec::new();
        for n in 1..=(mib / 8) as u32 {
            chunk[0] = i as u8;
            chunk[1] = n as u8;
            parts.push((
                n,
                app.blobs
                    .upload_part(&key, &upload, n, chunk.clone())
                    .await
                    .unwrap(),
            ));
        }
        app.blobs
            .complete_multipart(&key, &upload, &parts)
            .await
            .unwrap();
        app.table
            .put(items::with_key(&file.key(), &file), None)
            .await
            .unwrap();
        ids.push(file.id);
    }
    drop(chunk);
    let before = peak_rss_mb();
    let archive = Archive {
        id: "all-v1".into(),
        gallery_id: gallery.id.clone(),
        selection: Selection::All,
        file_ids: ids,
        status: ArchiveStatus::Building,
        requested_by: "c".into(),
        file_count: files as u32,
        total_bytes: (files * mib * 1024 * 1024) as u64,
        parts: Vec::new(),
        failure: None,
        created_at: 0,
        ready_at: None,
    };
    let key = estrade::keys::gallery_archive(&gallery.id, &archive.id);
    app.table
        .put(items::with_key(&key, &archive), None)
        .await
        .unwrap();
    let started = Instant::now();
    let built = build::build(&app, &archive).await.unwrap();
    let seconds = started.elapsed().as_secs_f64();
    let bytes: u64 = built.parts.iter().map(|p| p.size).sum();
    println!(
        "{{\"files\": {files}, \"archive_gib\": {:.2}, \"parts\": {}, \"seconds\": {seconds:.1}, \"mb_per_s\": {:.0}, \"peak_rss_mb_before\": {before:.0}, \"peak_rss_mb_after\": {:.0}}}",
        bytes as f64 / (1u64 << 30) as f64,
        built.parts.len(),
        bytes as f64 / 1e6 / seconds,
        peak_rss_mb()
    );
}
