#!/bin/sh
# Installs pnpm (pinned in package.json's packageManager) through npm, then the workspace.
set -eu
cd "$(dirname "$0")/.."
want=$(node -p "require('./package.json').packageManager.split('@')[1]")
if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm -v)" != "$want" ]; then
  npm install --global "pnpm@$want"
fi
# pnpm does not hand npm's `nodedir` setting to node-gyp. Where npm is set to build native addons
# against the local Node headers (machines that cannot download them), forward it explicitly.
nodedir=$(npm config get nodedir 2>/dev/null || true)
case "$nodedir" in
  "" | undefined | null) ;;
  *) export npm_config_nodedir="$nodedir" ;;
esac
pnpm install --frozen-lockfile
