#!/usr/bin/env bash
# Headless Chromium for tests/test_view_browser.py on a fresh Debian machine (idempotent).
#
# Debian's own chromium package, driven by the Python playwright package through
# executable_path (tests/browser.py): `playwright install` is never run, nothing is
# downloaded besides Debian packages.  A Japanese font makes bilingual labels render
# in the screenshots instead of empty boxes.
set -euo pipefail

packages=(chromium fonts-ipafont-gothic)
missing=()
for p in "${packages[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    export DEBIAN_FRONTEND=noninteractive
    # another apt run (e.g. the Neo4j set-up) may hold the lock: wait for it
    $sudo apt-get -o DPkg::Lock::Timeout=600 update -qq
    $sudo apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${missing[@]}"
fi

python -c "import playwright.sync_api" 2>/dev/null \
    || { echo "playwright is missing: pip install -e '.[dev]'" >&2; exit 1; }
echo "browser: $(command -v chromium) ($(chromium --version 2>/dev/null | head -1))"
