//! The library's layers, checked on its sources: `http/` is a leaf that imports no area
//! and not the router above it, and an area names the HTTP types (`Req`, `Reply`,
//! `ApiError`) only in its `handle` edges, never in its rules.

use std::path::{Path, PathBuf};

const AREAS: [&str; 10] = [
    "calendar",
    "galleries",
    "projects",
    "contracts",
    "accounts",
    "profiles",
    "messaging",
    "events",
    "search",
    "notifier",
];

fn sources(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(sources(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The code of a file before its unit tests.
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    match text.find("#[cfg(test)]") {
        Some(at) => text[..at].to_owned(),
        None => text,
    }
}

#[test]
fn http_imports_no_area_and_not_the_router() {
    let files = sources(&src().join("http"));
    assert!(files.len() >= 4, "{files:?}");
    for path in files {
        for (n, line) in code(&path).lines().enumerate() {
            let line = line.trim_start();
            if line.starts_with("//") {
                continue;
            }
            for above in AREAS.iter().chain(&["api", "live", "places"]) {
                assert!(
                    !line.contains(&format!("crate::{above}")),
                    "{}:{}: http/ is a leaf but names crate::{above}: {line}",
                    path.display(),
                    n + 1
                );
            }
        }
    }
}

/// Lines of `text` outside the bodies of `pub async fn handle`, with their numbers.
fn outside_handle(text: &str) -> Vec<(usize, &str)> {
    let mut lines = Vec::new();
    let mut depth: Option<i64> = None;
    for (n, line) in text.lines().enumerate() {
        if depth.is_none() && line.starts_with("pub async fn handle(") {
            depth = Some(0);
        }
        if let Some(d) = depth.as_mut() {
            *d += line.matches('{').count() as i64 - line.matches('}').count() as i64;
            if *d == 0 && line.contains('}') {
                depth = None;
            }
            continue;
        }
        lines.push((n + 1, line));
    }
    lines
}

#[test]
fn areas_name_http_types_only_in_their_handle_edges() {
    let words = ["Req", "Reply", "ApiError"];
    let mut handles = 0;
    for area in AREAS {
        for path in sources(&src().join(area)) {
            let text = code(&path);
            handles += text.matches("pub async fn handle(").count();
            for (n, line) in outside_handle(&text) {
                let line = line.trim_start();
                if line.starts_with("//") || line.starts_with("use crate::http::") {
                    continue;
                }
                // Outside string literals.
                let code: Vec<&str> = line.split('"').step_by(2).collect();
                let named = code
                    .concat()
                    .split(|c: char| !c.is_alphanumeric() && c != '_')
                    .map(str::to_owned)
                    .find(|word| words.contains(&word.as_str()));
                assert!(
                    named.is_none(),
                    "{}:{n}: a rule names {}: {line}",
                    path.display(),
                    named.unwrap_or_default()
                );
            }
        }
    }
    assert!(handles >= 30, "only {handles} handle edges found");
}
