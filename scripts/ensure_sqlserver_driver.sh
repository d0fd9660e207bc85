#!/usr/bin/env bash
# libltdl7 (Debian package), which the mssql-python driver that dbt-sqlserver uses loads at run
# time. `make check-sqlserver` needs no server; this only makes the driver importable.
set -u
if ldconfig -p 2>/dev/null | grep -q 'libltdl\.so\.7'; then
  exit 0
fi
if [ "$(id -u)" != "0" ]; then
  echo "ensure_sqlserver_driver: not root, cannot apt-get install libltdl7; install it to connect to SQL Server" >&2
  exit 0
fi
echo "ensure_sqlserver_driver: installing libltdl7 (apt-get install libltdl7)"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null 2>&1 || true
if ! apt-get install -y -qq libltdl7 >/dev/null 2>&1; then
  echo "ensure_sqlserver_driver: apt-get install libltdl7 failed; connecting to SQL Server will fail" >&2
fi
exit 0
