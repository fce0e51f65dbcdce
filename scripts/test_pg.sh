#!/usr/bin/env bash
# The dossiers' tests on the PostgreSQL server Debian installed (scripts/check_system.py test),
# in a database of their own: as root (CI) only; elsewhere say how to run them.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" != 0 ] || ! command -v pg_lsclusters >/dev/null; then
  echo "Tests sur PostgreSQL ignorés : lancez make test-pg avec LITIGE_TEST_DATABASE_URL."
  exit 0
fi
read -r version cluster _ < <(pg_lsclusters -h | head -n 1)
pg_ctlcluster "$version" "$cluster" start 2>/dev/null || true
sql() { su postgres -c "psql -qtAc \"$1\""; }
[ "$(sql "SELECT 1 FROM pg_roles WHERE rolname = 'litige'")" = 1 ] \
  || sql "CREATE USER litige PASSWORD 'litige'"
[ "$(sql "SELECT 1 FROM pg_database WHERE datname = 'litige_test'")" = 1 ] \
  || su postgres -c "createdb -O litige litige_test"
LITIGE_TEST_DATABASE_URL=postgresql+psycopg://litige:litige@127.0.0.1/litige_test make test-pg
