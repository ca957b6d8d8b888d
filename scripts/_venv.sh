# Sourced by scripts/radio and scripts/test: create .venv on first use and (re)install the
# project only when pyproject.toml changed, so later runs start at once.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.venv"
extras="${1:-}"
python="${PYTHON:-python3}"
if [ ! -x "$venv/bin/python" ]; then
  "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
    || { echo "radio needs Python 3.11 or newer ($python is $("$python" --version 2>&1))" >&2; exit 1; }
  echo "Creating $venv ..." >&2
  "$python" -m venv "$venv"
fi
stamp="$venv/.installed${extras:+-$extras}"
if [ ! -f "$stamp" ] || [ "$root/pyproject.toml" -nt "$stamp" ]; then
  echo "Installing radio${extras:+ [$extras]} into $venv ..." >&2
  # The build backend's deprecation notices are for us, not for the person setting up.
  export PYTHONWARNINGS=ignore
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip >&2
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -e "$root${extras:+[$extras]}" >&2
  unset PYTHONWARNINGS
  touch "$stamp"
fi
