#!/usr/bin/env bash
# The HTTP suite (test/) a second time, against PostgreSQL (started by .ci/setup.d/10-postgres.sh):
# same migrations, same tests; every test file gets its own fresh database on the server.
# Writes its Jest JSON report into $REPORT_DIR/postgres.json (summed by .ci/run).
set -uo pipefail
cd "$(dirname "$0")/../.."
port=$(pg_lsclusters -h 2>/dev/null | awk '$2 == "main" && $4 == "online" {print $3}' | head -n 1)
export TEST_DATABASE_URL=${TEST_DATABASE_URL:-postgres://ect:ect@127.0.0.1:${port:-5432}/ect}
# Each test app on one pooled connection: a code path that holds a connection while it waits for a
# second (a stall under load in production) then fails its test with a 503 after DB_POOL_WAIT_MS.
export TEST_DB_POOL_MAX=${TEST_DB_POOL_MAX:-1}
# The multi-process tests start the built server (dist/main.js).
npm run build --silent || { echo "build failed"; exit 1; }
node --max-old-space-size=8192 --experimental-vm-modules node_modules/jest/bin/jest.js '/test/[^/]+\.spec\.ts$' --maxWorkers="${JEST_WORKERS:-$(nproc)}" --json --outputFile="${REPORT_DIR:-/tmp}/postgres.json"
