#!/bin/sh
# The PostgreSQL tests start throwaway clusters from Debian's postgresql server binaries
# (/usr/lib/postgresql/<version>/bin). Install them when missing (as root, from apt); without
# root, stop and say how.
set -eu
if [ -n "${WA_PG_BIN:-}" ] || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" != "0" ]; then
  echo "PostgreSQL's server binaries are missing, and the PostgreSQL tests need them." >&2
  echo "Install them as root: apt-get update && apt-get install -y postgresql (or set WA_PG_BIN)." >&2
  exit 1
fi
echo "Installing PostgreSQL (apt-get install -y postgresql) for the PostgreSQL tests..."
apt-get update
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql
ls /usr/lib/postgresql/*/bin/initdb
