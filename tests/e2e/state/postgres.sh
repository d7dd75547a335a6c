#!/usr/bin/env bash
# The state commands against a real PostgreSQL server (started by mesh_test_postgres, $2):
# the same behaviour as SQLite, locks as advisory locks released by the server when the
# holder dies.
source "$(dirname "$0")/lib.sh"
SERVER=${2:?usage: postgres.sh MESH mesh_test_postgres}
coproc PG { "$SERVER"; }
# Closing its stdin stops and removes the server; it runs first on exit (CLEANUPS).
stop_pg() {
  if [[ -n ${PG_PID:-} ]]; then
    exec {PG[1]}>&- 2>/dev/null || true
    wait "$PG_PID" 2>/dev/null || true
  fi
}
CLEANUPS+=(stop_pg)
read -r -t 60 BASE <&"${PG[0]}" || fail "mesh_test_postgres did not start"
[[ $BASE == postgres://* ]] || fail "unexpected server URL: $BASE"
export MESH_STATE="$BASE?schema=e2e"

seed
run 0 state list
[[ $(cat "$WORK/stdout" | wc -l) == 4 ]] || fail "list: $(cat "$WORK/stdout")"
run 0 state show local_file.readme
expect '"token": "(sensitive)"'
run 0 state mv postgres_schema.orders postgres_schema.sales
run 0 state rm 'postgres_schema.sales["v2"]'
run 0 state history
expect "mesh state rm"
expect "alice@laptop  mesh apply"
run 0 output db_password --show-sensitive
[[ $(cat "$WORK/stdout") == hunter2 ]] || fail "output"
run 0 workspace new pr-7
run 0 workspace list
expect "  pr-7"
run 0 workspace delete pr-7

# Another schema is another namespace, with its own lock.
run 0 state list --state "$BASE?schema=other"
[[ ! -s "$WORK/stdout" ]] || fail "schema other is not empty"

# Export from PostgreSQL, import into SQLite: the same lineage and serial.
run 0 state export -o pg.json
run 0 state import pg.json --state "$WORK/copy.db"
run 0 state list --state "$WORK/copy.db" --json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["lineage"].startswith("0b7e6f52") and d["serial"]==5, d' "$WORK/stdout" ||
  fail "pg → sqlite copy: $(cat "$WORK/stdout")"

# Lock: one holder, the message, the other schema unaffected. Holders wait for the lock
# (--lock-timeout) since the probes below take it for a moment while it is free.
MESH_TEST_HOLD_LOCK_MS=20000 "$MESH" state rm local_directory.out --lock-timeout 30s >holder.out 2>&1 &
holder=$!
for _ in $(seq 100); do
  # A write that fails anyway (no such address) unless the lock stops it first.
  "$MESH" state rm local_file.none >probe.out 2>&1 || true
  grep -q "state is locked by" probe.out && break
  sleep 0.1
done
grep -qE "state is locked by .+ \(pid $holder, mesh state rm\) since " probe.out || fail "message: $(cat probe.out); holder: $(cat holder.out)"
run 0 workspace new other-ws --state "$BASE?schema=other"
kill -INT $holder
code=0
wait $holder || code=$?
[[ $code == 130 ]] || fail "SIGINT holder exited $code"
run 0 state mv local_directory.out local_directory.a

# kill -9: the server ends the session, and with it the advisory lock: never stale.
MESH_TEST_HOLD_LOCK_MS=20000 "$MESH" state rm local_directory.a >holder.out 2>&1 &
holder=$!
sleep 1
{
  kill -9 $holder
  wait $holder
} 2>/dev/null || true
run 0 state mv local_directory.a local_directory.b --lock-timeout 10s

# force-unlock of a live holder ends its session.
MESH_TEST_HOLD_LOCK_MS=30000 "$MESH" state rm local_directory.b --lock-timeout 30s >holder.out 2>&1 &
holder=$!
for _ in $(seq 100); do
  "$MESH" state rm local_file.none >probe.out 2>&1 || true
  grep -q "lock id: " probe.out && break
  sleep 0.1
done
id=$(sed -n 's/^lock id: //p' probe.out)
[[ ${#id} == 36 ]] || fail "no lock id: $(cat probe.out)"
run 0 force-unlock "$id"
run 0 state mv local_directory.b local_directory.c --lock-timeout 10s
kill -9 $holder 2>/dev/null || true
wait $holder 2>/dev/null || true

# Race: exactly one of six wins.
for i in 1 2 3 4 5 6; do
  MESH_TEST_HOLD_LOCK_MS=6000 "$MESH" state mv local_directory.c "local_directory.r$i" \
    >"race$i.out" 2>&1 &
done
winners=0
for job in $(jobs -p); do
  [[ $job == "$PG_PID" ]] && continue
  if wait "$job"; then winners=$((winners + 1)); fi
done
[[ $winners == 1 ]] || fail "race: $winners winners: $(cat race*.out)"
[[ $(grep -l "state is locked by" race*.out | wc -l) == 5 ]] || fail "losers: $(cat race*.out)"

echo ok
