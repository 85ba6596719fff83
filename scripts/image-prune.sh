#!/bin/sh
# Removes from a `pnpm deploy --prod` directory what the server never loads at run time, so the
# image carries production code only: type declarations, source maps, docs, and better-sqlite3's
# compiler leftovers (its sources and object files; the addon itself stays).
# Usage: sh scripts/image-prune.sh /app
set -eu
app=${1:?usage: image-prune.sh DIR}
modules="$app/node_modules/.pnpm"
[ -d "$modules" ] || { echo "image-prune: $modules is missing (not a pnpm deploy?)" >&2; exit 1; }

for addon in "$modules"/better-sqlite3@*/node_modules/better-sqlite3; do
  [ -f "$addon/build/Release/better_sqlite3.node" ] || { echo "image-prune: no compiled addon in $addon" >&2; exit 1; }
  keep=$(mktemp)
  cp "$addon/build/Release/better_sqlite3.node" "$keep"
  rm -rf "$addon/build" "$addon/deps" "$addon/src"
  mkdir -p "$addon/build/Release"
  mv "$keep" "$addon/build/Release/better_sqlite3.node"
  chmod 644 "$addon/build/Release/better_sqlite3.node"
done

# Type-only packages (some libraries list @types/node as a dependency).
rm -rf "$modules"/@types+*
find "$app" \( -name '*.d.ts' -o -name '*.d.mts' -o -name '*.d.cts' -o -name '*.map' \
  -o -name '*.tsbuildinfo' -o -iname 'CHANGELOG*' -o -iname 'README*' -o -iname 'HISTORY.md' \) \
  -type f -delete
# Links left dangling by the removals above.
find "$app/node_modules" -xtype l -delete
