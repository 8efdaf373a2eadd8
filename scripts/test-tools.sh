#!/usr/bin/env bash
# Installs the Python tools the tests use, pinned, in a virtualenv, and prints the path of its
# python. Idempotent and quick when already installed.
#
#   export CLEARANCE_TEST_PYTHON="$(scripts/test-tools.sh)"
#   cargo test                      # tests/reports.rs validates SARIF and GitLab reports
#
# - jsonschema: validates `--format sarif` against the SARIF 2.1.0 schema and `--format gitlab`
#   against GitLab's secret-detection report schema (both in tests/data/schemas/).
# - PyYAML: scripts/test-ci-recipes.sh reads action.yml and the YAML recipes of docs/ci.md.
#
# Needs python3 with venv, and PyPI for the first install. The venv lives in
# $CLEARANCE_TEST_TOOLS (default: target/test-tools, ignored by git and by `clearance scan .`).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${CLEARANCE_TEST_TOOLS:-$root/target/test-tools}
requirements="jsonschema==4.23.0 PyYAML==6.0.2"
stamp="$dir/installed.txt"
if [ ! -x "$dir/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$requirements" ]; then
    rm -rf "$dir"
    python3 -m venv "$dir" >&2
    # shellcheck disable=SC2086
    "$dir/bin/pip" install --quiet --disable-pip-version-check $requirements >&2
    echo "$requirements" > "$stamp"
fi
"$dir/bin/python" -c 'import jsonschema, yaml' >&2
echo "$dir/bin/python"
