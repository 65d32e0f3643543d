#!/usr/bin/env bash
# Make a Chromium available to Playwright: its own download, else Debian's package.
# Fails when none can be had: `make test` runs the browser tests, which fail without one.
set -u
BIN=${1:-.venv/bin}
if [ -x /usr/bin/chromium ] || [ -x /usr/lib/chromium/chromium ]; then
  exit 0
fi
if "$BIN/python" - <<'PY' 2>/dev/null
import os, sys
from playwright.sync_api import sync_playwright
with sync_playwright() as p:
    sys.exit(0 if os.path.exists(p.chromium.executable_path) else 1)
PY
then
  exit 0
fi
echo "zwgk: installing Chromium for Playwright" >&2
if "$BIN/playwright" install chromium >/dev/null 2>&1; then
  exit 0
fi
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null 2>&1 && exit 0
fi
echo "zwgk: no Chromium available (tried 'playwright install chromium' and apt-get install chromium);" >&2
echo "      JavaScript rendering would be disabled and the browser tests would fail." >&2
exit 1
