#!/usr/bin/env bash
# Install and start the services the web platform's tests use, on this machine only:
# a PostgreSQL server listening on 127.0.0.1 with a database for the tests, and the
# Debian Chromium for the browser test. Idempotent: run it as often as you like.
#
# Prints the DATABASE_URL to export, e.g.
#   eval "$(bash scripts/ci_services.sh)"   # sets DATABASE_URL
set -euo pipefail

DB_NAME="${CLIMATEPLAN_TEST_DB:-climateplan}"
DB_USER="${CLIMATEPLAN_TEST_DB_USER:-climateplan}"
DB_PASSWORD="${CLIMATEPLAN_TEST_DB_PASSWORD:-climateplan-tests-only}"
PORT="${CLIMATEPLAN_TEST_DB_PORT:-5432}"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

need=()
command -v pg_ctlcluster >/dev/null 2>&1 || need+=(postgresql)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)  # plan document tests
fonts="$(fc-list 2>/dev/null || true)"  # captured: grep -q on a pipe would SIGPIPE under pipefail
grep -qi "loma\|garuda\|thai" <<<"$fonts" || need+=(fonts-thai-tlwg)
if [ "${#need[@]}" -gt 0 ]; then
  echo "installing ${need[*]} ..." >&2
  as_root apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${need[@]}" >&2
fi

version="$(ls /usr/lib/postgresql | sort -V | tail -1)"
clusters="$(pg_lsclusters -h || true)"
if ! awk '{print $1"/"$2}' <<<"$clusters" | grep -qx "${version}/main"; then
  as_root pg_createcluster "$version" main >&2
fi
# loopback only: nothing outside this machine can reach the test server
as_root sed -i "s/^#\?listen_addresses.*/listen_addresses = '127.0.0.1'/" \
  "/etc/postgresql/${version}/main/postgresql.conf"
as_root sed -i "s/^port = .*/port = ${PORT}/" "/etc/postgresql/${version}/main/postgresql.conf"
clusters="$(pg_lsclusters -h || true)"
if ! awk -v v="$version" '$1==v && $2=="main" {print $4}' <<<"$clusters" | grep -q online; then
  as_root pg_ctlcluster "$version" main start >&2
fi
for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p "$PORT" && break
  sleep 1
done

psql_admin() { as_root su postgres -c "psql -v ON_ERROR_STOP=1 -q -p ${PORT} $*"; }
has_role="$(psql_admin "-tAc \"SELECT 1 FROM pg_roles WHERE rolname='${DB_USER}'\"")"
[ "$has_role" = "1" ] || psql_admin "-c \"CREATE ROLE ${DB_USER} LOGIN PASSWORD '${DB_PASSWORD}' CREATEDB\"" >&2
has_db="$(psql_admin "-tAc \"SELECT 1 FROM pg_database WHERE datname='${DB_NAME}'\"")"
[ "$has_db" = "1" ] || psql_admin "-c \"CREATE DATABASE ${DB_NAME} OWNER ${DB_USER}\"" >&2

echo "export DATABASE_URL=postgres://${DB_USER}:${DB_PASSWORD}@127.0.0.1:${PORT}/${DB_NAME}"
