//! French places: the committed dataset and name resolution (docs/DISCOVERY.md, "Places").

use estrade::places;
use std::path::Path;
use std::process::Command;

#[test]
fn the_committed_places_file_is_the_dataset() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let output = Command::new("node")
        .arg("scripts/gen-places.mjs")
        .arg("--check")
        .current_dir(&root)
        .output()
        .expect("node runs (scripts/setup.sh installs the dataset in frontend/node_modules)");
    assert!(
        output.status.success(),
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn a_typed_city_resolves_to_its_commune() {
    for typed in [
        "saint etienne",
        "Saint-Étienne",
        "SAINT-ÉTIENNE",
        " saint  étienne ",
        "St Etienne",
    ] {
        let found = places::resolve(typed);
        assert_eq!(found.first().map(|c| c.code), Some("42218"), "{typed}");
        assert_eq!(found[0].name, "Saint-Étienne");
    }
    let orleans = places::resolve("orleans");
    assert_eq!((orleans[0].code, orleans[0].name), ("45234", "Orléans"));
    assert_eq!(orleans[0].department_code, "45");
}

#[test]
fn homonyms_come_largest_first() {
    let found = places::resolve("Saint-Martin");
    assert!(found.len() > 1, "{}", found.len());
    assert!(found.windows(2).all(|w| w[0].population >= w[1].population));
}

#[test]
fn an_unknown_name_resolves_to_nothing() {
    assert!(places::resolve("Atlantide-sur-Mer").is_empty());
    assert!(places::resolve("").is_empty());
    assert!(places::resolve(" - ").is_empty());
    assert!(places::commune("00000").is_none());
}

#[test]
fn regions_by_name_and_code() {
    let lyon = places::resolve("Lyon")[0];
    assert_eq!((lyon.code, lyon.region_code), ("69123", "84"));
    let region = places::region(lyon.region_code).unwrap();
    assert_eq!(region.name, "Auvergne-Rhône-Alpes");
    assert_eq!(places::region_by_name("auvergne rhone-alpes"), Some(region));
    assert_eq!(
        places::region_by_name("Provence-Alpes-Côte d’Azur").map(|r| r.code),
        Some("93")
    );
    assert_eq!(places::region_by_name("Gondor"), None);
    assert_eq!(
        places::regions().len(),
        26,
        "18 regions and 8 overseas collectivities"
    );
}

#[test]
fn autocomplete_offers_the_largest_communes_of_a_prefix() {
    let found = places::autocomplete("saint e", 10);
    assert_eq!(found.len(), 10);
    assert_eq!(found[0].code, "42218");
    assert!(found.windows(2).all(|w| w[0].population >= w[1].population));
    assert!(
        found
            .iter()
            .all(|c| places::normalize(c.name).starts_with("saint e"))
    );
    assert_eq!(places::autocomplete("orl", 3)[0].name, "Orléans");
    assert!(places::autocomplete("", 10).is_empty());
    assert!(places::autocomplete("zzzz", 10).is_empty());
}

#[test]
fn a_code_or_a_name_finds_a_commune() {
    assert_eq!(places::find("42218").map(|c| c.name), Some("Saint-Étienne"));
    assert_eq!(places::find("2A004").map(|c| c.name), Some("Ajaccio"));
    assert_eq!(places::find("paris").map(|c| c.code), Some("75056"));
    assert_eq!(places::find("nowhere"), None);
}
