#!/usr/bin/env bash
# Starts or stops the throw-away PostgreSQL server the database tests use (CTest fixture).
#   tests/pgserver.sh start STATEFILE   initdb in a new temporary directory, start on a free
#                                       loopback port, write "DIR PORT" to STATEFILE
#   tests/pgserver.sh stop STATEFILE    stop it and delete the directory
# The server listens on 127.0.0.1 only, with wal_level=logical (replication tests), fsync off
# (it is thrown away) and password authentication (scram-sha-256) for the superuser "ferry",
# whose password the tests read from DIR/password and pass through PGPASSWORD.
# PostgreSQL refuses to run as root: as root, the server runs as the "postgres" user.
set -euo pipefail

action=${1:?start|stop}
state=${2:?state file}

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$bindir/initdb" ] || { echo "pgserver.sh: PostgreSQL server binaries not found" >&2; exit 1; }

as_server() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

case "$action" in
start)
    if [ -f "$state" ]; then "$0" stop "$state" || true; fi
    dir=$(mktemp -d /tmp/ferry-pg.XXXXXX)
    chmod 755 "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
    echo "ferry-test-$RANDOM$RANDOM" > "$dir/password"
    chmod 644 "$dir/password"
    as_server "$bindir/initdb" -D "$dir/data" -U ferry --pwfile="$dir/password" \
        --auth-host=scram-sha-256 --auth-local=trust --locale=C.UTF-8 -E UTF8 >"$dir/initdb.log" 2>&1 ||
        { cat "$dir/initdb.log" >&2; exit 1; }
    # A free port: the first one nothing answers on.
    port=""
    for p in $(seq 54400 54499); do
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then port=$p; break; fi
    done
    [ -n "$port" ] || { echo "pgserver.sh: no free port in 54400-54499" >&2; exit 1; }
    as_server "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c wal_level=logical -c fsync=off \
            -c synchronous_commit=off -c full_page_writes=off -c max_wal_senders=10 \
            -c max_replication_slots=10 -c max_connections=100" start >/dev/null ||
        { cat "$dir/server.log" >&2; exit 1; }
    echo "$dir $port" > "$state"
    echo "PostgreSQL test server on 127.0.0.1:$port ($dir)"
    ;;
stop)
    [ -f "$state" ] || exit 0
    read -r dir port < "$state"
    if [ -d "$dir/data" ]; then
        as_server "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    case "$dir" in /tmp/ferry-pg.*) rm -rf "$dir" ;; esac
    rm -f "$state"
    ;;
*)
    echo "usage: $0 start|stop STATEFILE" >&2
    exit 2
    ;;
esac
