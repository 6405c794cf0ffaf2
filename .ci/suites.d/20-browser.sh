#!/usr/bin/env bash
# The real-browser suite (test/browser, jest.browser.config.js): builds the application, starts it
# as a server process on a fresh SQLite database with the demo data, drives Debian's Chromium
# (installed by .ci/setup.d/20-chromium.sh) through playwright-core against it, and writes the
# Jest JSON report to $REPORT_DIR/browser.json (summed by .ci/run). Screenshots land in docs/screenshots/.
set -uo pipefail
cd "$(dirname "$0")/../.."
if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  echo "chromium missing (run .ci/setup.d/20-chromium.sh)"
  exit 1
fi
npm run build --silent || { echo "build failed"; exit 1; }

DATA=$(mktemp -d)
PORT=${BROWSER_PORT:-3917}
PASSWORD=Test-Demo-2026
NODE_ENV=development LOG_LEVEL=warn HOST=127.0.0.1 PORT=$PORT \
  DATABASE_URL="sqlite:$DATA/browser.sqlite" DEMO_SEED=true DEMO_PASSWORD=$PASSWORD JOBS_ENABLED=false \
  UPLOAD_DIR="$DATA/uploads" SESSION_SECRET=ci-browser-suite-session-secret-0123456789 \
  node dist/main.js > "$DATA/server.log" 2>&1 &
SERVER=$!
cleanup() { kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null; rm -rf "$DATA"; }
trap cleanup EXIT
for _ in $(seq 1 120); do
  curl -fsS "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break
  kill -0 "$SERVER" 2>/dev/null || { echo "server exited:"; cat "$DATA/server.log"; exit 1; }
  sleep 0.5
done
curl -fsS "http://127.0.0.1:$PORT/health" >/dev/null || { echo "server not healthy:"; cat "$DATA/server.log"; exit 1; }

BROWSER_BASE_URL="http://127.0.0.1:$PORT" BROWSER_DEMO_PASSWORD=$PASSWORD \
  node --experimental-vm-modules node_modules/jest/bin/jest.js -c jest.browser.config.js --json --outputFile="${REPORT_DIR:-/tmp}/browser.json"
