#!/usr/bin/env bash
# `npm test`: every check, on both databases, on the two current LTS lines of Node.js from the npm registry
# (scripts/node-line.sh; the machine's own Node.js 20 has reached its end of life and runs none of it): the build
# and the SQLite pass on Node.js 24, the PostgreSQL pass on Node.js 26, so each line runs a whole pass without
# making CI longer. Needs `npm ci` done, Debian's chromium, PostgreSQL and HAProxy (.ci/run installs them on a
# clean machine). In order:
#   1. prisma generate, the production build (which type-checks every file, as tsc would) with ESLint beside it, while
#      better-sqlite3 is built for Node.js 24 (none of those steps loads it);
#   2. vitest (with the schema drift check beside it): the unit and integration projects on SQLite and, at the same time, the integration project on
#      PostgreSQL in a throwaway cluster (the unit tests touch no database; the PostgreSQL pass opens no SQLite
#      file, so it needs no better-sqlite3 built for its line);
#   3. Playwright on SQLite: every spec, desktop, and the @phone ones at a phone's width;
#   4. Playwright on PostgreSQL: the specs tagged @db (whose behaviour depends on the database), desktop;
#   and from step 2 on, in the background, two minutes of `npm run soak` (two instances on PostgreSQL behind HAProxy).
# TEST_PASSES=sqlite or TEST_PASSES=postgres runs one database's tests (the build, types and lint run in either).
# NODE_LINE=26 runs the build and the SQLite pass on another line (scripts/node-line.sh builds better-sqlite3 for
# it); NODE_LINE_POSTGRES=24 the PostgreSQL pass.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1
passes="${TEST_PASSES:-sqlite postgres}"
line="${NODE_LINE:-24}"
pg_line="${NODE_LINE_POSTGRES:-26}"
started=$SECONDS

step() { printf '\n=== %s (%s, %ss in)\n' "$*" "$(date +%H:%M:%S)" "$((SECONDS - started))"; }
# finish <pid> <what> <log>: waits for a step run in the background, shows its output, and stops here if it failed.
finish() {
  local status=0
  wait "$1" || status=$?
  step "$2, its output"
  cat "$3"
  [ "$status" = 0 ] || { echo "$2 failed" >&2; exit 1; }
}
has() { [[ " $passes " == *" $1 "* ]]; }
has sqlite || has postgres || { echo "TEST_PASSES names no pass: $passes" >&2; exit 2; }
# e2e <playwright args>: runs Playwright; when a test fails, prints what its page showed as it stopped (Playwright's
# test-results/**/error-context.md: the error and the page's accessibility snapshot), since CI keeps only this output.
e2e() {
  node_modules/.bin/playwright test "$@" && return 0
  local status=$?
  find test-results -name error-context.md -exec sh -c 'printf "\n--- %s\n" "$1"; head -c 8000 "$1"' _ {} \; 2>/dev/null || true
  return "$status"
}

# better-sqlite3's native module is made for one Node.js: the one built for this line goes into node_modules, and
# whatever was there before (the installed Node.js's, or none after `npm ci --ignore-scripts`) is put back after.
binary=node_modules/better-sqlite3/build/Release/better_sqlite3.node
scratch="$(mktemp -d /tmp/mi-test-XXXXXX)"
[ -f "$binary" ] && cp "$binary" "$scratch/better_sqlite3.node"
pg_dir=""
addon=""
pg_fetch=""
lint=""
vitest_pg=""
drift=""
soak=""
cleanup() {
  # Background jobs still running (this script failed meanwhile), by their own ids; none is left once waited for.
  for job in $addon $pg_fetch $lint $vitest_pg $drift $soak; do kill "$job" 2>/dev/null || true; done
  if [ -f "$scratch/better_sqlite3.node" ]; then cp "$scratch/better_sqlite3.node" "$binary"; else rm -f "$binary"; fi
  rm -rf "$scratch"
  [ -z "$pg_dir" ] || scripts/throwaway-postgres.sh stop "$pg_dir"
}
trap cleanup EXIT

step "Node.js $line from the registry; better-sqlite3 built for it in the background"
PATH="$(scripts/node-line.sh "$line" --runtime):$PATH"
echo "Node.js $(node --version)"
scripts/node-line.sh "$line" >"$scratch/addon.log" 2>&1 &
addon=$!
# The PostgreSQL pass's Node.js line, fetched from the registry meanwhile too (seconds of network on a clean machine).
pg_fetch=""
if has postgres; then
  scripts/node-line.sh "$pg_line" --runtime >"$scratch/pg-node" 2>"$scratch/pg-node.log" &
  pg_fetch=$!
fi

step "prisma generate (both databases)"
npm run --silent db:generate
# ESLint beside the build: each has a long stretch on one core (ESLint's whole run, the build's type check), so
# side by side they take little more than the build alone.
step "production build, with ESLint beside it (its output follows the build's)"
node_modules/.bin/eslint . --max-warnings=0 >"$scratch/lint.log" 2>&1 &
lint=$!
node_modules/.bin/next build
# No separate `tsc --noEmit`: next build has just type-checked the whole of tsconfig.json's files (scripts and tests
# included), which a second run would only repeat (13 s on a clean checkout).
finish "$lint" "lint" "$scratch/lint.log"
lint=""
if has postgres; then
  wait "$pg_fetch" || { cat "$scratch/pg-node.log" >&2; exit 1; }
  pg_fetch=""
  pg_node="$(cat "$scratch/pg-node")"
  echo "PostgreSQL pass on Node.js $("$pg_node/node" --version)"
  step "PostgreSQL: a throwaway cluster"
  pg_dir="$(mktemp -d /tmp/mi-test-pg-XXXXXX)"
  postgres_url="$(scripts/throwaway-postgres.sh start "$pg_dir")"
  echo "PostgreSQL $("$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)/postgres" --version | awk '{print $3}')"
fi

# The two databases' vitest runs side by side, each with a worker per core (vitest's default is one less): the
# integration tests wait on SMTP, child processes and the database between bursts of CPU, so one worker each kept
# two cores only ~60 % busy. The PostgreSQL run starts first: it loads no better-sqlite3, so it fills the core the
# addon's compile leaves free (about 20 s on a clean machine) instead of waiting for it.
workers="$(nproc)"
if has postgres; then
  step "PostgreSQL: integration tests (vitest on Node.js $pg_line, in the background; its output follows the SQLite run's)"
  PATH="$pg_node:$PATH" TEST_DATABASE=postgres TEST_POSTGRES_URL="$postgres_url" node_modules/.bin/vitest run --project "integration*" --maxWorkers="$workers" >"$scratch/vitest-postgres.log" 2>&1 &
  vitest_pg=$!
fi

step "better-sqlite3 for Node.js $line"
addon_status=0
wait "$addon" || addon_status=$?
addon=""
[ "$addon_status" = 0 ] || { cat "$scratch/addon.log" >&2; exit 1; }
mkdir -p "$(dirname "$binary")"
cp ".cache/node-$line/better_sqlite3.node" "$binary"

# Beside the tests, in the background: it builds databases of its own (on the throwaway cluster too), and its
# minutes of Prisma's schema engine fill the cores while the integration tests wait on SMTP and the database.
step "schema drift: each migration history builds exactly what prisma/models.prisma describes (in the background; its output follows vitest's)"
TEST_POSTGRES_URL="${postgres_url:-}" node_modules/.bin/tsx --require ./scripts/server-context.cjs scripts/schema-drift.ts >"$scratch/drift.log" 2>&1 &
drift=$!

# The soak's smoke run (scripts/soak.ts, issue 25): two instances on the throwaway cluster behind HAProxy for two
# minutes at a low rate, one stopped and one killed on the way, every mail counted. It mostly waits (about 0.3 of a
# core), so it runs beside the tests; its output follows the SQLite end-to-end tests'.
if has postgres; then
  step "soak: two minutes of two instances behind HAProxy (in the background; its output follows the end-to-end tests on SQLite)"
  BENCH_POSTGRES_URL="$postgres_url" SOAK_MINUTES=2 SOAK_RATE=2 node_modules/.bin/tsx --require ./scripts/server-context.cjs scripts/soak.ts >"$scratch/soak.log" 2>&1 &
  soak=$!
fi

sqlite_vitest=0
if has sqlite; then
  step "SQLite: unit and integration tests (vitest)"
  node_modules/.bin/vitest run --maxWorkers="$workers" || sqlite_vitest=$?
fi
if [ -n "$vitest_pg" ]; then
  finish "$vitest_pg" "PostgreSQL: integration tests (vitest)" "$scratch/vitest-postgres.log"
  vitest_pg=""
fi
[ "$sqlite_vitest" = 0 ] || { echo "vitest on SQLite failed" >&2; exit 1; }
finish "$drift" "schema drift" "$scratch/drift.log"
drift=""

if has sqlite; then
  step "SQLite: end-to-end tests (Playwright, Debian's chromium, the production build)"
  e2e
fi
if [ -n "$soak" ]; then
  finish "$soak" "soak" "$scratch/soak.log"
  soak=""
fi
if has postgres; then
  # The specs whose behaviour depends on the database (tagged @db): limits and races over HTTP, the outbox through
  # a crash, several instances, the database going away, shutdown, a whole journey. The rest is pages, headers and
  # forms, the same on either database. Desktop only: the phone project's repeats are layout.
  step "PostgreSQL: end-to-end tests tagged @db (Playwright on Node.js $pg_line, desktop)"
  PATH="$pg_node:$PATH" TEST_DATABASE=postgres TEST_POSTGRES_URL="$postgres_url" e2e --project=desktop --grep @db
fi
step "all passed"
