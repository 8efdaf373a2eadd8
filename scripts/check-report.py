#!/usr/bin/env python3
"""Checks a clearance report the way a CI system would read it.

    check-report.py schema SCHEMA.json REPORT.json   # JSON Schema validation (jsonschema)
    check-report.py junit REPORT.xml                 # well-formed JUnit XML; prints counts

Exit status 0 when valid, 1 with every error listed when not. Used by tests/reports.rs and
scripts/test-ci-recipes.sh (python from scripts/test-tools.sh).
"""

import json
import sys
import xml.etree.ElementTree as ET


def check_schema(schema_path, report_path):
    import jsonschema

    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    with open(report_path, encoding="utf-8") as f:
        report = json.load(f)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    validator = cls(schema, format_checker=cls.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(report), key=lambda e: list(e.absolute_path))
    for e in errors:
        where = "/".join(str(p) for p in e.absolute_path) or "(root)"
        print(f"{report_path}: {where}: {e.message}", file=sys.stderr)
    if errors:
        return 1
    print(f"{report_path}: valid against {schema.get('title', schema_path)}")
    return 0


def check_junit(report_path):
    root = ET.parse(report_path).getroot()
    if root.tag != "testsuites":
        print(f"{report_path}: root element is {root.tag}, not testsuites", file=sys.stderr)
        return 1
    cases = root.findall("./testsuite/testcase")
    counts = {
        "tests": len(cases),
        "failures": sum(1 for c in cases if c.find("failure") is not None),
        "errors": sum(1 for c in cases if c.find("error") is not None),
        "skipped": sum(1 for c in cases if c.find("skipped") is not None),
    }
    suite = root.find("testsuite")
    for key, n in counts.items():
        for element in (root, suite):
            if element.get(key) != str(n):
                print(
                    f"{report_path}: <{element.tag}> says {key}={element.get(key)}, counted {n}",
                    file=sys.stderr,
                )
                return 1
    print(json.dumps(counts, sort_keys=True))
    return 0


def main(argv):
    if len(argv) == 4 and argv[1] == "schema":
        return check_schema(argv[2], argv[3])
    if len(argv) == 3 and argv[1] == "junit":
        return check_junit(argv[2])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
