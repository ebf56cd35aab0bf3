#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests and developers.
#
#   scripts/pg-throwaway.sh start      # prints: DIR URL   (on one line, to stdout)
#   scripts/pg-throwaway.sh stop DIR   # stops the cluster and removes DIR
#
# The cluster lives in a fresh temporary directory, listens on 127.0.0.1 only, on a free
# port, with fsync off (its data is thrown away), and trusts local connections: never use
# it for anything that matters. PostgreSQL refuses to run as root, so when run as root the
# server runs as the `postgres` user (`runuser -u postgres`). Binaries are looked up in
# $PG_BIN, then /usr/lib/postgresql/*/bin (newest first), then $PATH.
#
# Exit codes: 0 started/stopped; 2 no PostgreSQL here (not installed, or root without a
# `postgres` user); 1 anything else. Messages go to stderr.
set -euo pipefail

say() { echo "pg-throwaway: $*" >&2; }

find_bin() {
    local d
    for d in ${PG_BIN:-} $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
            echo "$d"
            return 0
        fi
    done
    if command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then
        dirname "$(command -v initdb)"
        return 0
    fi
    return 1
}

# Run a PostgreSQL command as the user the server runs as.
as_pg() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

free_port() {
    python3 - <<'EOF' 2>/dev/null && return 0
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
EOF
    # Without python: a port in the dynamic range that nothing listens on.
    local p
    for _ in $(seq 50); do
        p=$((49152 + RANDOM % 16000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
            echo "$p"
            return 0
        fi
    done
    return 1
}

start() {
    local bin dir port
    if ! bin=$(find_bin); then
        say "no PostgreSQL found (looked in \$PG_BIN, /usr/lib/postgresql/*/bin and \$PATH)"
        exit 2
    fi
    if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
        say "running as root and there is no postgres user to run the server as"
        exit 2
    fi
    # /tmp, not $TMPDIR: the postgres user must be able to reach the directory.
    dir=$(mktemp -d /tmp/whosaid-pg.XXXXXX)
    chmod 755 "$dir"
    mkdir "$dir/data" "$dir/socket"
    if [ "$(id -u)" = 0 ]; then
        chown postgres: "$dir/data" "$dir/socket"
    fi
    if ! as_pg "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 \
        --locale=C.UTF-8 >"$dir/initdb.log" 2>&1; then
        say "initdb failed:"
        tail -n 20 "$dir/initdb.log" >&2
        rm -rf "$dir"
        exit 1
    fi
    port=$(free_port) || {
        say "no free port found"
        rm -rf "$dir"
        exit 1
    }
    if ! as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/data/server.log" -w -t 30 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir/socket -c fsync=off \
            -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        start >"$dir/pg_ctl.log" 2>&1; then
        say "the server did not start:"
        tail -n 20 "$dir/data/server.log" >&2 || true
        rm -rf "$dir"
        exit 1
    fi
    echo "$bin" >"$dir/bin"
    say "PostgreSQL running in $dir on 127.0.0.1:$port (stop it with: $0 stop $dir)"
    echo "$dir postgres://postgres@127.0.0.1:$port/postgres"
}

stop() {
    local dir=${1:?usage: $0 stop DIR}
    case "$dir" in
    /tmp/whosaid-pg.*) ;;
    *)
        say "refusing to remove $dir: not a directory this script created"
        exit 1
        ;;
    esac
    if [ -f "$dir/data/postmaster.pid" ]; then
        as_pg "$(cat "$dir/bin")/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 ||
            say "pg_ctl stop failed (the server may already be gone)"
    fi
    rm -rf "$dir"
}

case "${1:-}" in
start) start ;;
stop) stop "${2:-}" ;;
*)
    echo "usage: $0 start | $0 stop DIR" >&2
    exit 1
    ;;
esac
