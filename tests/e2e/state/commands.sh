#!/usr/bin/env bash
# Every state command against a real SQLite state file, seeded through `mesh state import`.
source "$(dirname "$0")/lib.sh"

# Nothing there yet: read commands say so and create nothing.
run 1 state list
expect "no state file at ./.mesh/state.db"
[[ ! -e .mesh ]] || fail "a read command created .mesh"

seed
expect "Imported 4 resource instances and 3 outputs into workspace default"
expect "serial 3"
[[ $(stat -c %a .mesh/state.db) == 600 ]] || fail "state file mode $(stat -c %a .mesh/state.db)"
[[ $(stat -c %a .mesh) == 700 ]] || fail ".mesh mode $(stat -c %a .mesh)"

run 0 state list
[[ $(cat "$WORK/stdout") == 'local_directory.out
local_file.readme
postgres_schema.orders["v1"]
postgres_schema.orders["v2"]' ]] || fail "state list: $(cat "$WORK/stdout")"
run 0 state list --json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["serial"]==3 and d["lineage"].startswith("0b7e6f52") and len(d["resources"])==4, d' "$WORK/stdout" ||
  fail "state list --json"

# show: sensitive attributes are redacted unless asked.
run 0 state show local_file.readme
expect '"token": "(sensitive)"'
expect_not "s3cret-token"
expect "prevent_destroy = true"
expect 'depends_on = ["local_directory.out"]'
expect "expires    = 2025-11-28T20:03:11Z"
run 0 state show local_file.readme --show-sensitive
expect '"token": "s3cret-token"'
run 0 state show local_file.readme --json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["attributes"]["token"]=="(sensitive)" and d["address"]=="local_file.readme", d' "$WORK/stdout" ||
  fail "state show --json"
run 1 state show local_file.nope
expect "error: no resource local_file.nope in state (workspace default)"

# output
run 0 output
expect 'db_password = "(sensitive)"'
expect 'url = "http://localhost:8080"'
expect 'schemas = ["sales_orders_v1","sales_orders_v2"]'
expect_not hunter2
run 0 output url
[[ $(cat "$WORK/stdout") == "http://localhost:8080" ]] || fail "output url: $(cat "$WORK/stdout")"
run 0 output db_password
[[ $(cat "$WORK/stdout") == "(sensitive)" ]] || fail "sensitive output printed"
run 0 output db_password --show-sensitive
[[ $(cat "$WORK/stdout") == "hunter2" ]] || fail "output --show-sensitive"
run 0 output --json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["db_password"]=={"value":"(sensitive)","sensitive":True} and d["schemas"]["value"][1]=="sales_orders_v2", d' "$WORK/stdout" ||
  fail "output --json"
run 1 output nope
expect 'error: no output "nope" in state'

# mv and rm, recorded in history.
run 0 state mv postgres_schema.orders postgres_schema.sales
expect "Moved postgres_schema.orders to postgres_schema.sales (2 instances)."
run 0 state mv local_directory.out local_directory.build
run 1 state mv local_file.nope local_file.other
expect "error: no resource in state (workspace default) matches local_file.nope"
run 1 state mv local_file.readme local_directory.build
expect "is already in state"
run 0 state rm 'postgres_schema.sales["v2"]'
expect "Removed 1 resource instance from state (workspace default). Nothing was destroyed."
run 1 state rm local_file.readme local_file.nope
expect "matches local_file.nope"
run 0 state list
[[ $(cat "$WORK/stdout" | tr '\n' ' ') == 'local_directory.build local_file.readme postgres_schema.sales["v1"] ' ]] ||
  fail "after mv/rm: $(cat "$WORK/stdout")"

run 0 state history
head -1 "$WORK/stdout" | grep -qE '^serial 6  [0-9T:-]+Z  .+@.+  mesh state rm$' || fail "history head: $(head -1 "$WORK/stdout")"
expect '- postgres_schema.sales["v2"]  deleted removed from state'
expect '> postgres_schema.sales["v1"]  moved from postgres_schema.orders["v1"]'
expect "serial 3  2025-11-28T12:03:11Z  alice@laptop  mesh apply"
run 0 state history 'postgres_schema.sales["v1"]'
expect "mesh state mv"
expect_not "mesh state rm"
run 0 state history --json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert [e["serial"] for e in d]==[3,4,5,6], d' "$WORK/stdout" ||
  fail "history --json"

# export → import round trip into another workspace, and into another file via MESH_STATE.
run 0 state export -o backup.json
[[ $(stat -c %a backup.json) == 600 ]] || fail "export file mode"
run 0 state import backup.json -w restored
run 0 state list -w restored
[[ $(cat "$WORK/stdout" | wc -l) == 3 ]] || fail "restored list"
run 1 state import backup.json
expect "already has state (serial 6)"
MESH_STATE="sqlite://$WORK/copy/state.db" run 0 state import backup.json
[[ -f copy/state.db ]] || fail "MESH_STATE ignored"
run 0 state list --state "$WORK/copy/state.db"
expect 'postgres_schema.sales["v1"]'
run 1 state import "$HERE/lib.sh" -w broken
expect "not a mesh state export"

# workspaces
run 0 workspace list
[[ $(cat "$WORK/stdout") == '* default
  restored' ]] || fail "workspace list: $(cat "$WORK/stdout")"
run 0 workspace new pr-42
run 1 workspace new pr-42
expect "workspace pr-42 already exists"
MESH_WORKSPACE=pr-42 run 0 workspace list
expect "* pr-42"
run 1 workspace new "bad name"
expect 'invalid workspace name "bad name"'
run 1 workspace delete restored
expect "workspace restored still has 3 resources"
run 0 workspace delete restored --force
run 0 workspace delete pr-42
run 1 workspace delete default
expect "the default workspace cannot be deleted"
run 1 state list -w gone
expect "workspace gone does not exist"

# -C DIR finds DIR/.mesh/state.db.
mkdir elsewhere && cd elsewhere
run 0 state list -C ..
expect "local_file.readme"
cd ..

# A corrupt state file is refused, named, and left as it was.
head -c 3000 .mesh/state.db >broken.db
cp broken.db broken.before
run 1 state list --state broken.db
expect "broken.db"
cmp -s broken.db broken.before || fail "the corrupt file was modified"
echo "not a database" >text.db
run 1 state rm x --state text.db
expect "text.db is not a mesh state file"

# --help of each command has examples.
for cmd in "state" "state list" "state show" "state rm" "state mv" "state history" \
  "state export" "state import" "output" "workspace" "workspace new" "workspace delete" \
  "force-unlock"; do
  # shellcheck disable=SC2086
  run 0 $cmd --help
  expect "Examples:"
done
echo ok
