#!/usr/bin/env bash
# PostgreSQL 15 server binaries for the warehouse tests (Debian package). The tests start their
# own throwaway server on a free localhost port; nothing is left running.
set -u
if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" != "0" ]; then
  echo "ensure_postgres: not root, cannot apt-get install postgresql; the PostgreSQL tests will be skipped" >&2
  exit 0
fi
echo "ensure_postgres: installing PostgreSQL (apt-get install postgresql)"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null 2>&1 || true
if ! apt-get install -y -qq postgresql >/dev/null 2>&1; then
  echo "ensure_postgres: apt-get install postgresql failed; the PostgreSQL tests will be skipped" >&2
fi
exit 0
