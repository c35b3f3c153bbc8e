//! Galleries through the HTTP API, on both tables: a provider uploads (a signed PUT, the
//! storage's event then checks each file), delivers; the client sees the grid, marks
//! favourites, downloads an original and the ZIP of its favourites, built by the change
//! feed; the provider reads the downloads log; a third party gets 404 everywhere and the
//! client 410 once the gallery expired. Under races: many favourite toggles at once keep
//! the count exact; uploads racing for a gallery's last places get exactly those places.

use crate::calendar::{Member, all_at_once, codes, member, photographer};
use crate::projects::confirmed_project;
use crate::support::api::TestApi;
use serde_json::{Value, json};
use std::io::Read;
use std::sync::Arc;

fn jpeg(w: u32, h: u32) -> Vec<u8> {
    let image = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([x as u8, y as u8, 77]));
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85)
        .encode_image(&image::DynamicImage::ImageRgb8(image))
        .unwrap();
    out
}

/// A gallery « Photos finales » in a confirmed project: (provider, client, gallery id).
async fn gallery(api: &TestApi) -> (Member, Member, String) {
    let provider = photographer(api).await;
    let client = member(api, "camille@example.fr", "client").await;
    let project = confirmed_project(api, &client, &provider).await;
    let created = api
        .post_as(
            &format!("/api/projects/{project}/galleries"),
            Some(json!({"name": "Photos finales"})),
            &provider.token,
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    let id = created.body["gallery"]["id"].as_str().unwrap().to_owned();
    (provider, client, id)
}

/// Uploads a file as the provider's browser does; returns its id.
async fn upload(
    api: &TestApi,
    provider: &Member,
    gallery: &str,
    name: &str,
    kind: &str,
    bytes: &[u8],
) -> String {
    let base = format!("/api/galleries/{gallery}/files");
    let body = json!({"name": name, "type": kind, "size": bytes.len()});
    let created = api.post_as(&base, Some(body), &provider.token).await;
    assert_eq!(created.status, 201, "{}", created.body);
    assert_eq!(created.body["upload"]["kind"], "single");
    let id = created.body["file"]["id"].as_str().unwrap().to_owned();
    api.put_blob(created.body["upload"]["url"].as_str().unwrap(), kind, bytes)
        .await;
    let done = api
        .post_as(
            &format!("{base}/{id}/complete"),
            Some(json!({})),
            &provider.token,
        )
        .await;
    assert_eq!(done.status, 200, "{}", done.body);
    id
}

#[tokio::test]
async fn a_gallery_is_uploaded_delivered_chosen_and_downloaded() {
    delivered_and_downloaded(TestApi::new()).await;
}

#[tokio::test]
async fn a_gallery_is_uploaded_delivered_chosen_and_downloaded_on_dynamodb() {
    delivered_and_downloaded(TestApi::on_dynamodb().await).await;
}

async fn delivered_and_downloaded(api: TestApi) {
    let (provider, client, gallery) = gallery(&api).await;
    let stranger = member(&api, "sam@example.fr", "client").await;
    let photos = [jpeg(640, 480), jpeg(480, 640), jpeg(300, 200)];
    let mut ids = Vec::new();
    for (i, photo) in photos.iter().enumerate() {
        ids.push(
            upload(
                &api,
                &provider,
                &gallery,
                &format!("Photo {i}.jpg"),
                "image/jpeg",
                photo,
            )
            .await,
        );
        api.advance(1);
    }
    let pdf = upload(
        &api,
        &provider,
        &gallery,
        "Devis signé.pdf",
        "application/pdf",
        b"%PDF-1.7\n%%EOF\n",
    )
    .await;
    let liar = upload(
        &api,
        &provider,
        &gallery,
        "virus.jpg",
        "image/jpeg",
        b"MZ\x90\x00 not a photo",
    )
    .await;
    api.land().await;
    let base = format!("/api/galleries/{gallery}");
    let seen = api.get_as(&base, &provider.token).await;
    let status = |id: &str| {
        seen.body["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["id"] == id)
            .unwrap()["status"]
            .clone()
    };
    assert_eq!(status(&ids[0]), "ready");
    assert_eq!(status(&pdf), "ready");
    assert_eq!(status(&liar), "failed");
    assert_eq!(seen.body["gallery"]["ready_count"], 4);
    // Not the client's before delivery; never a stranger's.
    assert_eq!(api.get_as(&base, &client.token).await.status, 404);
    let delivered = api
        .post_as(&format!("{base}/deliver"), None, &provider.token)
        .await;
    assert_eq!(delivered.status, 200, "{}", delivered.body);
    for path in [base.clone(), format!("{base}/files/{}/download", ids[0])] {
        let answer = if path == base {
            api.get_as(&path, &stranger.token).await
        } else {
            api.post_as(&path, None, &stranger.token).await
        };
        assert_eq!(answer.status, 404, "{path}");
    }
    // The client's grid: ready files only, with previews.
    let grid = api.get_as(&base, &client.token).await;
    let files = grid.body["files"].as_array().unwrap();
    assert_eq!(files.len(), 4);
    assert!(
        files[0]["thumb_url"]
            .as_str()
            .unwrap()
            .contains("thumb.jpg")
    );
    assert_eq!(
        (files[1]["width"].clone(), files[1]["height"].clone()),
        (json!(480), json!(640))
    );
    assert!(grid.body.get("downloads").is_none());
    // Two favourites, one original, the ZIP of the favourites.
    for id in &ids[..2] {
        let marked = api
            .call(
                "PUT",
                &format!("{base}/files/{id}/favourite"),
                Some(json!({"favourite": true})),
                &[("authorization", &format!("Bearer {}", client.token))],
            )
            .await;
        assert_eq!(marked.status, 200, "{}", marked.body);
    }
    let one = api
        .post_as(
            &format!("{base}/files/{}/download", ids[2]),
            None,
            &client.token,
        )
        .await;
    assert!(
        one.body["url"]
            .as_str()
            .unwrap()
            .contains("name=Photo+2.jpg"),
        "{}",
        one.body
    );
    // The log sorts by time: the next download comes a second later.
    api.advance(1);
    let asked = api
        .post_as(
            &format!("{base}/archives"),
            Some(json!({"selection": "favourites"})),
            &client.token,
        )
        .await;
    assert_eq!(asked.status, 202, "{}", asked.body);
    assert_eq!(asked.body["archive"]["status"], "building");
    api.notify().await;
    let ready = api
        .post_as(
            &format!("{base}/archives"),
            Some(json!({"selection": "favourites"})),
            &client.token,
        )
        .await;
    assert_eq!(ready.status, 200, "{}", ready.body);
    let archive = ready.body["archive"]["id"].as_str().unwrap();
    let part = api
        .post_as(
            &format!("{base}/archives/{archive}/parts/1/download"),
            None,
            &client.token,
        )
        .await;
    assert_eq!(part.status, 200, "{}", part.body);
    let key = format!("archives/{gallery}/{archive}/part-1.zip");
    let mut bytes = Vec::new();
    let mut reader = estrade::ports::BlobStore::open(&*api.platform.app.blobs, &key)
        .await
        .unwrap();
    tokio::io::AsyncReadExt::read_to_end(&mut reader, &mut bytes)
        .await
        .unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(zip.len(), 2);
    for (i, photo) in photos[..2].iter().enumerate() {
        let mut entry = zip.by_index(i).unwrap();
        assert_eq!(entry.name().unwrap(), format!("Photo {i}.jpg"));
        let mut read = Vec::new();
        entry.read_to_end(&mut read).unwrap();
        assert_eq!(&read, photo, "byte for byte");
    }
    // The proof of delivery.
    let log = api.get_as(&base, &provider.token).await.body["downloads"].clone();
    let names: Vec<_> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].clone())
        .collect();
    assert_eq!(names, [json!("Photos finales.zip"), json!("Photo 2.jpg")]);
    assert!(
        log.as_array()
            .unwrap()
            .iter()
            .all(|d| d["side"] == "client")
    );
    // Expired: 410 for the client, still the provider's.
    api.advance(91 * 86_400);
    let gone = api.get_as(&base, &client.token).await;
    assert_eq!((gone.status, gone.code()), (410, "gallery_expired"));
    assert_eq!(api.get_as(&base, &provider.token).await.status, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn favourites_toggled_at_once_keep_an_exact_count() {
    racing_favourites(TestApi::new()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn favourites_toggled_at_once_keep_an_exact_count_on_dynamodb() {
    racing_favourites(TestApi::on_dynamodb().await).await;
}

async fn racing_favourites(api: TestApi) {
    let (provider, client, gallery) = gallery(&api).await;
    let id = upload(
        &api,
        &provider,
        &gallery,
        "a.jpg",
        "image/jpeg",
        &jpeg(64, 48),
    )
    .await;
    api.land().await;
    let delivered = api
        .post_as(
            &format!("/api/galleries/{gallery}/deliver"),
            None,
            &provider.token,
        )
        .await;
    assert_eq!(delivered.status, 200);
    let api = Arc::new(api);
    let path = format!("/api/galleries/{gallery}/files/{id}/favourite");
    let jobs: Vec<_> = (0..20)
        .map(|i| {
            let (api, path, token) = (api.clone(), path.clone(), client.token.clone());
            async move {
                let auth = format!("Bearer {token}");
                api.call(
                    "PUT",
                    &path,
                    Some(json!({"favourite": i % 2 == 0})),
                    &[("authorization", &auth)],
                )
                .await
            }
        })
        .collect();
    let answers = all_at_once(jobs).await;
    assert!(
        answers.iter().all(|a| a.status == 200),
        "{:?}",
        codes(&answers)
    );
    let seen = api
        .get_as(&format!("/api/galleries/{gallery}"), &client.token)
        .await;
    let favourite = seen.body["files"][0]["favourite"].as_bool().unwrap();
    assert_eq!(
        seen.body["gallery"]["favourite_count"],
        json!(i64::from(favourite))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn uploads_racing_for_the_last_places_get_exactly_those() {
    racing_uploads(TestApi::new()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn uploads_racing_for_the_last_places_get_exactly_those_on_dynamodb() {
    racing_uploads(TestApi::on_dynamodb().await).await;
}

/// A gallery three files short of its cap, and ten uploads at once.
async fn racing_uploads(api: TestApi) {
    let (provider, _, gallery) = gallery(&api).await;
    let nearly = estrade::ports::Update::default().set("file_count", 4_997);
    let key = estrade::keys::gallery(&gallery);
    api.platform
        .app
        .table
        .update(&key, nearly, None)
        .await
        .unwrap();
    let api = Arc::new(api);
    let jobs: Vec<_> = (0..10)
        .map(|i| {
            let (api, token, gallery) = (api.clone(), provider.token.clone(), gallery.clone());
            async move {
                let body = json!({"name": format!("p{i}.jpg"), "type": "image/jpeg", "size": 1000});
                api.post_as(
                    &format!("/api/galleries/{gallery}/files"),
                    Some(body),
                    &token,
                )
                .await
            }
        })
        .collect();
    let answers = all_at_once(jobs).await;
    let won = answers.iter().filter(|a| a.status == 201).count();
    assert_eq!(won, 3, "{:?}", codes(&answers));
    assert!(
        answers
            .iter()
            .all(|a| a.status == 201 || (a.status, a.code()) == (409, "gallery_full")),
        "{:?}",
        codes(&answers)
    );
    let seen = api
        .get_as(&format!("/api/galleries/{gallery}"), &provider.token)
        .await;
    assert_eq!(seen.body["gallery"]["file_count"], 5_000);
    assert_eq!(seen.body["files"].as_array().unwrap().len(), 3);
}

#[test]
fn an_s3_event_through_eventbridge_names_the_original() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/s3_object_created.json"
    ))
    .unwrap();
    let event: Value = serde_json::from_str(&text).unwrap();
    let key = estrade::lambda::object_key(&event).unwrap();
    assert_eq!(
        estrade::galleries::model::parse_original(&key),
        Some(("0f1e2d3c4b5a69788796a5b4c3d2e1f0", "1764590400000ab12cd34"))
    );
    assert!(estrade::lambda::object_key(&json!({"detail": {}})).is_err());
}
