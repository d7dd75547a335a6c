#!/usr/bin/env bash
# The real binary renders tests/golden/plan/review exactly as the golden files say (the same
# files the unit golden test checks), from a state restored with `mesh state import`.
source "$(dirname "$0")/lib.sh"
CASE=$SOURCE/tests/golden/plan/review
cp "$CASE"/main.mesh .
run 0 state import "$CASE/state.json"
run 0 plan --refresh=false
diff -u "$CASE/human.txt" "$OUT" || fail "human view differs from $CASE/human.txt"
run 0 plan --refresh=false --json
diff -u "$CASE/plan.json" "$OUT" || fail "JSON view differs from $CASE/plan.json"
run 0 plan --refresh=false --markdown
diff -u "$CASE/plan.md" "$OUT" || fail "Markdown view differs from $CASE/plan.md"
no_secret golden-s3cret "$OUT"
