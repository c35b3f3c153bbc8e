#!/usr/bin/env bash
# Runs every test: formatting and lints, the Rust suites (contract suites on the embedded
# adapters and on AWS adapters against moto_server on 127.0.0.1, handler tests, template
# checks with cfn-lint), the API contract fuzzed (schemathesis against the local gateway), the
# frontend's type check and unit tests, and the browser test (headless Chromium against the local
# gateway). Each server is started by its test.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/setup.sh
# A fresh clone gains nothing from incremental caches, which would double the debug target.
if [[ -n "${CI:-}" ]]; then export CARGO_INCREMENTAL=0; fi
step() { printf '\n== %s\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all -- --check
step "cargo clippy -D warnings"
cargo clippy --quiet --workspace --all-targets -- -D warnings
step "cargo test"
# Also builds target/debug/estrade-gateway (the gateway's integration tests need it), with the
# features of this one resolution: a separate `cargo build -p` would compile the AWS SDK again.
cargo test --workspace
step "API contract: schemathesis against a local gateway"
# Every operation of the OpenAPI document, fuzzed against target/debug/estrade-gateway (just
# built), offline, in a minute or two: infra/schemathesis/run.py.
.venv/bin/python infra/schemathesis/run.py

cd frontend
step "frontend: type check, unit tests, build"
npm run --silent typecheck
npm run --silent test:unit
npm run --silent build >/dev/null
step "frontend: browser test"
ESTRADE_GATEWAY_BIN="$PWD/../target/debug/estrade-gateway" npm run --silent test:e2e
step "disk used by target/"
du -sh ../target
