#!/usr/bin/env bash
# Checks and builds the AWS deployment with the tools of .venv-deploy/ (scripts/setup-deploy.sh,
# run first, idempotent): sam validate --lint, then sam build into .aws-sam/build/.
#
#   scripts/package.sh                      # every function
#   scripts/package.sh SignupFunction ...   # only these (logical ids of template.yaml)
#
# Each function is a release arm64 build (cargo lambda, zig as linker) of its binary of the
# estrade-functions package; builds share the workspace's target/ directory. The first one
# compiles every dependency (about 6 minutes on 2 cores); the next ones only their own binary.
# Deploy afterwards with: .venv-deploy/bin/sam deploy --guided (needs AWS credentials).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
trap 'echo "package.sh: FAILED at line $LINENO: $BASH_COMMAND" >&2' ERR

bash "$ROOT/scripts/setup-deploy.sh"

export PATH="$ROOT/.venv-deploy/bin:$PATH"
export SAM_CLI_TELEMETRY=0
# SAM wants a region even offline; deploying picks its own (samconfig.toml or --region).
export AWS_DEFAULT_REGION="${AWS_DEFAULT_REGION:-${AWS_REGION:-eu-west-3}}"
cd "$ROOT"

sam validate --lint --template-file template.yaml

# rust-cargolambda is a beta build method of SAM: --beta-features accepts it without a prompt.
sam build --template-file template.yaml --beta-features "$@"

echo "package.sh: built into .aws-sam/build/:"
for bootstrap in .aws-sam/build/*/bootstrap; do
  [[ -f "$bootstrap" ]] || continue
  printf '  %-40s %s bytes\n' "$(basename "$(dirname "$bootstrap")")" "$(stat -c %s "$bootstrap")"
done
