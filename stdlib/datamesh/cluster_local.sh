#!/usr/bin/env bash
# The `local` driver of the stdlib `cluster` template (stdlib/datamesh/cluster.mesh): an ephemeral
# PostgreSQL instance of its own in a directory under `.mesh/`, listening on 127.0.0.1 only.
#
#   cluster_local.sh create|read|update|delete      (run by exec_command; docs/stdlib.md)
#
# Settings come from the environment (set by the template):
#   MESH_CLUSTER           the instance address, for messages (cluster.dev)
#   MESH_CLUSTER_DIR       the state directory (absolute); the data directory is DIR/data
#   MESH_CLUSTER_PORT      the TCP port on 127.0.0.1
#   MESH_CLUSTER_USER      the superuser to create
#   MESH_CLUSTER_VERSION   the PostgreSQL major version wanted ("" = the installed one)
#   MESH_CLUSTER_PASSWORD  the superuser's password (sensitive: never printed, never in argv)
#
# initdb and postgres refuse to run as root: as root, they run as the `postgres` OS user.
# The password reaches initdb through a 0600 file that is removed right after, and later
# changes go through a single-user backend reading SQL on stdin: never the command line.
# No Unix socket is opened (nothing to collide with, no path length limit): clients use TCP,
# and pg_hba.conf allows only 127.0.0.1 with scram-sha-256.
set -euo pipefail

op=${1:?usage: cluster_local.sh create|read|update|delete}
addr=${MESH_CLUSTER:-cluster}
dir=${MESH_CLUSTER_DIR:?MESH_CLUSTER_DIR is not set}
port=${MESH_CLUSTER_PORT:-}
user=${MESH_CLUSTER_USER:-postgres}
want=${MESH_CLUSTER_VERSION:-}
data=$dir/data
log=$dir/server.log

fail() {
  echo "$addr: $*" >&2
  exit 1
}

as_root=0
if [[ $(id -u) -eq 0 ]]; then as_root=1; fi

# Runs a command as the server's OS user (`postgres` when mesh runs as root).
as_pg() {
  if ((as_root)); then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# The server binaries: the wanted major version's, else pg_config's, else the newest installed.
# Debian keeps them in /usr/lib/postgresql/N/bin, off PATH. `find_bindir any` (read, delete)
# accepts another version than the wanted one: only create and update insist.
find_bindir() {
  local b=""
  if [[ -n $want && -x /usr/lib/postgresql/$want/bin/initdb ]]; then
    b=/usr/lib/postgresql/$want/bin
  elif command -v pg_config >/dev/null 2>&1 && [[ -x $(pg_config --bindir)/initdb ]]; then
    b=$(pg_config --bindir)
  else
    local best=-1 d v
    for d in /usr/lib/postgresql/*/bin; do
      v=${d#/usr/lib/postgresql/}
      v=${v%/bin}
      if [[ $v =~ ^[0-9]+$ && -x $d/initdb ]] && ((v > best)); then
        best=$v
        b=$d
      fi
    done
    if [[ -z $b ]] && command -v initdb >/dev/null 2>&1; then b=$(dirname "$(command -v initdb)"); fi
  fi
  [[ -n $b ]] || fail "PostgreSQL server binaries (initdb, pg_ctl) not found under" \
    "/usr/lib/postgresql/*/bin nor on PATH: install the postgresql package"
  bindir=$b
  server_version=$("$bindir/postgres" -V | sed -n 's/^postgres (PostgreSQL) \([0-9][0-9.]*\).*/\1/p')
  major=${server_version%%.*}
  if [[ ${1:-} != any && -n $want && $want != "$major" && $want != "$server_version" ]]; then
    fail "version = \"$want\" asks for PostgreSQL $want but the installed server is" \
      "$server_version ($bindir): install postgresql-$want or set version = \"$major\""
  fi
}

running() {
  [[ -f $data/PG_VERSION ]] && as_pg "$bindir/pg_ctl" status -D "$data" >/dev/null 2>&1
}

# Whether something accepts TCP connections on 127.0.0.1:PORT.
port_taken() {
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
}

port_message() {
  echo "port $port on 127.0.0.1 is already in use: set \`port\` on $addr to a free port"
}

# The settings mesh owns; rewritten on every start so that a changed port takes effect.
write_settings() {
  as_pg tee "$data/mesh.conf" >/dev/null <<EOF
# Written by mesh (stdlib/datamesh cluster, driver local) on every start: do not edit.
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = ''
password_encryption = 'scram-sha-256'
EOF
  as_pg tee "$data/pg_hba.conf" >/dev/null <<'EOF'
# Written by mesh (stdlib/datamesh cluster, driver local): TCP on loopback, passwords only.
host all all 127.0.0.1/32 scram-sha-256
EOF
}

# Sets the superuser's password with a single-user backend (the server must be stopped); the
# statement goes through stdin and its output is dropped, so the password is never shown.
set_password() {
  local quoted=${MESH_CLUSTER_PASSWORD//\'/\'\'}
  local ident=${user//\"/\"\"}
  if ! printf 'ALTER ROLE "%s" WITH PASSWORD '\''%s'\'';\n' "$ident" "$quoted" |
    as_pg "$bindir/postgres" --single -D "$data" -c exit_on_error=true postgres >/dev/null 2>&1; then
    fail "could not set the password of role \"$user\" in $data"
  fi
}

start() {
  if port_taken; then fail "$(port_message)"; fi
  if ! as_pg "$bindir/pg_ctl" start -w -t 60 -D "$data" -l "$log" >/dev/null 2>&1; then
    if grep -q "could not bind\|Address already in use" "$log" 2>/dev/null; then
      fail "$(port_message)"
    fi
    fail "the PostgreSQL server did not start; last lines of $log:
$(tail -n 5 "$log" 2>/dev/null)"
  fi
}

stop() {
  if running; then as_pg "$bindir/pg_ctl" stop -w -t 60 -m fast -D "$data" >/dev/null; fi
}

# As root the server's OS user must reach the directory through every parent.
check_reachable() {
  ((as_root)) || return 0
  getent passwd postgres >/dev/null ||
    fail "mesh runs as root but there is no \`postgres\` OS user to run the server as"
  local parent d
  parent=$(dirname "$dir")
  # mesh keeps `.mesh/` private (0700: state). The server's user needs only to pass through
  # it: the search bit for others (o+x, no listing) on `.mesh` and the folders below it on the
  # way; the files in it keep their own modes (state.db is 0600).
  d=$parent
  while [[ $d == */.mesh/* || $d == */.mesh ]]; do
    chmod o+x "$d"
    d=$(dirname "$d")
  done
  # shellcheck disable=SC2016  # $1 is expanded by the inner shell
  if ! runuser -u postgres -- sh -c 'cd "$1"' sh "$parent" 2>/dev/null; then
    fail "the PostgreSQL server runs as the OS user \`postgres\` (mesh runs as root), which cannot" \
      "reach $parent: make it and its parent directories traversable (chmod o+x), or run mesh as" \
      "another user"
  fi
}

# A new instance: initdb with the password from a private file, then start. Whatever this
# created is removed again when it fails.
init() {
  [[ $port =~ ^[0-9]+$ ]] || fail "no port given"
  [[ -n ${MESH_CLUSTER_PASSWORD:-} ]] || fail "\`password\` is required by the local driver"
  if port_taken; then fail "$(port_message)"; fi
  (umask 022 && mkdir -p "$(dirname "$dir")")
  check_reachable
  if [[ ! -d $dir ]]; then
    mkdir -m 0700 "$dir"
    # shellcheck disable=SC2064  # expand now: the cleanup must name this directory
    trap "rm -rf '$dir'" EXIT
  fi
  chmod 0700 "$dir"
  if ((as_root)); then chown postgres: "$dir"; fi
  local pwfile=$dir/.pwfile
  (umask 077 && printf '%s\n' "$MESH_CLUSTER_PASSWORD" >"$pwfile")
  if ((as_root)); then chown postgres: "$pwfile"; fi
  if ! as_pg "$bindir/initdb" -D "$data" -U "$user" --pwfile="$pwfile" --auth-host=scram-sha-256 \
    --auth-local=scram-sha-256 --encoding=UTF8 --locale=C --no-sync >"$dir/initdb.log" 2>&1; then
    rm -f "$pwfile"
    fail "initdb failed; last lines of $dir/initdb.log:
$(tail -n 5 "$dir/initdb.log")"
  fi
  rm -f "$pwfile"
  echo "include_if_exists = 'mesh.conf'" | as_pg tee -a "$data/postgresql.conf" >/dev/null
  write_settings
  start
  trap - EXIT
}

report() {
  printf '{"server_version":"%s","bindir":"%s"}\n' "$server_version" "$bindir"
}

case $op in
  create | update)
    find_bindir
    if [[ -f $data/PG_VERSION ]]; then
      # An instance that is already there (a reboot stopped it, state was lost, or the password
      # or port changed): keep its data, set the password and settings, (re)start it.
      [[ -n ${MESH_CLUSTER_PASSWORD:-} ]] || fail "\`password\` is required by the local driver"
      check_reachable
      stop
      set_password
      write_settings
      start
    else
      init
    fi
    report
    ;;
  read)
    # Gone (exit 3) when the directory or the server is: the next plan creates it again.
    [[ -f $data/PG_VERSION ]] || exit 3
    find_bindir any
    running || exit 3
    ;;
  delete)
    if [[ -f $data/PG_VERSION ]]; then
      find_bindir any
      stop
    fi
    rm -rf "$dir"
    ;;
  *)
    fail "unknown operation $op"
    ;;
esac
