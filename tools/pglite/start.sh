#!/usr/bin/env bash
# Starts or stops PGlite (PostgreSQL compiled to WebAssembly) with pgvector on a loopback port, for the
# PostgreSQL store tests and .ci/run. No Docker and no system PostgreSQL needed: only node and npm.
#
#   tools/pglite/start.sh start [PORT]   installs (npm ci) when node_modules is absent, starts the server in the
#                                         background (PORT, or a free loopback port), waits until it accepts
#                                         connections, prints PORT=<port> PID=<pid> URL=<connection string>
#   tools/pglite/start.sh stop [PID]     stops the server started last (or the given pid)
#
# Environment: PGLITE_MAX_CONNECTIONS (default 16); PGLITE_EXTENSIONS (default @electric-sql/pglite-pgvector:vector;
# set it empty for a server without pgvector, as the store's missing-extension test does).
#
# State lives in tools/pglite/.run/ (pid, port, log). The database is in memory: every start is empty.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
run_dir="$here/.run"
server="$here/node_modules/@electric-sql/pglite-socket/dist/scripts/server.js"

die() { echo "pglite: $*" >&2; exit 1; }

free_port() {
    node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();});'
}

port_open() {
    node -e 'const c=require("net").connect({host:"127.0.0.1",port:+process.argv[1]});c.on("connect",()=>{c.end();process.exit(0)});c.on("error",()=>process.exit(1));' "$1"
}

# Installs into a folder of its own, then renames the finished node_modules into place. Several starts may run at once
# on a fresh clone (the tests start more than one server): each then sees either no node_modules or a complete one,
# never one that another start is still filling. A start that finishes second keeps the first one's copy.
install() {
    [[ -f "$server" ]] && return 0
    local staging
    staging="$(mktemp -d "$here/.install.XXXXXX")"
    cp "$here/package.json" "$here/package-lock.json" "$staging/"
    if ! (cd "$staging" && npm ci --no-audit --no-fund --loglevel=error >&2); then
        rm -rf "$staging"
        die "npm ci failed in $here"
    fi
    node -e 'try { require("fs").renameSync(process.argv[1], process.argv[2]); } catch (e) { if (e.code !== "ENOTEMPTY" && e.code !== "EEXIST") throw e; }' \
        "$staging/node_modules" "$here/node_modules" || { rm -rf "$staging"; die "could not move the installed packages into $here/node_modules"; }
    rm -rf "$staging"
    [[ -f "$server" ]] || die "the PGlite socket server script is missing: $server (delete $here/node_modules and start again)"
}

start() {
    command -v node >/dev/null || die "node is not installed (PGlite needs Node.js 18 or later, and npm)"
    command -v npm >/dev/null || die "npm is not installed (PGlite needs Node.js 18 or later, and npm)"
    install

    local port="${1:-}"
    [[ -n "$port" ]] || port="$(free_port)"
    mkdir -p "$run_dir"
    local log="$run_dir/server-$port.log"
    # --max-connections: PGlite is one single-user backend; the socket server queues the clients' queries onto it,
    # so several connections work, but their statements run one at a time.
    local extensions="${PGLITE_EXTENSIONS-@electric-sql/pglite-pgvector:vector}"
    local args=(--host=127.0.0.1 --port="$port" --max-connections="${PGLITE_MAX_CONNECTIONS:-16}")
    [[ -z "$extensions" ]] || args+=(--extensions="$extensions")
    nohup node "$server" "${args[@]}" >"$log" 2>&1 </dev/null &
    local pid=$!
    echo "$pid" >"$run_dir/pid"
    echo "$port" >"$run_dir/port"

    for _ in $(seq 1 300); do
        if ! kill -0 "$pid" 2>/dev/null; then
            cat "$log" >&2
            die "the server exited during start (log above)"
        fi
        if grep -q "listening" "$log" 2>/dev/null && port_open "$port"; then
            echo "PORT=$port PID=$pid URL=Host=127.0.0.1;Port=$port;Username=postgres;Password=postgres;Database=postgres"
            return 0
        fi
        sleep 0.2
    done
    kill "$pid" 2>/dev/null || true
    die "the server did not accept connections on 127.0.0.1:$port within 60 s (log: $log)"
}

stop() {
    local pid="${1:-}"
    [[ -n "$pid" ]] || pid="$(cat "$run_dir/pid" 2>/dev/null || true)"
    [[ -n "$pid" ]] || die "no server pid given and none recorded in $run_dir/pid"
    if kill "$pid" 2>/dev/null; then
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null || true
        echo "stopped $pid"
    else
        echo "not running: $pid"
    fi
}

case "${1:-}" in
    start) shift; start "$@" ;;
    stop) shift; stop "$@" ;;
    *) echo "usage: $0 start [PORT] | stop [PID]" >&2; exit 2 ;;
esac
