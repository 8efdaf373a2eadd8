#!/usr/bin/env bash
# Runs the CI recipes for real (scripts/ci_recipes.py): the shell steps of action.yml and every
# command of docs/ci.md (GitHub Actions, GitLab CI, Azure Pipelines, Jenkins, Concourse),
# against temporary git repositories, on a clean change and on one adding a fake credential.
#
#   scripts/test-ci-recipes.sh
#
# The recipes install clearance with `cargo install --git`: from a bare copy of this checkout's
# HEAD, so only COMMITTED code is tested. CARGO_TARGET_DIR is shared with the release build
# below, so those installs reuse its compiled dependencies. Needs git, cargo, python3 (venv;
# PyPI for the first run of scripts/test-tools.sh).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
if ! git diff --quiet HEAD -- src patterns Cargo.toml Cargo.lock action.yml docs/ci.md; then
    echo "note: uncommitted changes: the recipes install clearance from HEAD $(git rev-parse --short HEAD)"
fi
python=$("$root/scripts/test-tools.sh")
cargo build --release --locked --quiet
target_dir=$(cargo metadata --format-version 1 --no-deps \
    | "$python" -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
export CARGO_TARGET_DIR="$target_dir"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$python" "$root/scripts/ci_recipes.py" --source "$root" --clearance "$target_dir/release/clearance" \
    --work "$work" --python "$python"
