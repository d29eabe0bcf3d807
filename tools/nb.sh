#!/usr/bin/env bash
# Build notebooks from percent-format sources and execute them in place, so that the
# docs carry their outputs (pictures), then export and clean.
#   tools/nb.sh nbs/01_rle.ipynb [more.ipynb ...]        execute in place, export, clean
#   tools/nb.sh --from SRC.py nbs/01_rle.ipynb             convert SRC.py (jupytext percent) first
set -euo pipefail
cd "$(git rev-parse --show-toplevel)"
if [ "${1:-}" = "--from" ]; then src=$2; dst=$3; shift 3; jupytext --quiet --to ipynb -o "$dst" "$src"; set -- "$dst" "$@"; fi
for nb in "$@"; do
  jupyter nbconvert --log-level=ERROR --to notebook --execute --inplace \
    --ExecutePreprocessor.timeout=900 --ExecutePreprocessor.kernel_name=python3 \
    --ExecutePreprocessor.cwd="$(dirname "$nb")" "$nb"
done
nbdev_export
for nb in "$@"; do nbdev_clean --fname "$nb"; done
