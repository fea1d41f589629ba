#!/usr/bin/env bash
# `npm test`: every check, in the order that fails fastest. Needs `npm ci` done and Debian's chromium
# (.ci/run installs both on a clean machine).
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1

step() { printf '\n=== %s\n' "$*"; }

step "prisma generate"
node_modules/.bin/prisma generate
step "unit and integration tests (vitest)"
node_modules/.bin/vitest run
step "production build"
node_modules/.bin/next build
step "typecheck"
node_modules/.bin/tsc --noEmit
step "lint"
node_modules/.bin/eslint . --max-warnings=0
step "end-to-end tests (Playwright, Debian's chromium, production build)"
node_modules/.bin/playwright test
