#!/usr/bin/env bash
# Opt-in deployment tools, in their own virtualenv .venv-deploy/ at the repository root:
#   - aws-sam-cli (sam validate / build / deploy);
#   - cargo-lambda (SAM's rust-cargolambda build method; brings its own zig for cross-linking).
# Kept apart from .venv because aws-sam-cli pins its own cfn-lint and boto3.
# Idempotent and quiet when there is nothing to do; stops with a message on the first failure.
# Use: scripts/setup-deploy.sh, then scripts/package.sh (or PATH="$PWD/.venv-deploy/bin:$PATH" sam ...).
set -euo pipefail

PY_REQUIREMENTS=(
  "aws-sam-cli==1.170.0"
  "cargo-lambda==1.9.2"
)
# Lambda functions run on Graviton (Architectures: [arm64] in template.yaml).
RUST_TARGET="aarch64-unknown-linux-gnu"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
trap 'echo "setup-deploy.sh: FAILED at line $LINENO: $BASH_COMMAND" >&2' ERR

say() { echo "setup-deploy.sh: $*"; }

# shellcheck source=scripts/venv.sh
source "$ROOT/scripts/venv.sh"
ensure_venv "$ROOT/.venv-deploy" "./sam --version && ./cargo-lambda lambda --version" "${PY_REQUIREMENTS[@]}"

# The standard library for the Lambda target (rustup's own channel, not a download of ours).
if ! rustup target list --installed | grep -qx "$RUST_TARGET"; then
  say "adding the Rust target $RUST_TARGET"
  rustup target add "$RUST_TARGET" >/dev/null
fi
