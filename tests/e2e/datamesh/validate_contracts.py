#!/usr/bin/env python3
"""Validates exported data contracts (*.odcs.yaml) and product descriptors (*.odps.yaml) against
the official JSON Schemas (draft 2019-09) next to this script, and prints one line per document.
Usage: validate_contracts.py DIR [MIN_CONTRACTS MIN_PRODUCTS]. Exits 1 on any invalid document or
when fewer documents than expected were found."""
import pathlib
import sys

import jsonschema
import yaml

HERE = pathlib.Path(__file__).resolve().parent
SCHEMAS = {
    ".odcs.yaml": HERE / "schemas" / "odcs-json-schema-v3.1.0.json",
    ".odps.yaml": HERE / "schemas" / "odps-json-schema-v1.0.0.json",
}


def validator(path):
    import json
    schema = json.loads(path.read_text())
    cls = jsonschema.validators.validator_for(schema)
    # Draft 2019-09 needs jsonschema >= 4.0 (Debian 12 has 4.10).
    assert cls is jsonschema.Draft201909Validator, f"{path.name}: unexpected draft {cls}"
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER if hasattr(cls, "FORMAT_CHECKER")
               else jsonschema.FormatChecker())


def main():
    root = pathlib.Path(sys.argv[1])
    want = [int(x) for x in sys.argv[2:4]] or [1, 1]
    validators = {suffix: validator(p) for suffix, p in SCHEMAS.items()}
    counts = {suffix: 0 for suffix in SCHEMAS}
    bad = 0
    for doc in sorted(root.rglob("*.yaml")):
        suffix = next((s for s in SCHEMAS if doc.name.endswith(s)), None)
        if suffix is None:
            continue
        counts[suffix] += 1
        data = yaml.safe_load(doc.read_text())
        errors = sorted(validators[suffix].iter_errors(data), key=lambda e: list(e.path))
        if errors:
            bad += 1
            for e in errors:
                print(f"INVALID {doc}: {'/'.join(map(str, e.path))}: {e.message}")
        else:
            print(f"valid {doc.relative_to(root)}")
    if counts[".odcs.yaml"] < want[0] or counts[".odps.yaml"] < want[1]:
        print(f"found {counts['.odcs.yaml']} contracts and "
              f"{counts['.odps.yaml']} descriptors, want at least {want[0]} and {want[1]}")
        return 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
