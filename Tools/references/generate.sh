#!/usr/bin/env bash
# Regenerates every committed reference JSON from the trusted peers (NumPy/LAPACK, SciPy, JAX, optax, …).
# The peers live in a virtual environment outside git; CI never runs this.
set -euo pipefail
cd "$(dirname "$0")/../.."
VENV="${DESCENT_VENV:-$PWD/.venv}"
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q -r Tools/references/requirements.txt
fi
for script in Tools/references/*.py; do
  [ "$(basename "$script")" = reference_json.py ] && continue  # shared helper, not a generator
  echo "running $script"
  "$VENV/bin/python" "$script"
done
