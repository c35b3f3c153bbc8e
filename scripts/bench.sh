#!/usr/bin/env bash
# Benchmarks (not part of the tests). Results are written down in docs/BENCHMARKS.md.
#   scripts/bench.sh cold-start   release build of `profiles-read` for this machine, then
#                                 20 cold starts through a local Lambda Runtime API
#   scripts/bench.sh latency      release build of the local gateway, then 1,000 messages
#                                 timed from send (HTTP) to receipt (WebSocket); then a
#                                 sustained 1,650 messages/s for 30 s into one conversation
#                                 (the notifier's lag from commit to push, p50/p99)
#   scripts/bench.sh search       100,000 providers seeded into a fresh data folder, then 1,000
#                                 searches timed over HTTP on the release gateway
#   scripts/bench.sh booking      1,000 concurrent booking attempts over 50 days on the release
#                                 gateway (exactly one booking a day), then 1,000 month reads
#   scripts/bench.sh contract-pdf release builds of `contract-pdf` and `profiles-read` (their
#                                 sizes, raw and zipped as Lambda packages), then 50 renders
#                                 of a signed contract's PDF
#   scripts/bench.sh uploads      a 1 GiB file in 8 MiB parts, then 40 photos of 6 MB, uploaded
#                                 through the release gateway's signed URLs, 4 at a time
#   scripts/bench.sh previews     previews of a 24- and a 50-megapixel JPEG: time, peak memory
#   scripts/bench.sh archive      a 2.5 GiB gallery archive (40 originals of 64 MiB) built in
#                                 constant memory: time, throughput, peak memory
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/setup.sh
case "${1:-cold-start}" in
  cold-start)
    cargo build --quiet --release -p estrade-functions --bin profiles-read
    .venv/bin/python infra/bench/cold_start.py target/release/profiles-read "${2:-20}"
    ;;
  latency)
    cargo build --quiet --release -p estrade-gateway -p estrade --bin estrade-gateway --example notifier_bench
    .venv/bin/python infra/bench/message_latency.py target/release/estrade-gateway "${2:-1000}"
    # The sustained flow: RATE messages a second for SECONDS, the notifier's lag.
    target/release/examples/notifier_bench "${3:-1650}" "${4:-30}"
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
  contract-pdf)
    cargo build --quiet --release -p estrade-functions --bin contract-pdf --bin profiles-read
    cargo build --quiet --release -p estrade --example pdf_bench
    for bin in contract-pdf profiles-read; do
      .venv/bin/python -c 'import sys, zipfile, io, os
path = sys.argv[1]; buf = io.BytesIO()
with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z: z.write(path, "bootstrap")
print(f"{os.path.basename(path)}: {os.path.getsize(path)/1e6:.2f} MB, zipped {len(buf.getvalue())/1e6:.2f} MB")' "target/release/$bin"
    done
    target/release/examples/pdf_bench "${2:-50}"
    ;;
  uploads)
    cargo build --quiet --release -p estrade-gateway
    .venv/bin/python infra/bench/upload_bench.py target/release/estrade-gateway "${2:-1024}" "${3:-4}" "${4:-40}"
    ;;
  previews)
    cargo build --quiet --release -p estrade --example preview_bench
    dir="$(mktemp -d)"
    target/release/examples/preview_bench make 6000 4000 "$dir/24mp.jpg"
    target/release/examples/preview_bench make 8660 5773 "$dir/50mp.jpg"
    target/release/examples/preview_bench run "$dir/24mp.jpg"
    target/release/examples/preview_bench run "$dir/50mp.jpg"
    rm -r "$dir"
    ;;
  archive)
    cargo build --quiet --release -p estrade --example archive_bench
    target/release/examples/archive_bench "${2:-40}" "${3:-64}"
    ;;
  *) echo "usage: scripts/bench.sh [cold-start [RUNS] | latency [MESSAGES] | search [PROVIDERS [SEARCHES]] | booking [ATTEMPTS [DAYS [THREADS]]] | contract-pdf [RUNS] | uploads [MIB [THREADS [PHOTOS]]] | previews | archive [FILES [MIB]]]" >&2; exit 2 ;;
esac
