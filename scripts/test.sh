#!/usr/bin/env bash
# `npm test`: the whole suite, on a fresh machine too. Lint and types first, so that a lint error is red.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n=== %s\n' "$*"; }

step "prisma generate"
npx prisma generate >/dev/null

step "lint"
npx eslint . --max-warnings=0

step "format (Prettier; npm run format fixes it)"
npx prettier --check . --log-level warn

step "typecheck"
npx tsc --noEmit -p .

step "dependency rules (layers, no cycle, lib/smpp stands alone; .dependency-cruiser.cjs)"
npm run --silent depcheck

step "unit tests"
npx vitest run --project unit

step "integration tests (SQLite files + the SMSC simulator over TCP and TLS)"
npx vitest run --project integration

step "integration tests again on PostgreSQL (a database per file; TEST_POSTGRES_URL, default the local server)"
bash scripts/ensure-postgres.sh
npx vitest run --project integration-postgres

step "e2e tests (Playwright in Chromium against the built app)"
if [ -z "${CHROME_PATH:-}" ]; then
  if [ -x /usr/bin/chromium ]; then
    export CHROME_PATH=/usr/bin/chromium
  elif command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
    echo "No Chromium found: installing Debian's chromium"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    export CHROME_PATH=/usr/bin/chromium
  else
    echo "No Chromium found: installing Playwright's"
    npx playwright install chromium
    CHROME_PATH="$(node -e "console.log(require('playwright-core').chromium.executablePath())")"
    export CHROME_PATH
  fi
fi
# The e2e suite always tests a build of the current tree.
# Through the same lock as `npm run test:e2e`, so that two runs on one machine never share a half-built .next or ports.
npm run test:e2e
