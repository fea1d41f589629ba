#!/usr/bin/env bash
# `npm test`: every check, in the order that fails fastest, on both databases. Needs `npm ci` done, Debian's
# chromium and PostgreSQL (.ci/run installs all three on a clean machine).
#   1. Node.js as installed (20 on these machines), SQLite: unit, integration, build, types, lint, Playwright.
#   2. Node.js 24 from the registry, PostgreSQL in a throwaway cluster: unit, integration, Playwright again
#      (every spec, desktop project).
# TEST_PASSES=sqlite or TEST_PASSES=postgres runs one pass (the build is needed by both).
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1
passes="${TEST_PASSES:-sqlite postgres}"

step() { printf '\n=== %s (%s)\n' "$*" "$(date +%H:%M:%S)"; }

step "prisma generate (both databases)"
npm run --silent db:generate
if [[ " $passes " == *" sqlite "* ]]; then
  step "unit and integration tests on SQLite (vitest, $(node --version))"
  node_modules/.bin/vitest run
fi
step "production build"
node_modules/.bin/next build
step "typecheck"
node_modules/.bin/tsc --noEmit
step "lint"
node_modules/.bin/eslint . --max-warnings=0
if [[ " $passes " == *" sqlite "* ]]; then
  step "end-to-end tests on SQLite (Playwright, Debian's chromium, production build)"
  node_modules/.bin/playwright test
fi

[[ " $passes " == *" postgres "* ]] || exit 0

step "PostgreSQL: a throwaway cluster; Node.js 24"
pg_dir="$(mktemp -d /tmp/mi-test-pg-XXXXXX)"
binary=node_modules/better-sqlite3/build/Release/better_sqlite3.node
cp "$binary" "$pg_dir.better_sqlite3.node"
cleanup() {
  # Puts back the native module built for the installed Node.js, whatever happened.
  cp "$pg_dir.better_sqlite3.node" "$binary" && rm -f "$pg_dir.better_sqlite3.node"
  scripts/throwaway-postgres.sh stop "$pg_dir"
}
trap cleanup EXIT
TEST_POSTGRES_URL="$(scripts/throwaway-postgres.sh start "$pg_dir")"
export TEST_POSTGRES_URL TEST_DATABASE=postgres
node24="$(scripts/node-line.sh 24)"
cp .cache/node-24/better_sqlite3.node "$binary"
export PATH="$node24:$PATH"
echo "PostgreSQL $("$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)/postgres" --version | awk '{print $3}'), Node.js $(node --version)"

step "unit and integration tests on PostgreSQL (vitest, $(node --version))"
node_modules/.bin/vitest run
# Every spec file, in the desktop project: the phone project repeats some specs at a phone's width, which is
# layout, the same on either database, and CI must stay under 30 minutes.
step "end-to-end tests on PostgreSQL (Playwright, desktop, $(node --version))"
node_modules/.bin/playwright test --project=desktop
