#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests: created in a temporary directory, listening on a unix
# socket in it and on 127.0.0.1 at a free port, trust authentication, removed when stopped.
#
#   scripts/postgres-cluster.sh run -- <command…>   start, run the command with DATABASE_URL, stop
#   scripts/postgres-cluster.sh start <dir>         start in <dir>; prints DATABASE_URL=… on stdout
#   scripts/postgres-cluster.sh stop <dir>          stop the cluster started in <dir> and remove <dir>
#   scripts/postgres-cluster.sh restart <dir>       restart it (same port and socket): every connection drops
#
# initdb refuses to run as root: as root, the cluster belongs to the `postgres` user (runuser).
set -euo pipefail

find_bin() {
  if command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then
    dirname "$(command -v pg_ctl)"
    return
  fi
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [[ -z "$found" ]]; then
    echo "postgres-cluster: no initdb/pg_ctl found; install PostgreSQL (apt-get install -y postgresql)" >&2
    exit 1
  fi
  echo "$found"
}

# Runs a command as the cluster's owner: the postgres user when we are root, else ourselves.
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

start() {
  local dir=$1 bin port
  bin=$(find_bin)
  mkdir -p "$dir"
  chmod 755 "$dir"
  mkdir -p "$dir/data" "$dir/socket"
  if [[ $(id -u) -eq 0 ]]; then chown postgres:postgres "$dir/data" "$dir/socket"; fi
  as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust --no-sync >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; exit 1; }
  port=$(free_port)
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/data/server.log" -w -t 60 start \
    -o "-k $dir/socket -p $port -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" >/dev/null ||
    { cat "$dir/data/server.log" >&2; exit 1; }
  echo "$port" >"$dir/port"
  echo "DATABASE_URL=postgres://postgres@127.0.0.1:$port/postgres"
}

stop() {
  local dir=$1 bin
  [[ -d "$dir/data" ]] || { rm -rf "$dir"; return; }
  bin=$(find_bin)
  as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}

restart() {
  local dir=$1 bin
  bin=$(find_bin)
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/data/server.log" -m fast -w -t 60 restart >/dev/null ||
    { cat "$dir/data/server.log" >&2; exit 1; }
}

case "${1:-}" in
  start) start "${2:?usage: $0 start <dir>}" ;;
  restart) restart "${2:?usage: $0 restart <dir>}" ;;
  stop) stop "${2:?usage: $0 stop <dir>}" ;;
  run)
    shift
    [[ "${1:-}" == "--" ]] && shift
    dir=$(mktemp -d "${TMPDIR:-/tmp}/qbo-it-pg.XXXXXX")
    trap 'stop "$dir"; exit 130' INT TERM
    url=$(start "$dir")
    export "${url?}"
    echo "postgres-cluster: ${url} (in $dir)" >&2
    # Stopped here, not from an EXIT trap: after a failed command under errexit, that trap left the
    # cluster running (seen with a failing test run).
    status=0
    "$@" || status=$?
    stop "$dir"
    exit "$status"
    ;;
  *)
    echo "usage: $0 run -- <command…> | start <dir> | stop <dir>" >&2
    exit 2
    ;;
esac
