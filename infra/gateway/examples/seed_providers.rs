//! The search benchmark's data (scripts/bench.sh search): N listed providers written
//! straight into a fresh local data folder, and the mix of searches to time.
//!
//! `seed_providers DATA N QUERIES COUNT` writes, for each provider, its profile item (as
//! a verified provider's: listed) and its search entries, both made by the library's own
//! functions (`estrade::search::index::entries`), through the SQLite table store in
//! transactions of 100 writes; it then forgets the change log (the entries are already
//! written: the gateway's notifier has nothing to catch up). It writes COUNT searches
//! (query strings of `GET /api/search`, one a line) to QUERIES, runs each once in this
//! process against a table store that counts its calls, and prints, as JSON, the
//! seeding time and the table reads per search.
//!
//! Providers and searches are drawn from fixed lists with a fixed seed: every run
//! measures the same data. Cities follow population (the 2,000 largest communes).

use async_trait::async_trait;
use estrade::api::Router;
use estrade::places::{self, Commune};
use estrade::ports::table::{
    Condition, Item, Key, Page, Query, StoreError, TableStore, TxOp, Update,
};
use estrade::profiles::model::{Profile, ProviderProfile};
use estrade::{items, keys, search};
use serde_json::json;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

const KINDS: &[&str] = &[
    "jazz manouche",
    "DJ électro",
    "DJ house",
    "DJ mariage",
    "groupe rock",
    "groupe pop rock",
    "chanteuse jazz",
    "quatuor à cordes",
    "pianiste classique",
    "harpiste",
    "violoniste",
    "orchestre de variété",
    "fanfare",
    "chorale gospel",
    "musique irlandaise",
    "musique brésilienne",
    "photographe de mariage",
    "photographe événementiel",
    "vidéaste mariage",
    "traiteur végétarien",
    "traiteur libanais",
    "traiteur gastronomique",
    "food truck burger",
    "pâtissier wedding cake",
    "fleuriste",
    "décoratrice de mariage",
    "magicien close-up",
    "magicien enfants",
    "clown enfants",
    "animateur soirée",
    "photobooth",
    "location de sono",
    "éclairagiste",
    "barman cocktails",
    "sommelier",
    "wedding planner",
    "officiant de cérémonie",
    "danseuse orientale",
    "humoriste",
    "caricaturiste",
];

/// xorshift64*: a fixed, dependency-free sequence.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// The largest communes, drawn in proportion to their population.
struct Cities {
    communes: Vec<&'static Commune>,
    cumulative: Vec<u64>,
}

impl Cities {
    fn new(count: usize) -> Self {
        let mut communes: Vec<&'static Commune> = places::communes().iter().collect();
        communes.sort_by_key(|c| std::cmp::Reverse(c.population));
        communes.truncate(count);
        let mut total = 0;
        let cumulative = communes
            .iter()
            .map(|c| {
                total += u64::from(c.population);
                total
            })
            .collect();
        Cities {
            communes,
            cumulative,
        }
    }
    fn draw(&self, rng: &mut Rng) -> &'static Commune {
        let total = *self.cumulative.last().unwrap();
        let at = rng.next() % total;
        self.communes[self.cumulative.partition_point(|&c| c <= at)]
    }
}

fn provider(rng: &mut Rng, cities: &Cities, i: usize) -> ProviderProfile {
    let city = cities.draw(rng);
    let kind = KINDS[rng.below(KINDS.len())];
    let mut regions = Vec::new();
    if rng.chance(40) {
        regions.push(city.region_code.to_owned());
        if rng.chance(25) {
            regions.push(cities.draw(rng).region_code.to_owned());
        }
    }
    ProviderProfile {
        stage_name: format!("Prestataire {i}"),
        kind: kind.to_owned(),
        city: city.name.to_owned(),
        city_code: Some(city.code.to_owned()),
        all_france: rng.chance(8),
        regions,
        price_text: format!("à partir de {} €", 100 + rng.below(40) * 50),
        ..Default::default()
    }
    .validated()
    .expect("generated profiles are valid")
}

fn encode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// A search of the mix: a kind word or a whole kind, near a typed city or a commune
/// code, or with no place, or a place with no kind.
fn query(rng: &mut Rng, cities: &Cities) -> String {
    let kind = KINDS[rng.below(KINDS.len())];
    let words = search::index::words(kind);
    let word = kind
        .split(' ')
        .find(|w| search::index::words(w).first() == words.first())
        .unwrap_or(kind);
    let city = cities.draw(rng);
    match rng.below(100) {
        0..45 => format!("q={}&place={}", encode(word), encode(city.name)),
        45..60 => format!("q={}&place={}", encode(word), city.code),
        60..75 => format!("q={}&place={}", encode(kind), encode(city.name)),
        75..90 => format!("q={}", encode(word)),
        _ => format!("place={}", encode(city.name)),
    }
}

/// A table store that counts the calls and items read through it.
struct Counting {
    inner: Arc<dyn TableStore>,
    queries: AtomicUsize,
    gets: AtomicUsize,
    items: AtomicUsize,
}

#[async_trait]
impl TableStore for Counting {
    async fn get(&self, key: &Key) -> Result<Option<Item>, StoreError> {
        self.gets.fetch_add(1, Ordering::Relaxed);
        self.inner.get(key).await
    }
    async fn put(&self, item: Item, condition: Option<Condition>) -> Result<(), StoreError> {
        self.inner.put(item, condition).await
    }
    async fn update(
        &self,
        key: &Key,
        update: Update,
        condition: Option<Condition>,
    ) -> Result<Item, StoreError> {
        self.inner.update(key, update, condition).await
    }
    async fn delete(&self, key: &Key, condition: Option<Condition>) -> Result<(), StoreError> {
        self.inner.delete(key, condition).await
    }
    async fn query(&self, query: Query) -> Result<Page, StoreError> {
        self.queries.fetch_add(1, Ordering::Relaxed);
        let page = self.inner.query(query).await?;
        self.items.fetch_add(page.items.len(), Ordering::Relaxed);
        Ok(page)
    }
    async fn transact(&self, ops: Vec<TxOp>) -> Result<(), StoreError> {
        self.inner.transact(ops).await
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let [_, data, count, queries_file, searches] = &args[..] else {
        return Err("usage: seed_providers DATA_DIR PROVIDERS QUERIES_FILE SEARCHES".into());
    };
    let (count, searches): (usize, usize) = (count.parse()?, searches.parse()?);
    let data = std::path::Path::new(data);
    if data.join("estrade.db").exists() {
        return Err(format!("{} already holds a database", data.display()).into());
    }
    let mut platform = estrade::embedded::open(data, "http://127.0.0.1")?;
    let cities = Cities::new(2_000);
    let mut rng = Rng(0x5eed_e57a_dec0_ffee);

    let started = Instant::now();
    let (mut ops, mut entries) = (Vec::new(), 0);
    for i in 0..count {
        let id = format!("{:016x}{:016x}", rng.next(), i);
        let mut item = items::with_key(
            &keys::profile(&id),
            Profile::Provider(provider(&mut rng, &cities, i)),
        );
        item.insert("updated_at".into(), json!(1_767_225_600 + i as i64));
        item.insert("gsi1pk".into(), json!(keys::PROVIDERS));
        item.insert(
            "gsi1sk".into(),
            json!(keys::provider_listing(1_767_225_600 + i as i64, &id)),
        );
        let found = search::index::entries(&item)?;
        entries += found.len();
        ops.push(TxOp::Put {
            item,
            condition: None,
        });
        ops.extend(found.into_iter().map(|item| TxOp::Put {
            item,
            condition: None,
        }));
        while ops.len() >= 100 {
            let rest = ops.split_off(100);
            platform
                .table
                .transact(std::mem::replace(&mut ops, rest))
                .await?;
        }
    }
    platform.table.transact(ops).await?;
    platform.table.prune_changes_through(i64::MAX).await?;
    let seeded = started.elapsed();

    let mix: Vec<String> = (0..searches).map(|_| query(&mut rng, &cities)).collect();
    std::fs::write(queries_file, mix.join("\n") + "\n")?;
    let counting = Arc::new(Counting {
        inner: platform.app.table.clone(),
        queries: AtomicUsize::new(0),
        gets: AtomicUsize::new(0),
        items: AtomicUsize::new(0),
    });
    platform.app.table = counting.clone();
    let router = Router::new(Some("search"));
    let (mut per_search, mut results) = (Vec::new(), 0);
    for q in &mix {
        let before = counting.queries.load(Ordering::Relaxed);
        let request = lambda_http::http::Request::builder()
            .uri(format!("/api/search?{q}"))
            .body(lambda_http::Body::Empty)?;
        let response = router.handle(&platform.app, request).await;
        if response.status() != 200 {
            return Err(format!("{q}: {}", response.status()).into());
        }
        let body: serde_json::Value = match response.body() {
            lambda_http::Body::Text(text) => serde_json::from_str(text)?,
            _ => return Err("not a JSON body".into()),
        };
        results += body["results"].as_array().map_or(0, Vec::len);
        per_search.push(counting.queries.load(Ordering::Relaxed) - before);
    }
    per_search.sort_unstable();
    let n = per_search.len().max(1) as f64;
    println!(
        "{}",
        json!({
            "providers": count,
            "search_entries": entries,
            "seconds_to_seed": seeded.as_secs_f64(),
            "searches": searches,
            "query_calls_mean": per_search.iter().sum::<usize>() as f64 / n,
            "query_calls_p50": per_search.get(per_search.len() / 2),
            "query_calls_max": per_search.last(),
            "get_calls": counting.gets.load(Ordering::Relaxed),
            "entries_read_mean": counting.items.load(Ordering::Relaxed) as f64 / n,
            "results_mean": results as f64 / n,
        })
    );
    Ok(())
}
