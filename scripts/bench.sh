#!/usr/bin/env bash
# Benchmarks (not part of the tests). Results are written down in docs/BENCHMARKS.md.
#   scripts/bench.sh cold-start   release build of `profiles-read` for this machine, then
#                                 20 cold starts through a local Lambda Runtime API
#   scripts/bench.sh latency      release build of the local gateway, then 1,000 messages
#                                 timed from send (HTTP) to receipt (WebSocket)
#   scripts/bench.sh search       100,000 providers seeded into a fresh data folder, then 1,000
#                                 searches timed over HTTP on the release gateway
#   scripts/bench.sh booking      1,000 concurrent booking attempts over 50 days on the release
#                                 gateway (exactly one booking a day), then 1,000 month reads
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/setup.sh
case "${1:-cold-start}" in
  cold-start)
    cargo build --quiet --release -p estrade-functions --bin profiles-read
    .venv/bin/python infra/bench/cold_start.py target/release/profiles-read "${2:-20}"
    ;;
  latency)
    cargo build --quiet --release -p estrade-gateway
    .venv/bin/python infra/bench/message_latency.py target/release/estrade-gateway "${2:-1000}"
    ;;
  search)
    cargo build --quiet --release -p estrade-gateway --bin estrade-gateway --example seed_providers
    .venv/bin/python infra/bench/search_bench.py target/release/estrade-gateway \
      target/release/examples/seed_providers "${2:-100000}" "${3:-1000}"
    ;;
  booking)
    cargo build --quiet --release -p estrade-gateway
    .venv/bin/python infra/bench/booking_bench.py target/release/estrade-gateway "${2:-1000}" "${3:-50}" "${4:-16}"
    ;;
  *) echo "usage: scripts/bench.sh [cold-start [RUNS] | latency [MESSAGES] | search [PROVIDERS [SEARCHES]] | booking [ATTEMPTS [DAYS [THREADS]]]]" >&2; exit 2 ;;
esac
