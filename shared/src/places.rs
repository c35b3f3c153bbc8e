//! French communes and regions (docs/DISCOVERY.md, "Places"), from INSEE's official
//! geographic code as npm `@etalab/decoupage-administratif` ships it.
//!
//! `scripts/gen-places.mjs` writes `shared/data/places.tsv` (committed; a test checks it
//! against the dataset); it is embedded with `include_str!` and parsed once, on first use,
//! without I/O. Names are matched case- and accent-insensitively through [`normalize`].

use icu_normalizer::DecomposingNormalizerBorrowed;
use icu_normalizer::properties::CanonicalCombiningClassMapBorrowed;
use std::borrow::Cow;
use std::sync::LazyLock;

const DATA: &str = include_str!("../data/places.tsv");

/// A current commune (INSEE type COM).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commune {
    /// INSEE code, e.g. "42218" (Corsica: "2A004"; overseas: "97105").
    pub code: &'static str,
    pub name: &'static str,
    pub department_code: &'static str,
    pub region_code: &'static str,
    /// Legal population (0 when the dataset has none).
    pub population: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    /// INSEE code, e.g. "84".
    pub code: &'static str,
    pub name: &'static str,
}

struct Places {
    /// Sorted by code.
    communes: Vec<Commune>,
    /// Sorted by code.
    regions: Vec<Region>,
    /// (normalised name, index in `communes`), sorted by name then largest population.
    names: Vec<(String, u32)>,
    /// Normalised region names, in the order of `regions`.
    region_names: Vec<String>,
}

static PLACES: LazyLock<Places> = LazyLock::new(|| parse(DATA));

fn parse(data: &'static str) -> Places {
    let mut communes = Vec::with_capacity(35_000);
    let mut regions = Vec::new();
    for line in data
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let fields: Vec<&'static str> = line.split('\t').collect();
        match fields[..] {
            [code, name] if code.starts_with('R') => regions.push(Region {
                code: &code[1..],
                name,
            }),
            [code, name, department_code, region_code, population] => communes.push(Commune {
                code,
                name,
                department_code,
                region_code,
                population: population.parse().expect("places.tsv: population"),
            }),
            _ => panic!("places.tsv: bad line {line:?}"),
        }
    }
    communes.sort_by(|a, b| a.code.cmp(b.code));
    regions.sort_by(|a, b| a.code.cmp(b.code));
    let mut names: Vec<(String, u32)> = communes
        .iter()
        .enumerate()
        .map(|(i, c)| (normalize(c.name), i as u32))
        .collect();
    names.sort_by(|a, b| {
        a.0.cmp(&b.0).then_with(|| {
            let population = |i: u32| communes[i as usize].population;
            population(b.1).cmp(&population(a.1))
        })
    });
    let region_names = regions.iter().map(|r| normalize(r.name)).collect();
    Places {
        communes,
        regions,
        names,
        region_names,
    }
}

/// The form names are compared in: NFKD, combining marks stripped, lower case, `œ`/`æ`
/// spelled out, every other character that is not a letter or digit (`-`, `'`, `’`,
/// punctuation) a space, spaces collapsed and trimmed. "Saint-Étienne" → "saint etienne".
pub fn normalize(text: &str) -> String {
    let decomposed = if text.is_ascii() {
        Cow::Borrowed(text)
    } else {
        DecomposingNormalizerBorrowed::new_nfkd().normalize(text)
    };
    let combining = CanonicalCombiningClassMapBorrowed::new();
    let mut out = String::with_capacity(decomposed.len());
    let mut space = false;
    for c in decomposed
        .chars()
        .filter(|&c| c.is_ascii() || combining.get_u8(c) == 0)
    {
        if c.is_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            match c {
                'œ' | 'Œ' => out.push_str("oe"),
                'æ' | 'Æ' => out.push_str("ae"),
                _ => out.extend(c.to_lowercase()),
            }
        } else {
            space = true;
        }
    }
    out
}

/// A typed place name as names are stored: [`normalize`], and the usual abbreviations
/// of "saint"/"sainte" ("St-Étienne", "Ste Foy") spelled out.
fn place_key(text: &str) -> String {
    normalize(text)
        .split(' ')
        .map(|word| match word {
            "st" => "saint",
            "ste" => "sainte",
            other => other,
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Parses the embedded places now rather than on first use (a Lambda's init phase).
pub fn preload() {
    LazyLock::force(&PLACES);
}

/// Every current commune, by code.
pub fn communes() -> &'static [Commune] {
    &PLACES.communes
}

/// The commune of an INSEE code.
pub fn commune(code: &str) -> Option<&'static Commune> {
    let communes = &PLACES.communes;
    communes
        .binary_search_by(|c| c.code.cmp(code))
        .ok()
        .map(|i| &communes[i])
}

/// The communes named `name` (any case, accents, hyphens), largest population first.
pub fn resolve(name: &str) -> Vec<&'static Commune> {
    let key = place_key(name);
    if key.is_empty() {
        return Vec::new();
    }
    let names = &PLACES.names;
    let start = names.partition_point(|(n, _)| n.as_str() < key.as_str());
    names[start..]
        .iter()
        .take_while(|(n, _)| *n == key)
        .map(|&(_, i)| &PLACES.communes[i as usize])
        .collect()
}

/// Up to `limit` communes whose name starts with `prefix` (normalised), largest
/// population first.
pub fn autocomplete(prefix: &str, limit: usize) -> Vec<&'static Commune> {
    let key = place_key(prefix);
    if key.is_empty() {
        return Vec::new();
    }
    let names = &PLACES.names;
    let start = names.partition_point(|(n, _)| n.as_str() < key.as_str());
    let mut found: Vec<&'static Commune> = names[start..]
        .iter()
        .take_while(|(n, _)| n.starts_with(key.as_str()))
        .map(|&(_, i)| &PLACES.communes[i as usize])
        .collect();
    // Stable: equal populations keep alphabetical order.
    found.sort_by_key(|c| std::cmp::Reverse(c.population));
    found.truncate(limit);
    found
}

/// Every region, by code.
pub fn regions() -> &'static [Region] {
    &PLACES.regions
}

/// The region of an INSEE code.
pub fn region(code: &str) -> Option<&'static Region> {
    PLACES.regions.iter().find(|r| r.code == code)
}

/// The region named `name`, compared as [`normalize`] does ("auvergne rhone alpes",
/// "Provence-Alpes-Côte d’Azur").
pub fn region_by_name(name: &str) -> Option<&'static Region> {
    let key = normalize(name);
    PLACES
        .region_names
        .iter()
        .position(|n| *n == key)
        .map(|i| &PLACES.regions[i])
}

/// The place a user means: an INSEE commune code, else the most populous commune of
/// that name.
pub fn find(code_or_name: &str) -> Option<&'static Commune> {
    let text = code_or_name.trim();
    commune(text).or_else(|| resolve(text).into_iter().next())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_case_accents_and_punctuation() {
        assert_eq!(normalize("  Saint-Étienne "), "saint etienne");
        assert_eq!(normalize("L'Haÿ-les-Roses"), "l hay les roses");
        assert_eq!(
            normalize("Provence-Alpes-Côte d’Azur"),
            "provence alpes cote d azur"
        );
        assert_eq!(normalize("ŒUVRE  Æsir"), "oeuvre aesir");
        assert_eq!(normalize("DJ/électro, house"), "dj electro house");
        assert_eq!(normalize("ﬁn"), "fin", "compatibility decomposition");
    }

    #[test]
    fn saint_abbreviations_are_spelled_out() {
        assert_eq!(resolve("St-Étienne")[0].code, "42218");
    }
}
