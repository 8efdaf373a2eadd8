#!/usr/bin/env bash
# Runs the CI recipes for real (scripts/ci_recipes.py): the shell steps of action.yml and every
# command of docs/ci.md (GitHub Actions, GitLab CI, Azure Pipelines, Jenkins, Concourse),
# against temporary git repositories, on a clean change and on one adding a fake credential.
#
#   scripts/test-ci-recipes.sh
#
# The recipes install clearance with `cargo install --git`: from a bare copy of this checkout's
# HEAD, so only COMMITTED code is tested. They share CARGO_TARGET_DIR, so the dependencies are
# compiled once. Needs git, cargo, python3 (venv; PyPI for the first run of
# scripts/test-tools.sh).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
if ! git diff --quiet HEAD -- src patterns Cargo.toml Cargo.lock action.yml docs/ci.md; then
    echo "note: uncommitted changes: the recipes install clearance from HEAD $(git rev-parse --short HEAD)"
fi
python=$("$root/scripts/test-tools.sh")
# The commands of docs/ci.md run the test build (already there after `cargo test`).
cargo build --locked --quiet
target_dir=$(cargo metadata --format-version 1 --no-deps \
    | "$python" -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
export CARGO_TARGET_DIR="$target_dir"
# The recipes' own `cargo install` builds use the release profile: unoptimised here (the same
# code, minutes faster to build on CI's 2 cores). Users get the optimised build.
export CARGO_PROFILE_RELEASE_OPT_LEVEL=0 CARGO_PROFILE_RELEASE_LTO=off
export CARGO_PROFILE_RELEASE_CODEGEN_UNITS=64
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$python" "$root/scripts/ci_recipes.py" --source "$root" --clearance "$target_dir/debug/clearance" \
    --work "$work" --python "$python"
