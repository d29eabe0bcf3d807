#!/usr/bin/env bash
# Build notebooks (optionally from a jupytext percent source), export them, execute them in
# place the way nbdev_test does so the docs carry their outputs (pictures), export and clean.
#   tools/nb.sh nbs/01_rle.ipynb [more.ipynb ...]
#   tools/nb.sh --from SRC.py nbs/01_rle.ipynb             convert SRC.py (jupytext percent) first
set -euo pipefail
cd "$(git rev-parse --show-toplevel)"
if [ "${1:-}" = "--from" ]; then src=$2; dst=$3; shift 3; jupytext --quiet --to ipynb -o "$dst" "$src"; set -- "$dst" "$@"; fi
nbdev_export
python tools/run_nb.py "$@"
nbdev_export
for nb in "$@"; do nbdev_clean --fname "$nb"; done
