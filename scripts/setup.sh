#!/usr/bin/env bash
# Installs what the project's run and test commands need, on a fresh Debian machine that already
# has Rust, Python 3.11 and Node 20:
#   - .venv/ (repository root), pinned below: moto[server] (local DynamoDB/S3/SES v2/API Gateway
#     Management for the adapters' tests), cfn-lint and aws-sam-translator (template.yaml checks:
#     cfn-lint >= 1.x validates SAM resources by schema only, so the tests also lint the template as
#     SAM expands it, which is where the functions' IAM policies and API routes become visible),
#     schemathesis (every operation of the OpenAPI document fuzzed against a local gateway);
#   - Debian's chromium (browser tests drive /usr/bin/chromium through playwright-core);
#   - frontend/node_modules, from the lockfile (npm ci), when frontend/package.json exists.
# Idempotent and quiet when there is nothing to do; stops with a message on the first failure.
# Deployment tools (aws-sam-cli, cargo-lambda) are opt-in: scripts/setup-deploy.sh.
set -euo pipefail

# The pins. Changing one makes the next run reinstall the virtualenv's packages.
PY_REQUIREMENTS=(
  "moto[server]==5.2.5"  # exact: infra/moto/serve.py patches its transaction rollback
  "cfn-lint==1.58.0"
  "aws-sam-translator==1.115.0"
  "websockets==15.0.1"
  "icalendar==7.3.0"  # frontend/e2e/ics.py: the browser tests read the iCal feed and .ics attachments with it
  "pypdf==7.1.1"  # frontend/e2e/pdf_text.py: the browser tests read the signed contract's text back with it
  "schemathesis==4.32.5"  # infra/schemathesis/run.py: fuzzes every operation of the OpenAPI document against a local gateway
)

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
trap 'echo "setup.sh: FAILED at line $LINENO: $BASH_COMMAND" >&2' ERR

say() { echo "setup.sh: $*"; }

# shellcheck source=scripts/venv.sh
source "$ROOT/scripts/venv.sh"

# --- Python virtualenv ---------------------------------------------------------------------------
setup_venv() {
  ensure_venv "$ROOT/.venv" "./cfn-lint --version && ./python -c 'import moto.server, samtranslator, websockets, icalendar, pypdf, schemathesis'" \
    "${PY_REQUIREMENTS[@]}"
}

# --- Chromium ------------------------------------------------------------------------------------
setup_chromium() {
  [[ -x /usr/bin/chromium ]] && return 0
  if [[ "$(id -u)" != 0 ]]; then
    echo "setup.sh: /usr/bin/chromium is missing and this is not root:" \
         "run 'apt-get update && apt-get install -y chromium' as root" >&2
    return 1
  fi
  say "installing Debian's chromium"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq chromium >/dev/null
  [[ -x /usr/bin/chromium ]] || { echo "setup.sh: chromium installed but /usr/bin/chromium is missing" >&2; return 1; }
}

# --- Frontend dependencies -----------------------------------------------------------------------
frontend_hash() {
  local dir="$1"
  (cd "$dir" && cat package.json package-lock.json 2>/dev/null | sha256sum | cut -d' ' -f1)
}

setup_frontend() {
  local dir="$ROOT/frontend"
  [[ -f "$dir/package.json" ]] || return 0
  local stamp="$dir/node_modules/.estrade-deps-hash"
  if [[ -d "$dir/node_modules" && -f "$stamp" && "$(cat "$stamp")" == "$(frontend_hash "$dir")" ]]; then
    return 0
  fi
  if [[ -f "$dir/package-lock.json" ]]; then
    say "npm ci in frontend/"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  else
    say "npm install in frontend/ (no package-lock.json yet: commit the one it writes)"
    (cd "$dir" && npm install --no-audit --no-fund --loglevel=error >/dev/null)
  fi
  # Hash taken after the install: npm install may have just written the lockfile.
  frontend_hash "$dir" >"$stamp"
}

setup_venv
setup_chromium
setup_frontend
