#!/usr/bin/env bash
# Headless Chromium, its driver and a font for the browser tests (tests/python/test_browser.py).
# Idempotent: does nothing when chromium and chromedriver are on the PATH; otherwise installs
# Debian's packages. When they cannot be installed (no apt-get, not root, no package mirror) it
# says so and exits 0: the browser tests then skip, naming this script.
set -uo pipefail

PACKAGES=(chromium chromium-driver fonts-dejavu-core)

if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
    exit 0
fi

cannot() {
    echo "ensure_chromium: $1; install ${PACKAGES[*]} by hand to run the browser tests" >&2
    exit 0
}

command -v apt-get >/dev/null 2>&1 || cannot "apt-get not found"

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        SUDO=(sudo -n)
    else
        cannot "not root and no password-less sudo"
    fi
fi

echo "ensure_chromium: installing ${PACKAGES[*]} (Debian packages)"
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq || cannot "apt-get update failed"
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}" >/dev/null \
    || cannot "apt-get install failed"
command -v chromedriver >/dev/null 2>&1 || cannot "chromedriver is still missing"
