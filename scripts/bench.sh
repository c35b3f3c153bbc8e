#!/usr/bin/env bash
# Benchmarks (not part of the tests). Results are written down in docs/BENCHMARKS.md.
#   scripts/bench.sh cold-start   release build of `profiles-read` for this machine, then
#                                 20 cold starts through a local Lambda Runtime API
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/setup.sh
case "${1:-cold-start}" in
  cold-start)
    cargo build --quiet --release -p estrade-functions --bin profiles-read
    .venv/bin/python infra/bench/cold_start.py target/release/profiles-read "${2:-20}"
    ;;
  *) echo "usage: scripts/bench.sh [cold-start [RUNS]]" >&2; exit 2 ;;
esac
