//! The OpenAPI document (`shared/src/api/openapi.json`, `estrade::api::openapi::DOCUMENT`)
//! agrees with the route table: the same (method, path) operations, each with its function
//! and path parameters; it is structurally OpenAPI 3.1 (every `$ref` resolves, every error
//! answer is the one error shape); and an operation declares bearer security iff its
//! handler authenticates, which each route shows when called anonymously (401
//! `unauthorized`). The schemathesis step of `scripts/test.sh` checks the schemas against
//! real answers.

use crate::support::api::TestApi;
use estrade::api::openapi::DOCUMENT;
use estrade::api::routes::ROUTES;
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

fn document() -> Value {
    serde_json::from_str(DOCUMENT).expect("openapi.json is JSON")
}

/// (METHOD, path) → operation object.
fn operations(doc: &Value) -> BTreeMap<(String, String), &Value> {
    let paths = doc["paths"].as_object().expect("paths is an object");
    let mut found = BTreeMap::new();
    for (path, item) in paths {
        let item = item.as_object().expect("a path item is an object");
        for (key, operation) in item {
            assert!(
                METHODS.contains(&key.as_str()) || key == "parameters" || key == "summary",
                "{path}: unexpected key {key}"
            );
            if METHODS.contains(&key.as_str()) {
                found.insert((key.to_uppercase(), path.clone()), operation);
            }
        }
    }
    found
}

/// The value a JSON pointer (`#/components/...`) names in `doc`.
fn resolve<'a>(doc: &'a Value, reference: &str) -> Option<&'a Value> {
    let pointer = reference.strip_prefix('#')?;
    doc.pointer(pointer)
}

/// `value`, through its `$ref` when it is a reference.
fn deref<'a>(doc: &'a Value, value: &'a Value) -> &'a Value {
    match value.get("$ref").and_then(Value::as_str) {
        Some(reference) => deref(
            doc,
            resolve(doc, reference).unwrap_or_else(|| panic!("unresolved {reference}")),
        ),
        None => value,
    }
}

fn refs<'a>(value: &'a Value, found: &mut Vec<&'a str>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get("$ref") {
                found.push(reference);
            }
            map.values().for_each(|v| refs(v, found));
        }
        Value::Array(list) => list.iter().for_each(|v| refs(v, found)),
        _ => {}
    }
}

fn path_names(path: &str) -> BTreeSet<String> {
    path.split('/')
        .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_document_has_an_operation_for_every_route_and_no_other() {
    let doc = document();
    let declared: BTreeSet<_> = operations(&doc).into_keys().collect();
    let routed: BTreeSet<_> = ROUTES
        .iter()
        .map(|r| (r.method.to_owned(), r.path.to_owned()))
        .collect();
    let missing: Vec<_> = routed.difference(&declared).collect();
    let extra: Vec<_> = declared.difference(&routed).collect();
    assert!(
        missing.is_empty(),
        "routes without their operation in shared/src/api/openapi.json: {missing:?}"
    );
    assert!(
        extra.is_empty(),
        "operations of shared/src/api/openapi.json that no route serves: {extra:?}"
    );
}

#[test]
fn the_document_is_structurally_openapi_3_1() {
    let doc = document();
    let version = doc["openapi"].as_str().expect("openapi is a string");
    assert!(version.starts_with("3.1."), "openapi: {version}");
    assert!(doc["info"]["title"].is_string() && doc["info"]["version"].is_string());
    let mut all = Vec::new();
    refs(&doc, &mut all);
    assert!(!all.is_empty());
    let unresolved: BTreeSet<_> = all.iter().filter(|r| resolve(&doc, r).is_none()).collect();
    assert!(unresolved.is_empty(), "unresolved $refs: {unresolved:?}");
    let schemes = doc["components"]["securitySchemes"]
        .as_object()
        .expect("components.securitySchemes");
    let mut ids = BTreeSet::new();
    for ((method, path), operation) in operations(&doc) {
        let what = format!("{method} {path}");
        let id = operation["operationId"].as_str().expect("an operationId");
        assert!(ids.insert(id.to_owned()), "{what}: operationId {id} twice");
        let route = ROUTES.iter().find(|r| r.method == method && r.path == path);
        if let Some(route) = route {
            assert_eq!(
                operation["x-function"].as_str(),
                Some(route.function),
                "{what}: x-function"
            );
        }
        let params: BTreeSet<String> = operation["parameters"]
            .as_array()
            .map(|list| {
                list.iter()
                    .map(|p| deref(&doc, p))
                    .filter(|p| p["in"] == "path")
                    .inspect(|p| assert_eq!(p["required"], true, "{what}: path parameters"))
                    .map(|p| p["name"].as_str().unwrap().to_owned())
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(params, path_names(&path), "{what}: path parameters");
        let security = operation["security"]
            .as_array()
            .unwrap_or_else(|| panic!("{what}: security is declared, [] when none"));
        for requirement in security {
            for scheme in requirement.as_object().unwrap().keys() {
                assert!(
                    schemes.contains_key(scheme),
                    "{what}: unknown scheme {scheme}"
                );
            }
        }
        let responses = operation["responses"].as_object().expect("responses");
        assert!(
            responses.keys().any(|s| s.starts_with('2')),
            "{what}: no success answer"
        );
        for (status, response) in responses {
            let code: u16 = status
                .parse()
                .unwrap_or_else(|_| panic!("{what}: {status}"));
            let response = deref(&doc, response);
            assert!(response["description"].is_string(), "{what} {status}");
            if code >= 400 {
                let schema = &response["content"]["application/json"]["schema"];
                let schema = deref(&doc, schema);
                let is_error = schema == &doc["components"]["schemas"]["Error"]
                    || schema["allOf"][0]["$ref"] == "#/components/schemas/Error";
                assert!(is_error, "{what} {status}: not the error shape");
            }
        }
        let bearer = security.contains(&json!({"bearerAuth": []}));
        let body = operation.get("requestBody").is_some();
        let mut wanted = Vec::new();
        if body {
            wanted.extend(["400", "413", "415"]);
        }
        if bearer {
            wanted.push("401");
            if method != "GET" {
                wanted.push("429");
            }
        }
        for status in wanted {
            assert!(
                responses.contains_key(status),
                "{what}: declares no {status} (a JSON body answers 400, 413 and 415; a \
                 bearer 401; a logged-in write 429)"
            );
        }
    }
}

/// A concrete path of a route's pattern, every parameter filled.
fn sample(path: &str) -> String {
    path.split('/')
        .map(|segment| match segment {
            "{number}" => "1",
            s if s.starts_with('{') => "x",
            s => s,
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[tokio::test]
async fn an_operation_declares_bearer_security_iff_its_handler_authenticates() {
    let doc = document();
    let operations = operations(&doc);
    let api = TestApi::new();
    let mut wrong = Vec::new();
    for route in ROUTES {
        let key = (route.method.to_owned(), route.path.to_owned());
        let Some(operation) = operations.get(&key) else {
            continue; // the_document_has_an_operation_for_every_route_and_no_other
        };
        let body = operation.get("requestBody").map(|_| json!({}));
        let answer = api.call(route.method, &sample(route.path), body, &[]).await;
        let authenticates = answer.status == 401 && answer.code() == "unauthorized";
        let security = operation["security"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let declared = security.contains(&json!({"bearerAuth": []}));
        if declared && security.len() != 1 {
            wrong.push(format!(
                "{} {}: bearer is the only way in",
                route.method, route.path
            ));
        }
        if authenticates != declared {
            wrong.push(format!(
                "{} {}: anonymous answer {} {}, bearer security declared: {declared}",
                route.method, route.path, answer.status, answer.body
            ));
        }
        let status = answer.status.to_string();
        if !operation["responses"]
            .as_object()
            .is_some_and(|r| r.contains_key(&status))
        {
            wrong.push(format!(
                "{} {}: anonymous answer {status} is not declared",
                route.method, route.path
            ));
        }
        if answer.status >= 400
            && (answer.code().is_empty() || !answer.body["error"]["message"].is_string())
        {
            wrong.push(format!(
                "{} {}: {status} answers {}, not the error shape",
                route.method, route.path, answer.body
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[tokio::test]
async fn a_method_a_path_does_not_take_answers_405_naming_the_ones_it_takes() {
    let doc = document();
    let api = TestApi::new();
    let mut by_path: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (method, path) in operations(&doc).into_keys() {
        by_path.entry(path).or_default().insert(method);
    }
    for (path, methods) in by_path {
        let other = ["PATCH", "DELETE", "PUT", "POST", "GET"]
            .into_iter()
            .find(|m| !methods.contains(*m))
            .expect("a path that does not take every method");
        let answer = api.call(other, &sample(&path), None, &[]).await;
        assert_eq!(
            (answer.status, answer.code()),
            (405, "method_not_allowed"),
            "{other} {path}"
        );
        let allow: BTreeSet<String> = answer
            .headers
            .get("allow")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_else(|| panic!("{other} {path}: no Allow header"))
            .split(", ")
            .map(str::to_owned)
            .collect();
        assert_eq!(allow, methods, "{other} {path}: Allow");
    }
}
