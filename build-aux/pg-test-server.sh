#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# A private, throwaway PostgreSQL cluster for the core tests.
#
#   build-aux/pg-test-server.sh start DIR   # prints an export line on stdout
#   build-aux/pg-test-server.sh stop DIR    # stops the server, removes DIR
#   build-aux/pg-test-server.sh status DIR
#
# DIR must be new or empty. The cluster listens on 127.0.0.1 only, on a free
# port found now, with its Unix socket in DIR/socket (mode 0700). TCP logins
# need scram-sha-256; the tests log in as role certassur_test (LOGIN CREATEDB
# CREATEROLE, not superuser) with a password generated here. The line printed
# by start, also kept in DIR/env, is:
#
#   export CERTASSUR_TEST_POSTGRESQL=postgresql://certassur_test:PW@127.0.0.1:PORT/postgres
#
# so `eval "$(build-aux/pg-test-server.sh start /tmp/cas-pg)"` sets it.
# initdb and postgres refuse to run as root: as root, the cluster belongs to
# the `postgres` system user; otherwise to the user running this script.
# Fast but unsafe settings (fsync=off): test data only.

set -euo pipefail

ROLE=certassur_test
MARKER=.certassur-pg-test-server

say () {
  echo "pg-test-server: $*" >&2
}

die () {
  say "$*"
  exit 1
}

usage () {
  echo "usage: $0 start|stop|status DIR" >&2
  exit 2
}

find_bindir () {
  local dir

  if [ -n "${PG_BINDIR:-}" ]; then
    echo "$PG_BINDIR"
    return
  fi
  # The newest installed server; Debian 12 has 15
  dir=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  if [ ! -x "$dir/initdb" ]; then
    die "no PostgreSQL server under /usr/lib/postgresql (apt-get install postgresql)"
  fi
  echo "$dir"
}

# Runs a command as the owner of the cluster
as_owner () {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

free_port () {
  /usr/bin/python3 -c '
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
}

cmd_start () {
  local dir=$1 bindir password port started=0 attempt

  bindir=$(find_bindir)
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  [ -z "$(ls -A "$dir")" ] || die "$dir is not empty"

  if [ "$(id -u)" -eq 0 ]; then
    id postgres > /dev/null 2>&1 || die "no postgres user (apt-get install postgresql)"
    chown postgres:postgres "$dir"
    runuser -u postgres -- test -w "$dir" \
      || die "user postgres cannot write to $dir (is a parent folder private?)"
  fi
  chmod 0700 "$dir"
  as_owner touch "$dir/$MARKER"
  as_owner mkdir -m 0700 "$dir/socket"

  # Letters and digits only: nothing to escape in the address
  password=$(tr -dc 'A-Za-z0-9' < /dev/urandom | head -c 24 || true)
  [ ${#password} -eq 24 ] || die "could not generate a password"

  # The superuser logs in only through the private socket (trust: only the
  # owner can reach it); everything over TCP needs a password
  as_owner "$bindir/initdb" --pgdata="$dir/data" --username=postgres \
    --auth-local=trust --auth-host=scram-sha-256 --encoding=UTF8 \
    --locale=C.UTF-8 --no-instructions > "$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; die "initdb failed"; }

  # Another program may take the port between our probe and the server's
  # bind: try a few
  for attempt in 1 2 3 4 5; do
    port=$(free_port)
    as_owner tee "$dir/data/postgresql.auto.conf" > /dev/null <<EOF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir/socket'
unix_socket_permissions = 0700
password_encryption = 'scram-sha-256'
max_connections = 100
fsync = off
synchronous_commit = off
full_page_writes = off
logging_collector = off
log_min_messages = warning
EOF
    if as_owner "$bindir/pg_ctl" --pgdata="$dir/data" --log="$dir/server.log" \
         --wait --timeout=60 start > /dev/null; then
      started=1
      break
    fi
    say "server did not start on port $port (attempt $attempt)"
  done
  if [ $started -eq 0 ]; then
    tail -n 30 "$dir/server.log" >&2 || true
    die "could not start the server"
  fi

  # The password goes through stdin, not the command line
  as_owner "$bindir/psql" --no-psqlrc --quiet -v ON_ERROR_STOP=1 \
    --host="$dir/socket" --port="$port" --username=postgres --dbname=postgres \
    > /dev/null <<EOF || { stop_server "$dir" "$bindir"; die "could not create role $ROLE"; }
CREATE ROLE $ROLE LOGIN CREATEDB CREATEROLE PASSWORD '$password';
EOF

  local address="postgresql://$ROLE:$password@127.0.0.1:$port/postgres"
  # The tests connect over TCP with the password, like the application
  PGPASSWORD=$password "$bindir/psql" --no-psqlrc --quiet --tuples-only --no-align \
    --host=127.0.0.1 --port="$port" --username=$ROLE --dbname=postgres \
    --command='SELECT 1' > /dev/null \
    || { stop_server "$dir" "$bindir"; die "cannot log in as $ROLE over TCP"; }

  echo "export CERTASSUR_TEST_POSTGRESQL=$address" | as_owner tee "$dir/env" > /dev/null
  say "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port," \
      "data in $dir; stop with: $0 stop $dir"
  cat "$dir/env"
}

stop_server () {
  local dir=$1 bindir=$2

  if [ -f "$dir/data/postmaster.pid" ]; then
    as_owner "$bindir/pg_ctl" --pgdata="$dir/data" --mode=fast --wait --timeout=60 \
      stop > /dev/null \
      || as_owner "$bindir/pg_ctl" --pgdata="$dir/data" --mode=immediate stop > /dev/null \
      || say "could not stop the server in $dir"
  fi
}

cmd_stop () {
  local dir=$1

  [ -d "$dir" ] || { say "$dir does not exist"; return 0; }
  [ -e "$dir/$MARKER" ] || die "$dir was not made by $0: not touching it"
  stop_server "$dir" "$(find_bindir)"
  rm -rf "$dir"
}

cmd_status () {
  local dir=$1

  [ -e "$dir/$MARKER" ] || die "$dir is not a test server folder"
  as_owner "$(find_bindir)/pg_ctl" --pgdata="$dir/data" status
}

[ $# -eq 2 ] || usage
case "$1" in
  start) cmd_start "$2" ;;
  stop) cmd_stop "$2" ;;
  status) cmd_status "$2" ;;
  *) usage ;;
esac
