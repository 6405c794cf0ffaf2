#!/usr/bin/env bash
# Debian's Chromium for the browser suite (.ci/suites.d/20-browser.sh), driven by playwright-core
# (never `playwright install`: its browser download is unreachable here). Idempotent: installs only
# when /usr/bin/chromium is missing, with one apt-get update.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  echo "chromium present: $(/usr/bin/chromium --version 2>/dev/null | head -n 1)"
  exit 0
fi
echo "installing chromium (apt)"
export DEBIAN_FRONTEND=noninteractive
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk >/dev/null
/usr/bin/chromium --version
