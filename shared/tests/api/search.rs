//! Search by kind and place (docs/DISCOVERY.md, "Search index"): the index follows the
//! profiles through the notifier, and `GET /api/search` ranks city, region, all France.

use crate::support;

use serde_json::{Value, json};
use support::api::{Answer, TestApi};

fn profile(stage_name: &str, kind: &str, city: &str, regions: &[&str], all_france: bool) -> Value {
    json!({
        "stage_name": stage_name, "kind": kind, "presentation": "", "description": "",
        "members": [], "offer": {"venue_kinds": "", "duration": ""},
        "city": city, "all_france": all_france, "regions": regions,
        "price_text": "sur devis", "services": []
    })
}

async fn put_profile(api: &TestApi, token: &str, body: Value) -> Answer {
    api.call(
        "PUT",
        "/api/me/profile",
        Some(body),
        &[("authorization", &format!("Bearer {token}"))],
    )
    .await
}

/// A verified provider with this profile, indexed; returns its id and token.
async fn provider(api: &TestApi, email: &str, body: Value) -> (String, String) {
    let provider = unnotified_provider(api, email, body).await;
    api.notify().await;
    provider
}

/// A verified provider with this profile, whose changes the notifier has not seen (so
/// not indexed); returns its id and token.
async fn unnotified_provider(api: &TestApi, email: &str, body: Value) -> (String, String) {
    let (id, token, _) = api.member(email, "provider").await;
    let saved = put_profile(api, &token, body).await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    (id, token)
}

async fn search(api: &TestApi, query: &str) -> Answer {
    let answer = api
        .call("GET", &format!("/api/search?{query}"), None, &[])
        .await;
    assert_eq!(answer.status, 200, "{query}: {}", answer.body);
    answer
}

/// The ids and matches of a page of results.
fn found(answer: &Answer) -> Vec<(String, String)> {
    answer.body["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap().to_owned(),
                r["match"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn ids(answer: &Answer) -> Vec<String> {
    found(answer).into_iter().map(|(id, _)| id).collect()
}

/// Every result of a search, following the cursors; fails on a repeated provider.
async fn all_pages(api: &TestApi, query: &str) -> (Vec<(String, String)>, usize) {
    let (mut all, mut pages, mut cursor) = (Vec::new(), 0, None::<String>);
    loop {
        let page = match &cursor {
            Some(c) => search(api, &format!("{query}&cursor={c}")).await,
            None => search(api, query).await,
        };
        pages += 1;
        assert!(page.body["results"].as_array().unwrap().len() <= 20);
        all.extend(found(&page));
        match page.body["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
        assert!(pages < 20, "the cursor loops");
    }
    let mut unique: Vec<_> = all.iter().map(|(id, _)| id.clone()).collect();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), all.len(), "a provider came twice: {all:?}");
    (all, pages)
}

#[tokio::test]
async fn a_kind_word_finds_a_provider_whatever_its_accents() {
    let api = TestApi::new();
    let (dj, _) = provider(
        &api,
        "dj@example.fr",
        profile("DJ Électro", "DJ électro, house", "Orléans", &[], true),
    )
    .await;
    for q in ["electro", "ÉLECTRO", "Électros", "dj", "house electro"] {
        let answer = search(&api, &format!("q={}", urlencode(q))).await;
        assert_eq!(ids(&answer), std::slice::from_ref(&dj), "{q}");
    }
    let card = &search(&api, "q=electro").await.body["results"][0];
    assert_eq!(card["stage_name"], "DJ Électro");
    assert_eq!(card["kind"], "DJ électro, house");
    assert_eq!(card["city"], "Orléans");
    assert_eq!(card["city_code"], "45234");
    assert_eq!(card["all_france"], true);
    assert_eq!(card["price_text"], "sur devis");
    assert_eq!(card["match"], "any");
    assert!(
        card.get("pk").is_none() && card.get("sk").is_none(),
        "{card}"
    );
    assert!(ids(&search(&api, "q=jazz").await).is_empty());
    assert!(
        ids(&search(&api, "q=electron").await).is_empty(),
        "whole words"
    );
}

#[tokio::test]
async fn a_typed_city_finds_its_providers() {
    let api = TestApi::new();
    let (trio, _) = provider(
        &api,
        "trio@example.fr",
        profile("Trio Sirocco", "jazz manouche", "saint etienne", &[], false),
    )
    .await;
    provider(
        &api,
        "nantes@example.fr",
        profile("Quartet Loire", "jazz", "Nantes", &[], false),
    )
    .await;
    for place in [
        "saint%20etienne",
        "Saint-%C3%89tienne",
        "42218",
        "SAINT-%C3%89TIENNE",
    ] {
        let answer = search(&api, &format!("q=jazz&place={place}")).await;
        assert_eq!(
            found(&answer),
            [(trio.clone(), "city".to_owned())],
            "{place}"
        );
        assert_eq!(answer.body["place"]["code"], "42218");
        assert_eq!(answer.body["place"]["name"], "Saint-Étienne");
        assert_eq!(answer.body["place"]["region"], "Auvergne-Rhône-Alpes");
    }
}

#[tokio::test]
async fn a_provider_serving_a_region_is_found_from_its_other_cities() {
    let api = TestApi::new();
    let (lyon, _) = provider(
        &api,
        "traiteur@example.fr",
        profile(
            "Saveurs",
            "traiteur",
            "Lyon",
            &["auvergne rhone alpes"],
            false,
        ),
    )
    .await;
    let from_saint_etienne = search(&api, "q=traiteur&place=Saint-Etienne").await;
    assert_eq!(
        found(&from_saint_etienne),
        [(lyon.clone(), "region".to_owned())]
    );
    let from_grenoble = search(&api, "q=traiteur&place=grenoble").await;
    assert_eq!(ids(&from_grenoble), std::slice::from_ref(&lyon));
    assert!(ids(&search(&api, "q=traiteur&place=Orleans").await).is_empty());
}

#[tokio::test]
async fn an_all_france_provider_is_found_from_anywhere() {
    let api = TestApi::new();
    let (dj, _) = provider(
        &api,
        "dj@example.fr",
        profile("DJ Nova", "DJ électro", "Orléans", &[], true),
    )
    .await;
    for place in ["Brest", "Ajaccio", "Lille", "97105"] {
        let answer = search(&api, &format!("q=electro&place={place}")).await;
        assert_eq!(
            found(&answer),
            [(dj.clone(), "france".to_owned())],
            "{place}"
        );
    }
    let home = search(&api, "q=electro&place=Orleans").await;
    assert_eq!(found(&home), [(dj, "city".to_owned())], "its city first");
}

#[tokio::test]
async fn the_city_ranks_before_the_region_before_all_france() {
    let api = TestApi::new();
    let (france, _) = provider(
        &api,
        "a@example.fr",
        profile("Partout", "jazz", "Nantes", &[], true),
    )
    .await;
    let (region, _) = provider(
        &api,
        "b@example.fr",
        profile("Région", "jazz", "Lyon", &["Auvergne-Rhône-Alpes"], true),
    )
    .await;
    let (city, _) = provider(
        &api,
        "c@example.fr",
        profile(
            "Ville",
            "jazz",
            "Saint-Étienne",
            &["Auvergne-Rhône-Alpes"],
            true,
        ),
    )
    .await;
    provider(
        &api,
        "d@example.fr",
        profile("Ailleurs", "jazz", "Brest", &["Bretagne"], false),
    )
    .await;
    let answer = search(&api, "q=jazz&place=Saint-%C3%89tienne").await;
    assert_eq!(
        found(&answer),
        [
            (city, "city".to_owned()),
            (region, "region".to_owned()),
            (france, "france".to_owned())
        ],
        "each provider once, in its best stage"
    );
    assert!(answer.body["next_cursor"].is_null());
}

#[tokio::test]
async fn every_word_of_the_query_must_be_in_the_kind() {
    let api = TestApi::new();
    let (veggie, _) = provider(
        &api,
        "v@example.fr",
        profile(
            "Saveurs Végétales",
            "Traiteur végétarien",
            "Lyon",
            &[],
            false,
        ),
    )
    .await;
    provider(
        &api,
        "t@example.fr",
        profile("Chez Paul", "traiteur", "Lyon", &[], false),
    )
    .await;
    provider(
        &api,
        "r@example.fr",
        profile("Le Potager", "restaurant végétarien", "Lyon", &[], false),
    )
    .await;
    for q in [
        "traiteur%20v%C3%A9g%C3%A9tarien",
        "vegetarien+traiteur",
        "traiteurs%20vegetariens",
    ] {
        assert_eq!(
            ids(&search(&api, &format!("q={q}&place=Lyon")).await),
            std::slice::from_ref(&veggie),
            "{q}"
        );
        assert_eq!(
            ids(&search(&api, &format!("q={q}")).await),
            std::slice::from_ref(&veggie),
            "{q}"
        );
    }
    assert_eq!(ids(&search(&api, "q=traiteur").await).len(), 2);
    assert!(
        ids(&search(&api, "q=de%20la").await).is_empty(),
        "only stop words"
    );
}

#[tokio::test]
async fn without_place_or_kind_every_listed_provider_matches() {
    let api = TestApi::new();
    let (photo, _) = provider(
        &api,
        "photo@example.fr",
        profile(
            "Claire",
            "photographe de mariage",
            "Nantes",
            &["Bretagne"],
            false,
        ),
    )
    .await;
    let (jazz, _) = provider(
        &api,
        "jazz@example.fr",
        profile("Trio", "jazz", "Nantes", &[], false),
    )
    .await;
    assert_eq!(
        found(&search(&api, "q=photographes").await),
        [(photo.clone(), "any".to_owned())]
    );
    let mut everyone = ids(&search(&api, "").await);
    everyone.sort();
    let mut expected = vec![photo.clone(), jazz.clone()];
    expected.sort();
    assert_eq!(everyone, expected);
    let mut in_nantes = ids(&search(&api, "place=nantes").await);
    in_nantes.sort();
    assert_eq!(in_nantes, expected);
    assert_eq!(
        ids(&search(&api, "place=Rennes").await),
        [photo],
        "serves Bretagne"
    );
}

#[tokio::test]
async fn pages_give_each_provider_once_across_the_stages() {
    let api = TestApi::new();
    let mut expected = Vec::new();
    for i in 0..25 {
        let (city, regions, all_france) = match i % 3 {
            0 => ("Lyon", vec![], false),
            1 => ("Grenoble", vec!["Auvergne-Rhône-Alpes"], false),
            _ => ("Brest", vec![], true),
        };
        let body = profile(
            &format!("Magicien {i}"),
            "magicien",
            city,
            &regions,
            all_france,
        );
        expected.push(provider(&api, &format!("m{i}@example.fr"), body).await.0);
    }
    provider(
        &api,
        "other@example.fr",
        profile("Autre", "magicien", "Rennes", &[], false),
    )
    .await;
    expected.sort();
    for query in ["q=magicien&place=Lyon", "place=69123"] {
        let (all, pages) = all_pages(&api, query).await;
        assert_eq!(pages, 2, "{query}");
        let mut got: Vec<_> = all.iter().map(|(id, _)| id.clone()).collect();
        got.sort();
        assert_eq!(got, expected, "{query}");
        let order: Vec<&str> = all.iter().map(|(_, m)| m.as_str()).collect();
        let rank = |m: &str| ["city", "region", "france"].iter().position(|s| *s == m);
        assert!(
            order.windows(2).all(|w| rank(w[0]) <= rank(w[1])),
            "{order:?}"
        );
    }
    let (all, pages) = all_pages(&api, "q=magicien").await;
    assert_eq!((all.len(), pages), (26, 2));
}

#[tokio::test]
async fn a_provider_who_changes_kind_or_city_leaves_the_old_ones() {
    changes_of_kind_or_city_reach_the_index(TestApi::new()).await;
}

/// The same with the table on DynamoDB: the index follows the table's stream.
#[tokio::test]
async fn a_provider_who_changes_kind_or_city_leaves_the_old_ones_on_dynamodb() {
    changes_of_kind_or_city_reach_the_index(TestApi::on_dynamodb().await).await;
}

async fn changes_of_kind_or_city_reach_the_index(api: TestApi) {
    let (id, token) = provider(
        &api,
        "p@example.fr",
        profile(
            "Groupe",
            "jazz manouche",
            "Lyon",
            &["Auvergne-Rhône-Alpes"],
            false,
        ),
    )
    .await;
    assert_eq!(
        ids(&search(&api, "q=jazz&place=Lyon").await),
        std::slice::from_ref(&id)
    );
    let saved = put_profile(
        &api,
        &token,
        profile("Groupe", "rock", "Nantes", &[], false),
    )
    .await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    api.notify().await;
    for gone in [
        "q=jazz",
        "q=jazz&place=Lyon",
        "q=rock&place=Lyon",
        "place=Grenoble",
        "q=manouche",
    ] {
        assert!(ids(&search(&api, gone).await).is_empty(), "{gone}");
    }
    assert_eq!(
        found(&search(&api, "q=rock&place=Nantes").await),
        [(id.clone(), "city".to_owned())]
    );
    let card = &search(&api, "q=rock").await.body["results"][0];
    assert_eq!(
        (card["kind"].as_str(), card["city"].as_str()),
        (Some("rock"), Some("Nantes"))
    );
    // Renaming alone updates the cards.
    put_profile(
        &api,
        &token,
        profile("Groupe Rock", "rock", "Nantes", &[], false),
    )
    .await;
    api.notify().await;
    assert_eq!(
        search(&api, "q=rock").await.body["results"][0]["stage_name"],
        "Groupe Rock"
    );
}

#[tokio::test]
async fn an_unverified_provider_is_not_found_until_verified() {
    let api = TestApi::new();
    let signed = api.sign_up("new@example.fr", "provider").await;
    let id = signed.body["user"]["id"].as_str().unwrap().to_owned();
    let login = api
        .post(
            "/api/auth/login",
            json!({"email": "new@example.fr", "password": support::api::PASSWORD}),
        )
        .await;
    let token = login.body["access_token"].as_str().unwrap().to_owned();
    let saved = put_profile(&api, &token, profile("Nouveau", "jazz", "Lyon", &[], true)).await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    api.notify().await;
    assert!(ids(&search(&api, "q=jazz").await).is_empty());
    assert!(ids(&search(&api, "q=jazz&place=Lyon").await).is_empty());
    let link = api.mailed_token("new@example.fr");
    api.post("/api/auth/verify-email", json!({"token": link}))
        .await;
    api.notify().await;
    assert_eq!(ids(&search(&api, "q=jazz&place=Lyon").await), [id]);
}

#[tokio::test]
async fn a_client_is_never_found() {
    let api = TestApi::new();
    let (client, token, _) = api.member("camille@example.fr", "client").await;
    let saved = put_profile(
        &api,
        &token,
        json!({"name": "Camille Électro", "city": "Orléans", "venue_description": "jazz"}),
    )
    .await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    api.notify().await;
    for query in [
        "",
        "place=Orleans",
        "q=camille",
        "q=electro",
        "q=jazz&place=Orleans",
    ] {
        let answer = search(&api, query).await;
        assert!(!answer.body.to_string().contains(&client), "{query}");
        assert!(ids(&answer).is_empty(), "{query}");
    }
}

#[tokio::test]
async fn bad_searches_are_refused() {
    let api = TestApi::new();
    let bad = |query: &'static str| {
        let api = &api;
        async move {
            api.call("GET", &format!("/api/search?{query}"), None, &[])
                .await
        }
    };
    let garbage = bad("q=jazz&cursor=garbage!").await;
    assert_eq!((garbage.status, garbage.code()), (400, "invalid_cursor"));
    let out_of_range = bad("q=jazz&cursor=OTo").await; // "9:"
    assert_eq!(
        (out_of_range.status, out_of_range.code()),
        (400, "invalid_cursor")
    );
    let long = "x".repeat(101);
    let too_long = api
        .call("GET", &format!("/api/search?q={long}"), None, &[])
        .await;
    assert_eq!((too_long.status, too_long.code()), (400, "invalid_field"));
    assert!(
        too_long.body["error"]["message"]
            .as_str()
            .unwrap()
            .contains('q')
    );
    let just_right = api
        .call(
            "GET",
            &format!("/api/search?q={}", "x".repeat(100)),
            None,
            &[],
        )
        .await;
    assert_eq!(just_right.status, 200);
    let nowhere = bad("q=jazz&place=Atlantide").await;
    assert_eq!((nowhere.status, nowhere.code()), (400, "unknown_place"));
    let long_place = api
        .call("GET", &format!("/api/search?place={long}"), None, &[])
        .await;
    assert_eq!(long_place.status, 400);
}

#[tokio::test]
async fn places_autocomplete_offers_communes() {
    let api = TestApi::new();
    let answer = api
        .call("GET", "/api/places?q=saint%20eti", None, &[])
        .await;
    assert_eq!(answer.status, 200);
    let first = &answer.body["places"][0];
    assert_eq!(first["code"], "42218");
    assert_eq!(first["name"], "Saint-Étienne");
    assert_eq!(first["department_code"], "42");
    assert_eq!(first["region_code"], "84");
    assert_eq!(first["region"], "Auvergne-Rhône-Alpes");
    let orl = api.call("GET", "/api/places?q=ORL", None, &[]).await;
    assert_eq!(orl.body["places"][0]["name"], "Orléans");
    assert!(orl.body["places"].as_array().unwrap().len() <= 10);
    let none = api.call("GET", "/api/places?q=", None, &[]).await;
    assert_eq!(none.body["places"], json!([]));
    let long = api
        .call(
            "GET",
            &format!("/api/places?q={}", "x".repeat(101)),
            None,
            &[],
        )
        .await;
    assert_eq!(long.status, 400);
}

#[tokio::test]
async fn a_provider_profile_names_its_commune_and_regions() {
    let api = TestApi::new();
    let (_, token, _) = api.member("p@example.fr", "provider").await;
    let saved = put_profile(
        &api,
        &token,
        profile(
            "Trio",
            "jazz",
            "saint etienne",
            &["auvergne rhone alpes", "53"],
            false,
        ),
    )
    .await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    let shown = &saved.body["profile"];
    assert_eq!(shown["city"], "Saint-Étienne");
    assert_eq!(shown["city_code"], "42218");
    assert_eq!(
        shown["regions"],
        json!(["Auvergne-Rhône-Alpes", "Bretagne"])
    );
    assert_eq!(shown["region_codes"], json!(["84", "53"]));
    // A code tells homonyms apart; a stale code of an edited city is ignored.
    let small = estrade::places::resolve("Saint-Martin")
        .last()
        .unwrap()
        .code;
    let mut homonym = profile("Trio", "jazz", "Saint-Martin", &[], false);
    homonym["city_code"] = json!(small);
    let kept = put_profile(&api, &token, homonym.clone()).await;
    assert_eq!(kept.body["profile"]["city_code"], small);
    homonym["city"] = json!("Lyon");
    let moved = put_profile(&api, &token, homonym).await;
    assert_eq!(moved.body["profile"]["city_code"], "69123");
    // No city: no code.
    let nowhere = put_profile(&api, &token, profile("Trio", "jazz", "", &[], true)).await;
    assert_eq!(nowhere.body["profile"]["city_code"], Value::Null);
    let public = api
        .call(
            "GET",
            &format!(
                "/api/providers/{}",
                kept.body["profile"]["id"].as_str().unwrap()
            ),
            None,
            &[],
        )
        .await;
    assert_eq!(public.body["profile"]["region_codes"], json!([]));
    for (body, field) in [
        (profile("Trio", "jazz", "Atlantide", &[], false), "city"),
        (
            profile("Trio", "jazz", "Lyon", &["Gondor"], false),
            "regions",
        ),
        (
            {
                let mut b = profile("Trio", "jazz", "", &[], false);
                b["city_code"] = json!("00000");
                b
            },
            "city_code",
        ),
    ] {
        let refused = put_profile(&api, &token, body).await;
        assert_eq!((refused.status, refused.code()), (400, "invalid_field"));
        assert!(
            refused.body["error"]["message"]
                .as_str()
                .unwrap()
                .contains(field)
        );
    }
}

fn urlencode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

#[tokio::test]
async fn providers_saved_before_the_index_are_indexed_by_a_rebuild() {
    use estrade::ports::table::{TableStore, Update};
    let api = TestApi::new();
    let (id, _) = provider(
        &api,
        "old@example.fr",
        profile("Ancien", "harpiste", "Lyon", &["Bretagne"], false),
    )
    .await;
    // As saved before the codes existed, and with its entries lost.
    let table = &api.platform.table;
    let legacy = Update::default().remove("city_code").remove("region_codes");
    table
        .update(&estrade::keys::profile(&id), legacy, None)
        .await
        .unwrap();
    api.notify().await;
    for area in ["ALL", "C69123", "R53"] {
        for token in ["harpiste", "*"] {
            let key = estrade::keys::search_entry(area, token, &id);
            table.delete(&key, None).await.unwrap();
        }
    }
    assert!(
        estrade::search::index::is_empty(&api.platform.app)
            .await
            .unwrap()
    );
    assert!(ids(&search(&api, "q=harpiste").await).is_empty());
    rebuild_finds_the_harpist(&api, id).await;
}

/// What `search-reindex` does in AWS: there, profiles saved while no stream record reached
/// the notifier (here, the stream's records are never handed to it) are found once rebuilt.
#[tokio::test]
async fn a_rebuild_indexes_the_providers_of_a_dynamodb_table() {
    let api = TestApi::on_dynamodb().await;
    let (id, _) = unnotified_provider(
        &api,
        "harpe@example.fr",
        profile("Harpe d'or", "harpiste", "Lyon", &["Bretagne"], false),
    )
    .await;
    assert!(
        ids(&search(&api, "q=harpiste").await).is_empty(),
        "not indexed yet"
    );
    rebuild_finds_the_harpist(&api, id).await;
}

/// Rebuilds the index of a platform whose one provider, `id`, is a harpist in Lyon serving
/// Brittany, and finds it from both.
async fn rebuild_finds_the_harpist(api: &TestApi, id: String) {
    let rebuilt = estrade::search::index::rebuild(&api.platform.app)
        .await
        .unwrap();
    assert_eq!(rebuilt, 1);
    assert_eq!(
        found(&search(api, "q=harpiste&place=Lyon").await),
        [(id.clone(), "city".to_owned())]
    );
    assert_eq!(
        found(&search(api, "q=harpiste&place=Rennes").await),
        [(id, "region".to_owned())]
    );
}
