#!/usr/bin/env bash
# clearance as a hook of the pre-commit framework, the way a user consumes it: a consumer
# repository's .pre-commit-config.yaml names THIS checkout at its HEAD commit, pre-commit
# clones it and builds it with `cargo install` (language: rust), then git runs it.
#
#   scripts/test-precommit.sh
#
# Only COMMITTED code is tested (pre-commit clones `rev`). Needs python3 (venv), git, cargo,
# and PyPI + crates.io for the first install. One build, reused by every check.
#
# Checks:
#   (a) a commit adding a fake credential is blocked, and the first line of the hook's output
#       names the rule and file:line
#   (b) a clean commit passes
#   (c) `pre-commit run --all-files` scans every file of the repository, and says how many
#   (d) pre-push: a first push to an empty remote passes when the history is clean
#   (e) pre-push: a new branch whose tip is clean but one of whose commits added a credential
#       (committed with --no-verify) is blocked, naming the file and commit
#   (f) pre-push: the same branch pushed as the first push to another empty remote is blocked
set -euo pipefail

PRE_COMMIT_VERSION=4.7.0

checkout=$(cd "$(dirname "$0")/.." && pwd)
rev=$(git -C "$checkout" rev-parse HEAD)
if ! git -C "$checkout" diff --quiet HEAD -- src patterns Cargo.toml .pre-commit-hooks.yaml; then
    echo "note: uncommitted changes in $checkout are NOT tested; pre-commit builds $rev"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fail() {
    echo "FAIL: $*" >&2
    if [ -n "${out:-}" ] && [ -f "$out" ]; then
        echo "---- output ----" >&2
        cat "$out" >&2
        echo "----------------" >&2
    fi
    exit 1
}

echo "== pre-commit $PRE_COMMIT_VERSION in a venv"
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check "pre-commit==$PRE_COMMIT_VERSION"
pc="$work/venv/bin/pre-commit"
"$pc" --version

export PRE_COMMIT_HOME="$work/pre-commit-home"
export PRE_COMMIT_COLOR=never
export GIT_CONFIG_NOSYSTEM=1

fake_aws_key() {
    python3 -c 'import secrets; print("AKIA" + "".join(secrets.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(16)))'
}

# The first line of the hook's output in a pre-commit report: after `- hook id:`, skip
# pre-commit's other `- ...` lines and the blank line.
first_hook_line() {
    awk '/^- hook id: clearance$/ { on = 1; next }
         on && /^- / { next }
         on && NF { print; exit }' "$1"
}

consumer="$work/consumer"
git init -q -b main "$consumer"
cd "$consumer"
git config user.name "pre-commit test"
git config user.email "test@example.invalid"
git config commit.gpgsign false
cat > .pre-commit-config.yaml <<EOF
repos:
-   repo: $checkout
    rev: $rev
    hooks:
    -   id: clearance
EOF
mkdir -p src docs config
printf '# consumer\n\nA repository that uses clearance through pre-commit.\n' > README.md
printf 'def main():\n    print("hello")\n' > src/app.py
printf 'Notes\n=====\n\nNothing sensitive here.\n' > docs/notes.md
printf '# settings\nREGION=eu-west-2\n' > config/app.env
git add -A
git commit -q -m "initial"

echo "== pre-commit install (pre-commit and pre-push) and build the hook at $rev"
"$pc" install -t pre-commit -t pre-push
started=$(date +%s)
"$pc" install-hooks
echo "   built in $(( $(date +%s) - started )) s"

echo "== (a) a commit adding a fake credential is blocked; the first line names rule and file:line"
key=$(fake_aws_key)
printf '# settings\nREGION=eu-west-2\nAWS_ACCESS_KEY_ID=%s\n' "$key" > config/app.env
git add config/app.env
head_before=$(git rev-parse HEAD)
out="$work/a.out"
if git commit -m "add the key" > "$out" 2>&1; then
    fail "(a) the commit carrying a credential went through"
fi
[ "$(git rev-parse HEAD)" = "$head_before" ] || fail "(a) HEAD moved"
first=$(first_hook_line "$out")
echo "   first line: $first"
case "$first" in
    "clearance: BLOCKED "*"first: config/app.env:3 aws-access-key-id"*) ;;
    *) fail "(a) the first line of the hook's output does not name config/app.env:3 and the rule" ;;
esac
if grep -qF "$key" "$out"; then
    fail "(a) the credential was printed in full"
fi

echo "== (b) a clean commit passes"
printf '# settings\nREGION=eu-west-2\nAWS_PROFILE=deploy\n' > config/app.env
git add config/app.env
out="$work/b.out"
git commit -m "add a profile" > "$out" 2>&1 || fail "(b) the clean commit was blocked"
grep -q '^clearance (secrets & PII)\.*Passed$' "$out" || fail "(b) no Passed line"
echo "   $(grep 'clearance (secrets' "$out")"

echo "== (c) pre-commit run --all-files scans every file"
files=$(git ls-files | wc -l | tr -d ' ')
out="$work/c.out"
"$pc" run --all-files --verbose clearance > "$out" 2>&1 || fail "(c) --all-files failed"
verdict=$(grep '^clearance: ' "$out" | tail -n 1)
echo "   $files files in the repository; verdict: $verdict"
case "$verdict" in
    "clearance: PASSED $files files whole"*) ;;
    *) fail "(c) the verdict does not say $files files were scanned" ;;
esac

echo "== (d) pre-push: a first push to an empty remote passes when the history is clean"
git init -q --bare "$work/origin.git"
git remote add origin "$work/origin.git"
out="$work/d.out"
git push -q -u origin main > "$out" 2>&1 || fail "(d) the first push of a clean main was blocked"
grep -q '^clearance (secrets & PII)\.*Passed$' "$out" || fail "(d) the hook did not run"

echo "== (e) pre-push: a new branch with a credential in a middle commit is blocked"
git checkout -q -b feature
key=$(fake_aws_key)
printf 'AWS_ACCESS_KEY_ID=%s\n' "$key" > config/deploy.env
git add config/deploy.env
git commit -q --no-verify -m "deploy settings"
leak=$(git rev-parse HEAD)
printf 'AWS_PROFILE=deploy\n' > config/deploy.env
git add config/deploy.env
git commit -q -m "use a profile instead" > "$work/e-commit.out" 2>&1 || fail "(e) the clean commit was blocked"
out="$work/e.out"
if git push -q origin feature > "$out" 2>&1; then
    fail "(e) the push carrying a credential in its history went through"
fi
first=$(first_hook_line "$out")
echo "   first line: $first"
case "$first" in
    "clearance: BLOCKED "*"first: config/deploy.env@${leak:0:10}:1 aws-access-key-id"*) ;;
    *) fail "(e) the first line does not name config/deploy.env in commit ${leak:0:10}" ;;
esac
grep -q "scanned 2 commits in " "$out" || fail "(e) the verdict does not say 2 commits were scanned"

echo "== (f) pre-push: the same branch as a first push to another empty remote is blocked"
git init -q --bare "$work/mirror.git"
git remote add mirror "$work/mirror.git"
out="$work/f.out"
if git push -q mirror feature > "$out" 2>&1; then
    fail "(f) the first push carrying a credential in its history went through"
fi
grep -q "first: config/deploy.env@${leak:0:10}:1 aws-access-key-id" "$out" \
    || fail "(f) the output does not name config/deploy.env in commit ${leak:0:10}"
grep -q "not yet on mirror" "$out" || fail "(f) the verdict does not say what was scanned"
echo "   $(grep '^clearance: BLOCKED' "$out" | tail -n 1 | sed 's/\. Next: .*//')"

echo "pre-commit: 6 passed, 0 failed"
