#!/usr/bin/env bash
# Fail when nbdev-export, nbdev-clean or the README generator would change a file of the checkout.
set -euo pipefail
snapshot() { git status --porcelain --untracked-files=all; git diff | sha1sum; git ls-files -o --exclude-standard | xargs -r sha1sum; }
before=$(snapshot)
nbdev-export
nbdev-clean
python .ci/dev.py readme
after=$(snapshot)
if [ "$before" != "$after" ]; then
  echo "check-sync: nbdev-export, nbdev-clean or 'unlearnbook readme' changed files; run them and commit:" >&2
  diff <(echo "$before") <(echo "$after") >&2 || true
  exit 1
fi
echo "check-sync: notebooks, modules and README are in sync"
