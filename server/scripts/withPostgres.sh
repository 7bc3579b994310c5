#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL: initdb in a temp folder, a Unix socket only, removed on exit.
# Usage: server/scripts/withPostgres.sh <command...>   (the command sees DATABASE_URL)
set -euo pipefail

pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$pgbin" ]; then
  echo "withPostgres: Debian's postgresql is not installed (apt-get install postgresql)" >&2
  exit 1
fi

tmp=$(mktemp -d /tmp/td-pg.XXXXXX)
# initdb refuses to run as root: the cluster belongs to the postgres user when we are root.
as_owner=()
if [ "$(id -u)" -eq 0 ]; then
  chown postgres: "$tmp"
  as_owner=(runuser -u postgres --)
fi

stop() {
  "${as_owner[@]}" "$pgbin/pg_ctl" -D "$tmp/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap stop EXIT

"${as_owner[@]}" "$pgbin/initdb" -D "$tmp/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
# No TCP listener, fsync off: a test cluster that no other process can reach and nobody needs to survive a crash.
"${as_owner[@]}" "$pgbin/pg_ctl" -D "$tmp/data" -l "$tmp/postgres.log" -w \
  -o "-c listen_addresses='' -k $tmp -c fsync=off -c full_page_writes=off -c max_connections=200" start >/dev/null
echo "withPostgres: PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}') on socket $tmp"

export DATABASE_URL="postgresql://postgres@localhost/postgres?host=$tmp"
"$@"
