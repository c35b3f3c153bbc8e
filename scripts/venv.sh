# Sourced by scripts/setup.sh and scripts/setup-deploy.sh (which define `say`).
#
# ensure_venv DIR CHECK REQUIREMENT...
#   Makes DIR a Python virtualenv holding exactly the pinned REQUIREMENTS: creates it
#   when missing, (re)installs when the pins changed since the last success (a stamp
#   file records them), then runs the shell command CHECK to prove the tools work
#   before recording success. Does nothing when the stamp matches.
ensure_venv() {
  local venv="$1" check="$2"
  shift 2
  local stamp="$venv/.estrade-requirements" wanted
  wanted="$(printf '%s\n' "$@")"
  if [[ -x "$venv/bin/python" && -f "$stamp" && "$(cat "$stamp")" == "$wanted" ]]; then
    return 0
  fi
  if [[ ! -x "$venv/bin/python" ]]; then
    say "creating $venv"
    "$(venv_python)" -m venv "$venv"
  fi
  say "installing $* into $(basename "$venv")"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$@"
  (cd "$venv/bin" && eval "$check") >/dev/null
  printf '%s' "$wanted" >"$stamp"
}

venv_python() {
  local candidate
  for candidate in python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1; then
      echo "$candidate"
      return 0
    fi
  done
  echo "no python3 found (Python 3.11 is required)" >&2
  return 1
}
