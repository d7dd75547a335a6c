#!/usr/bin/env bash
# mesh apply PLANFILE applies a saved plan once, and refuses it when state or configuration
# moved since it was made.
source "$(dirname "$0")/lib.sh"
cat >main.mesh <<'MESH'
variable "word" {
  type = string
}
resource "local_file" "f" {
  path    = "f.txt"
  content = var.word
}
MESH
run 0 plan --var word=hello --out first.plan
run 0 apply first.plan
expect 'local_file.f: Creation complete'
expect 'Apply complete! Resources: 1 added'
[[ $(cat f.txt) == hello ]] || fail "f.txt: $(cat f.txt)"
# The same plan again: it was made before the state existed.
run 1 apply first.plan
expect 'run mesh plan again'
# A plan made, then the state moves on before it is applied.
run 0 plan --var word=bye --out second.plan
run 0 apply --auto-approve --var word=other
run 1 apply second.plan
expect 'state changed since the plan was made'
[[ $(cat f.txt) == other ]] || fail "a refused plan changed f.txt"
# A plan whose configuration changed before the apply.
run 0 plan --var word=bye --out third.plan
sed -i 's/content = var.word/content = "${var.word}!"/' main.mesh
run 1 apply third.plan
expect 'configuration changed since the plan was made'
# Back to the planned configuration: the plan applies.
sed -i 's/content = "${var.word}!"/content = var.word/' main.mesh
run 0 apply third.plan
expect 'Apply complete! Resources: 0 added, 1 changed'
[[ $(cat f.txt) == bye ]] || fail "f.txt: $(cat f.txt)"
