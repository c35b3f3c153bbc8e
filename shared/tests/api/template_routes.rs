//! `template.yaml` (what AWS deploys) agrees with the route table
//! (`estrade::api::routes::ROUTES`, what the Lambda functions and the local gateway serve):
//! the same (method, path, function) triples, every function's binary exists, and cfn-lint
//! passes on the template as written and as the SAM transform expands it.
//!
//! cfn-lint and the SAM translator come from `.venv/` (`scripts/setup.sh`); cfn-lint falls
//! back to the one on PATH.

use estrade::api::routes::ROUTES;
use saphyr::{LoadableYamlNode, YamlOwned};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

const TEMPLATE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../template.yaml");
const REPO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");

/// One `AWS::Serverless::Function` of the template.
#[derive(Debug)]
struct Function {
    logical_id: String,
    /// `Metadata.BuildProperties.Binary`: the binary in `functions/src/bin/`.
    binary: String,
    /// (method, path) of each `HttpApi` event.
    http_events: Vec<(String, String)>,
}

fn template() -> YamlOwned {
    let text = std::fs::read_to_string(TEMPLATE).expect("read template.yaml");
    let mut docs = YamlOwned::load_from_str(&text).expect("template.yaml is valid YAML");
    assert_eq!(docs.len(), 1, "template.yaml holds one YAML document");
    docs.remove(0)
}

fn get<'a>(node: &'a YamlOwned, key: &str) -> Option<&'a YamlOwned> {
    node.as_mapping_get(key)
}

fn string(node: Option<&YamlOwned>, what: &str) -> String {
    node.and_then(YamlOwned::as_str)
        .unwrap_or_else(|| panic!("{what} must be a plain string, found {node:?}"))
        .to_owned()
}

/// Whether `node` is `!Ref <target>` (or `{Ref: <target>}`).
fn is_ref_to(node: Option<&YamlOwned>, target: &str) -> bool {
    match node {
        Some(YamlOwned::Tagged(tag, inner)) => {
            tag.suffix == "Ref" && inner.as_str() == Some(target)
        }
        Some(other) => get(other, "Ref").and_then(YamlOwned::as_str) == Some(target),
        None => false,
    }
}

fn functions(doc: &YamlOwned) -> Vec<Function> {
    let resources = get(doc, "Resources")
        .and_then(YamlOwned::as_mapping)
        .expect("template.yaml has Resources");
    let mut found = Vec::new();
    for (id, resource) in resources {
        let logical_id = string(Some(id), "a logical id");
        if get(resource, "Type").and_then(YamlOwned::as_str) != Some("AWS::Serverless::Function") {
            continue;
        }
        let metadata = get(resource, "Metadata");
        assert_eq!(
            metadata
                .and_then(|m| get(m, "BuildMethod"))
                .and_then(YamlOwned::as_str),
            Some("rust-cargolambda"),
            "{logical_id}: Metadata.BuildMethod must be rust-cargolambda"
        );
        let binary = string(
            metadata
                .and_then(|m| get(m, "BuildProperties"))
                .and_then(|b| get(b, "Binary")),
            &format!("{logical_id}: Metadata.BuildProperties.Binary"),
        );
        let mut http_events = Vec::new();
        if let Some(events) = get(resource, "Properties")
            .and_then(|p| get(p, "Events"))
            .and_then(YamlOwned::as_mapping)
        {
            for (name, event) in events {
                if get(event, "Type").and_then(YamlOwned::as_str) != Some("HttpApi") {
                    continue;
                }
                let name = string(Some(name), "an event name");
                let props = get(event, "Properties");
                let what = format!("{logical_id}.Events.{name}");
                assert!(
                    is_ref_to(props.and_then(|p| get(p, "ApiId")), "HttpApi"),
                    "{what}: ApiId must be !Ref HttpApi"
                );
                http_events.push((
                    string(
                        props.and_then(|p| get(p, "Method")),
                        &format!("{what}.Method"),
                    )
                    .to_uppercase(),
                    string(props.and_then(|p| get(p, "Path")), &format!("{what}.Path")),
                ));
            }
        }
        found.push(Function {
            logical_id,
            binary,
            http_events,
        });
    }
    found
}

#[test]
fn template_routes_equal_the_route_table() {
    let functions = functions(&template());
    let mut in_template = BTreeSet::new();
    let mut owners: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for f in &functions {
        for (method, path) in &f.http_events {
            in_template.insert((method.clone(), path.clone(), f.binary.clone()));
            owners
                .entry((method.clone(), path.clone()))
                .or_default()
                .push(f.logical_id.clone());
        }
    }
    for ((method, path), ids) in &owners {
        assert_eq!(
            ids.len(),
            1,
            "{method} {path} is declared by several functions: {ids:?}"
        );
    }
    let in_code: BTreeSet<(String, String, String)> = ROUTES
        .iter()
        .map(|r| {
            (
                r.method.to_owned(),
                r.path.to_owned(),
                r.function.to_owned(),
            )
        })
        .collect();
    assert_eq!(
        in_code.len(),
        ROUTES.len(),
        "the route table declares a route twice"
    );
    let missing: Vec<_> = in_code.difference(&in_template).collect();
    let extra: Vec<_> = in_template.difference(&in_code).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "template.yaml and estrade::api::routes::ROUTES disagree.\n\
         In the route table but not in template.yaml (method, path, function): {missing:#?}\n\
         In template.yaml but not in the route table: {extra:#?}"
    );
}

#[test]
fn every_template_function_has_its_binary() {
    let functions = functions(&template());
    assert!(!functions.is_empty(), "template.yaml declares no function");
    let mut binaries = BTreeSet::new();
    for f in &functions {
        assert!(
            binaries.insert(f.binary.clone()),
            "binary {} is deployed by two functions",
            f.binary
        );
        let source = Path::new(REPO).join(format!("functions/src/bin/{}.rs", f.binary));
        assert!(
            source.is_file(),
            "{} builds binary {:?} but {} does not exist",
            f.logical_id,
            f.binary,
            source.display()
        );
    }
}

fn venv_bin(name: &str) -> Option<PathBuf> {
    let path = Path::new(REPO).join(".venv/bin").join(name);
    path.is_file().then_some(path)
}

fn cfn_lint(template: &Path) {
    let program = venv_bin("cfn-lint").unwrap_or_else(|| PathBuf::from("cfn-lint"));
    let output = Command::new(&program)
        .arg("--")
        .arg(template)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run {}: {e} (run scripts/setup.sh)",
                program.display()
            )
        });
    assert!(
        output.status.success(),
        "cfn-lint {} failed ({}):\n{}{}",
        template.display(),
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn cfn_lint_passes() {
    cfn_lint(Path::new(TEMPLATE));
}

/// The SAM expansion of template.yaml, the way CloudFormation's transform writes it (offline:
/// a stub stands in for the IAM lookup of managed policies, and code locations are dummies).
const EXPAND: &str = r#"
import json, sys
from samtranslator.translator.transform import transform
from samtranslator.yaml_helper import yaml_parse

with open(sys.argv[1]) as f:
    template = yaml_parse(f.read())
for resource in template.get("Resources", {}).values():
    if resource.get("Type") == "AWS::Serverless::Function":
        resource["Properties"]["CodeUri"] = "s3://bucket/code.zip"

class ManagedPolicies:
    def load(self):
        return {"AWSLambdaBasicExecutionRole":
                "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"}

with open(sys.argv[2], "w") as f:
    json.dump(transform(template, {}, ManagedPolicies()), f, indent=1)
"#;

/// cfn-lint validates SAM resources only against their schema: the IAM policies and API
/// routes that SAM generates are checked here, on the expanded template.
#[test]
fn cfn_lint_passes_on_the_sam_expansion() {
    let python = venv_bin("python").expect(".venv/bin/python is missing: run scripts/setup.sh");
    let expanded = Path::new(env!("CARGO_TARGET_TMPDIR")).join("template.expanded.json");
    let output = Command::new(&python)
        .args(["-c", EXPAND, TEMPLATE])
        .arg(&expanded)
        .env("AWS_DEFAULT_REGION", "eu-west-3")
        .env_remove("AWS_PROFILE")
        .output()
        .expect("run the SAM translator");
    assert!(
        output.status.success(),
        "the SAM transform rejects template.yaml:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    cfn_lint(&expanded);
}

/// The functions that sign or read a token without serving a bearer route: log-in and
/// refresh sign access tokens, the unsubscribe route reads its link's token, the notifier
/// and the scheduled emails sign unsubscribe links, `ws-connect` reads tickets.
const KEY_HOLDERS_WITHOUT_BEARER: &[&str] = &[
    "login",
    "refresh",
    "email-preferences",
    "notifier",
    "projects-sweep",
    "message-digests",
    "ws-connect",
];

/// The signing secret reaches exactly the functions that need it: those serving a route
/// the OpenAPI document marks `bearerAuth`, and the few that sign or read tokens otherwise;
/// never through `Globals`.
#[test]
fn only_the_functions_that_need_it_hold_the_signing_secret() {
    let doc = template();
    let globals = get(&doc, "Globals")
        .and_then(|g| get(g, "Function"))
        .and_then(|f| get(f, "Environment"))
        .and_then(|e| get(e, "Variables"));
    assert!(
        globals.and_then(|v| get(v, "JWT_SECRET")).is_none(),
        "JWT_SECRET is given function by function, not in Globals"
    );
    let openapi: serde_json::Value = serde_json::from_str(estrade::api::openapi::DOCUMENT).unwrap();
    let bearer = |method: &str, path: &str| {
        let operation = &openapi["paths"][path][method.to_ascii_lowercase()];
        let security = operation.get("security").unwrap_or(&openapi["security"]);
        security
            .as_array()
            .is_some_and(|all| all.iter().any(|scheme| scheme.get("bearerAuth").is_some()))
    };
    let mut needed: BTreeSet<String> = ROUTES
        .iter()
        .filter(|r| bearer(r.method, r.path))
        .map(|r| r.function.to_owned())
        .collect();
    needed.extend(KEY_HOLDERS_WITHOUT_BEARER.iter().map(|f| f.to_string()));
    let resources = get(&doc, "Resources")
        .and_then(YamlOwned::as_mapping)
        .unwrap();
    let holders: BTreeSet<String> = functions(&doc)
        .into_iter()
        .filter(|f| {
            let resource = resources
                .iter()
                .find(|(id, _)| id.as_str() == Some(f.logical_id.as_str()))
                .map(|(_, r)| r)
                .unwrap();
            get(resource, "Properties")
                .and_then(|p| get(p, "Environment"))
                .and_then(|e| get(e, "Variables"))
                .and_then(|v| get(v, "JWT_SECRET"))
                .is_some()
        })
        .map(|f| f.binary)
        .collect();
    assert_eq!(holders, needed, "functions holding JWT_SECRET");
}
