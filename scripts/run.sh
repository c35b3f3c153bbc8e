#!/usr/bin/env bash
# Runs the whole platform locally: installs what is missing, builds the frontend and
# the local gateway, then starts it with demo data on http://127.0.0.1:8080
# (ESTRADE_ADDR and ESTRADE_DATA change the address and the data folder).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/setup.sh
echo "run.sh: building the frontend and the local gateway"
(cd frontend && npm run --silent build >/dev/null)
cargo build --quiet -p estrade-gateway
exec target/debug/estrade-gateway \
  --addr "${ESTRADE_ADDR:-127.0.0.1:8080}" \
  --data "${ESTRADE_DATA:-.data}" \
  --static frontend/dist
