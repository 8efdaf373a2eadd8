#!/usr/bin/env bash
# Side-by-side benchmark of clearance against the peer scanners (gitleaks, Kingfisher).
#
#   scripts/bench-peers.sh            # all scenarios: dir (src-small, src-large), staged, history
#   scripts/bench-peers.sh --dir      # one scenario: --dir, --staged or --history (repeatable)
#   QUICK=1 scripts/bench-peers.sh    # dir on src-small only
#
# Needs the peers and corpora built by the shared bench scripts:
#   bash /work/shared/bench/install-peers.sh   # -> /tmp/peers/bin/{gitleaks,kingfisher,...}
#   bash /work/shared/bench/make-corpora.sh    # -> /tmp/corpora/{src-small,src-large,...,MANIFEST}
# and hyperfine (`apt-get install -y hyperfine`), GNU time (/usr/bin/time), python3.
#
# Environment:
#   CORPORA=/tmp/corpora  PEERS=/tmp/peers/bin  BENCH_SHARED=/work/shared/bench
#   OUT=/tmp/bench-out    RUNS=5               QUICK=0
#   CLEARANCE_REV=<rev>   benchmark a clean `git archive` snapshot of <rev> instead of the work tree
#   CLEARANCE_BIN=<path>  benchmark this binary, do not build
#
# Method: one untimed warm-up run per tool and corpus (fills the page cache and Kingfisher's
# compiled rule cache), then RUNS rounds; each round is one hyperfine call with `--runs 1` per
# tool, the tool order rotated every round, so machine noise is spread over all tools. Medians
# are computed from the hyperfine JSON exports. Peak RSS comes from one extra run per tool under
# `/usr/bin/time -v`. Findings are counted from the JSON reports of that run.
#
# The markdown report goes to stdout and $OUT/bench.md; progress goes to stderr; raw data
# (hyperfine exports, time -v output, reports, stderr logs) stays under $OUT/raw.
#
# Adding a scenario: write scenario_<name>() like scenario_dir() below (it must append rows to
# $OUT/raw/times.tsv, rss.tsv and findings.tsv through time_rounds/measure_rss/count_findings),
# and list it in SCENARIOS.
#
# Scenarios: `dir` scans src-small/src-large; `staged` scans the 20 staged edits of staged-repo
# (5,000 files) as a pre-commit hook would (20 timed runs per round: milliseconds are noisy);
# `history` scans every commit of history-repo and also checks that clearance finds every fake
# credential synth-history.py planted (taken from the added lines of `git log -p --all`).
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_SHARED=${BENCH_SHARED:-/work/shared/bench}
CORPORA=${CORPORA:-/tmp/corpora}
PEERS=${PEERS:-/tmp/peers/bin}
OUT=${OUT:-/tmp/bench-out}
RUNS=${RUNS:-5}
QUICK=${QUICK:-0}

TOOLS=(clearance gitleaks kingfisher)
SCENARIOS=()

log() { printf 'bench-peers: %s\n' "$*" >&2; }
die() { printf 'bench-peers: error: %s\n' "$*" >&2; exit 2; }

usage() {
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"
}

while [ $# -gt 0 ]; do
  case "$1" in
    --dir|--staged|--history) SCENARIOS+=("${1#--}") ;;
    -h|--help) usage; exit 0 ;;
    *) die "unknown argument: $1 (try --help)" ;;
  esac
  shift
done

[ ${#SCENARIOS[@]} -gt 0 ] || { if [ "$QUICK" = 1 ]; then SCENARIOS=(dir); else SCENARIOS=(dir staged history); fi; }
case "$RUNS" in ''|*[!0-9]*) die "RUNS must be a positive integer, got '$RUNS'" ;; esac
[ "$RUNS" -ge 1 ] || die "RUNS must be at least 1"

# ---------------------------------------------------------------------------------------------
# Preconditions

need_cmd() { command -v "$1" >/dev/null 2>&1 || die "$1 not found: $2"; }
need_cmd hyperfine "install it with: apt-get install -y hyperfine"
need_cmd python3 "python3 is needed to compute medians"
need_cmd cargo "a Rust toolchain is needed to build clearance"
[ -x /usr/bin/time ] || die "/usr/bin/time (GNU time) not found: apt-get install -y time"

for peer in gitleaks kingfisher; do
  [ -x "$PEERS/$peer" ] || die "peer '$peer' not found at $PEERS/$peer.
  Install the peers with:  bash $BENCH_SHARED/install-peers.sh   (or set PEERS=dir-with-binaries)"
done

if [ "$QUICK" = 1 ]; then CORPUS_LIST=(src-small); else CORPUS_LIST=(src-small src-large); fi
for scen in "${SCENARIOS[@]}"; do
  case "$scen" in
    staged) [ -d "$CORPORA/staged-repo/.git" ] || die "corpus $CORPORA/staged-repo missing (make-corpora.sh staged)" ;;
    history) [ -d "$CORPORA/history-repo/.git" ] || die "corpus $CORPORA/history-repo missing (make-corpora.sh history)" ;;
  esac
done
[ -f "$CORPORA/MANIFEST" ] || die "no corpus manifest at $CORPORA/MANIFEST.
  Build the corpora with:  bash $BENCH_SHARED/make-corpora.sh   (or set CORPORA=dir)"
for c in "${CORPUS_LIST[@]}"; do
  [ -d "$CORPORA/$c" ] || die "corpus $CORPORA/$c missing.
  Build the corpora with:  bash $BENCH_SHARED/make-corpora.sh   (or set CORPORA=dir)"
done

# ---------------------------------------------------------------------------------------------
# Build clearance

# Default: build the working tree. CLEARANCE_REV=<git rev> builds a `git archive` snapshot of that
# revision under $OUT/build instead (useful while the working tree is being edited);
# CLEARANCE_BIN=<path> skips the build and uses that binary.
if [ -n "${CLEARANCE_BIN:-}" ]; then
  CLEARANCE=$CLEARANCE_BIN
  CLEARANCE_ORIGIN="binary $CLEARANCE_BIN (not built by this script)"
elif [ -n "${CLEARANCE_REV:-}" ]; then
  rev=$(cd "$REPO_ROOT" && git rev-parse --verify "$CLEARANCE_REV^{commit}") || die "unknown revision $CLEARANCE_REV"
  snap="$OUT/build/src-${rev:0:12}"
  log "building clearance ${rev:0:12} (git archive snapshot in $snap, cargo build --release)"
  rm -rf "$snap"; mkdir -p "$snap"
  (cd "$REPO_ROOT" && git archive "$rev") | tar -x -C "$snap"
  (cd "$snap" && cargo build --release --quiet --target-dir "$OUT/build/target") || die "cargo build --release of $rev failed"
  CLEARANCE="$OUT/build/target/release/clearance"
  CLEARANCE_ORIGIN="git ${rev:0:12} (clean snapshot)"
else
  log "building clearance (cargo build --release) in $REPO_ROOT"
  (cd "$REPO_ROOT" && cargo build --release --quiet) || die "cargo build --release failed in $REPO_ROOT"
  CLEARANCE="$REPO_ROOT/target/release/clearance"
  dirty=$(cd "$REPO_ROOT" && git --no-optional-locks status --porcelain 2>/dev/null | wc -l)
  CLEARANCE_ORIGIN="working tree at git $(cd "$REPO_ROOT" && git rev-parse --short=12 HEAD 2>/dev/null || echo '?')"
  [ "$dirty" = 0 ] || CLEARANCE_ORIGIN+=" + $dirty uncommitted change(s)"
fi
[ -x "$CLEARANCE" ] || die "$CLEARANCE not found or not executable"

mkdir -p "$OUT/raw"
RAW="$OUT/raw"
: >"$RAW/times.tsv"     # scenario corpus tool round wall_s user_s sys_s
: >"$RAW/rss.tsv"       # scenario corpus tool max_rss_kb
: >"$RAW/recall.tsv"    # scenario corpus tool planted found
: >"$RAW/findings.tsv"  # scenario corpus tool findings bytes_scanned
# Run every tool from an empty scratch directory: gitleaks reads .gitleaksignore from the cwd
# and clearance looks for a .clearance.toml; neither must come from this repository.
SCRATCH="$RAW/cwd"
rm -rf "$SCRATCH"; mkdir -p "$SCRATCH"

q() { printf '%q' "$1"; }

# ---------------------------------------------------------------------------------------------
# Tools: tool_cmd TOOL TARGET REPORT -> a shell command line. Each succeeds (status 0) exactly when
# the tool ran without error, whether or not it found something.

tool_cmd() {
  local scen=$1 tool=$2 target=$3 report=$4
  case "$scen/$tool" in
    dir/clearance)  # 0 nothing found, 1 findings, 2 error
      printf '%s scan %s --format json -o %s -q; s=$?; [ $s -le 1 ]' \
        "$(q "$CLEARANCE")" "$(q "$target")" "$(q "$report")" ;;
    dir/gitleaks)   # never give -r a device (see PEERS.md); --exit-code 0 so findings are not failures
      printf '%s dir %s --no-banner --exit-code 0 -f json -r %s' \
        "$(q "$PEERS/gitleaks")" "$(q "$target")" "$(q "$report")" ;;
    dir/kingfisher) # 0 nothing found, 200 findings
      printf '%s scan --no-validate --no-update-check -q -f json -o %s %s; s=$?; [ $s -eq 0 ] || [ $s -eq 200 ]' \
        "$(q "$PEERS/kingfisher")" "$(q "$report")" "$(q "$target")" ;;
    staged/clearance)
      printf 'cd %s && %s scan --staged --format json -o %s -q; s=$?; [ $s -le 1 ]' \
        "$(q "$target")" "$(q "$CLEARANCE")" "$(q "$report")" ;;
    staged/gitleaks)
      printf 'cd %s && %s git --staged . --no-banner --exit-code 0 -f json -r %s' \
        "$(q "$target")" "$(q "$PEERS/gitleaks")" "$(q "$report")" ;;
    staged/kingfisher)
      printf 'cd %s && %s scan --no-validate --no-update-check -q -f json --staged -o %s .; s=$?; [ $s -eq 0 ] || [ $s -eq 200 ]' \
        "$(q "$target")" "$(q "$PEERS/kingfisher")" "$(q "$report")" ;;
    history/clearance)
      printf 'cd %s && %s scan --history --format json -o %s -q; s=$?; [ $s -le 1 ]' \
        "$(q "$target")" "$(q "$CLEARANCE")" "$(q "$report")" ;;
    history/gitleaks)
      printf '%s git %s --no-banner --exit-code 0 -f json -r %s' \
        "$(q "$PEERS/gitleaks")" "$(q "$target")" "$(q "$report")" ;;
    history/kingfisher) # REPO/.git: history only, not the work tree files
      printf '%s scan --no-validate --no-update-check -q -f json --git-history full -o %s %s; s=$?; [ $s -eq 0 ] || [ $s -eq 200 ]' \
        "$(q "$PEERS/kingfisher")" "$(q "$report")" "$(q "$target/.git")" ;;
    *) die "unknown scenario/tool $scen/$tool" ;;
  esac
}

report_name() { case "$1" in clearance) echo cl.json ;; gitleaks) echo gl.json ;; kingfisher) echo kf.json ;; esac; }

# warm_up SCENARIO CORPUS TARGET: one untimed run per tool (page cache, Kingfisher rule cache).
warm_up() {
  local scen=$1 corpus=$2 target=$3 tool dir="$RAW/$1-$2"
  mkdir -p "$dir"
  for tool in "${TOOLS[@]}"; do
    log "[$scen/$corpus] warm-up $tool"
    (cd "$SCRATCH" && bash -c "$(tool_cmd "$scen" "$tool" "$target" "$dir/$(report_name "$tool")")" \
      >"$dir/$tool.warmup.log" 2>&1) || die "$tool failed on $target (warm-up); see $dir/$tool.warmup.log"
  done
}

# time_rounds SCENARIO CORPUS TARGET: RUNS rounds, each one hyperfine --runs 1 over all tools,
# tool order rotated per round.
time_rounds() {
  local scen=$1 corpus=$2 target=$3 dir="$RAW/$1-$2" r i n=${#TOOLS[@]} tool
  for ((r = 1; r <= RUNS; r++)); do
    local args=()
    for ((i = 0; i < n; i++)); do
      tool=${TOOLS[$(((i + r - 1) % n))]}
      args+=(-n "$tool" "$(tool_cmd "$scen" "$tool" "$target" "$dir/$(report_name "$tool")")")
    done
    log "[$scen/$corpus] round $r/$RUNS ($(uptime | sed 's/.*load average/load average/'))"
    (cd "$SCRATCH" && hyperfine --runs "${RUNS_PER_ROUND:-1}" --style basic --export-json "$dir/round-$r.json" "${args[@]}" \
      >"$dir/round-$r.log" 2>&1) || die "hyperfine failed in round $r on $target; see $dir/round-$r.log"
    python3 - "$dir/round-$r.json" "$scen" "$corpus" "$r" >>"$RAW/times.tsv" <<'EOF'
import json, sys
path, scen, corpus, rnd = sys.argv[1:]
for res in json.load(open(path))["results"]:
    for t in res["times"]:
        print("\t".join([scen, corpus, res["command"], rnd,
                         "%.4f" % t, "%.4f" % res["user"], "%.4f" % res["system"]]))
EOF
  done
}

# measure_rss SCENARIO CORPUS TARGET: one run per tool under /usr/bin/time -v.
measure_rss() {
  local scen=$1 corpus=$2 target=$3 dir="$RAW/$1-$2" tool kb
  for tool in "${TOOLS[@]}"; do
    log "[$scen/$corpus] peak RSS of $tool"
    (cd "$SCRATCH" && /usr/bin/time -v -o "$dir/$tool.time" \
      bash -c "$(tool_cmd "$scen" "$tool" "$target" "$dir/$(report_name "$tool")")" >"$dir/$tool.log" 2>&1) \
      || die "$tool failed on $target (RSS run); see $dir/$tool.log"
    kb=$(sed -n 's/.*Maximum resident set size (kbytes): *//p' "$dir/$tool.time")
    printf '%s\t%s\t%s\t%s\n' "$scen" "$corpus" "$tool" "$kb" >>"$RAW/rss.tsv"
  done
}

# count_findings SCENARIO CORPUS: finding counts and bytes scanned, from the last run's reports.
count_findings() {
  local scen=$1 corpus=$2 dir="$RAW/$1-$2"
  python3 - "$dir" "$scen" "$corpus" >>"$RAW/findings.tsv" <<'EOF'
import json, re, sys
d, scen, corpus = sys.argv[1:]
cl = json.load(open(f"{d}/cl.json"))
gl = json.load(open(f"{d}/gl.json"))
kf = json.load(open(f"{d}/kf.json"))
m = re.search(r"scanned ~(\d+) bytes", open(f"{d}/gitleaks.log", errors="replace").read())
rows = [
    ("clearance", len(cl["findings"]), cl["summary"]["bytes_scanned"]),
    ("gitleaks", len(gl), int(m.group(1)) if m else ""),
    ("kingfisher", len(kf["findings"]), kf["metadata"]["summary"]["bytes_scanned"]),
]
for tool, n, b in rows:
    print("\t".join(map(str, [scen, corpus, tool, n, b])))
EOF
}

# ---------------------------------------------------------------------------------------------
# Scenarios

scenario_dir() {
  local corpus=$1 target="$CORPORA/$1"
  warm_up dir "$corpus" "$target"
  time_rounds dir "$corpus" "$target"
  measure_rss dir "$corpus" "$target"
  count_findings dir "$corpus"
}

# Pre-commit latency: the staged edits of staged-repo, repo as cwd (each tool's own staged mode).
scenario_staged() {
  local target="$CORPORA/staged-repo"
  warm_up staged staged-repo "$target"
  RUNS_PER_ROUND=20 time_rounds staged staged-repo "$target"
  measure_rss staged staged-repo "$target"
  count_findings staged staged-repo
}

# Pre-publication audit: every commit of history-repo, and recall of the planted credentials.
scenario_history() {
  local target="$CORPORA/history-repo"
  warm_up history history-repo "$target"
  time_rounds history history-repo "$target"
  measure_rss history history-repo "$target"
  count_findings history history-repo
  check_planted "$target"
}

# check_planted REPO: every credential synth-history.py planted (the added lines of `git log -p`
# that match its four shapes) must be among clearance's findings (compared in full, with
# --show-secrets, in a report that stays under $RAW).
check_planted() {
  local repo=$1 dir="$RAW/history-history-repo"
  (cd "$repo" && git log -p --all --no-color --format= | grep -aE '^\+') >"$dir/added-lines.txt" || true
  (cd "$repo" && "$CLEARANCE" scan --history --show-secrets --format json -o "$dir/cl-full.json" -q) || [ $? -le 1 ] || die "clearance failed on $repo"
  python3 - "$dir" >>"$RAW/recall.tsv" <<'EOF'
import json, re, sys
d = sys.argv[1]
shapes = [r'aws_access_key_id = "(AKIA[A-Z2-7]{16})"', r'aws_secret_access_key = "([A-Za-z0-9/+]{40})"',
          r'SLACK_TOKEN=(xoxb-\d+-\d+-[A-Za-z0-9]{24})', r'postgres://app:([A-Za-z0-9]{18})@db\.internal',
          r'stripe_key = "(sk_live_[A-Za-z0-9]{32})"']
planted = set()
for line in open(f"{d}/added-lines.txt", errors="replace"):
    for shape in shapes:
        planted.update(re.findall(shape, line))
found = {f["value"] for f in json.load(open(f"{d}/cl-full.json"))["findings"]}
missed = sorted(planted - found)
print(f"history\thistory-repo\tclearance\t{len(planted)}\t{len(planted) - len(missed)}")
for m in missed:
    print(f"missed planted value starting {m[:6]}", file=sys.stderr)
EOF
}

# ---------------------------------------------------------------------------------------------
# Run

LOAD_BEFORE=$(uptime)
START=$(date -u +%Y-%m-%dT%H:%M:%SZ)
for scen in "${SCENARIOS[@]}"; do
  if [ "$scen" = dir ]; then
    for corpus in "${CORPUS_LIST[@]}"; do scenario_dir "$corpus"; done
  else
    "scenario_$scen"
  fi
done
LOAD_AFTER=$(uptime)

export START LOAD_BEFORE LOAD_AFTER RUNS CLEARANCE_ORIGIN CORPORA
export NPROC=$(nproc)
export HYPERFINE_VERSION=$(hyperfine --version)
export GITLEAKS_VERSION=$("$PEERS/gitleaks" version 2>/dev/null)
export KINGFISHER_VERSION=$("$PEERS/kingfisher" --version 2>/dev/null)
export CLEARANCE_VERSION=$("$CLEARANCE" --version 2>/dev/null || echo "clearance ?")
export CORPUS_LIST_STR="${CORPUS_LIST[*]}"

python3 - "$RAW" <<'EOF' | tee "$OUT/bench.md"
import collections, os, statistics, sys
raw = sys.argv[1]
E = os.environ

def rows(name):
    with open(f"{raw}/{name}") as f:
        return [l.rstrip("\n").split("\t") for l in f if l.strip()]

walls = collections.defaultdict(list); cpus = collections.defaultdict(list)
for scen, corpus, tool, rnd, wall, user, sys_ in rows("times.tsv"):
    walls[(scen, corpus, tool)].append(float(wall))
    cpus[(scen, corpus, tool)].append(float(user) + float(sys_))
rss = {(s, c, t): int(kb) for s, c, t, kb in rows("rss.tsv")}
found = {(s, c, t): (int(n), int(b) if b else None) for s, c, t, n, b in rows("findings.tsv")}

manifest = open(os.path.join(E["CORPORA"], "MANIFEST")).read().splitlines()
corpora = E["CORPUS_LIST_STR"].split()

print(f"## clearance vs peers ({E['START']})\n")
print(f"- machine: {E['NPROC']} cores; load before: `{E['LOAD_BEFORE'].strip()}`; "
      f"after: `{E['LOAD_AFTER'].strip()}`")
print(f"- {E['CLEARANCE_VERSION']} ({E['CLEARANCE_ORIGIN']}); gitleaks {E['GITLEAKS_VERSION']}; {E['KINGFISHER_VERSION']}; {E['HYPERFINE_VERSION']}")
print(f"- {E['RUNS']} timed runs per tool and corpus, interleaved (one hyperfine `--runs 1` per tool "
      "per round, order rotated), after one untimed warm-up run each (warm page cache, warm "
      "Kingfisher rule cache); peak RSS from one more run under `/usr/bin/time -v`")
print("- corpus fingerprints (MANIFEST):")
print("```")
for l in manifest:
    if l.startswith("# corpora built") or any(l.startswith(c + ":") for c in corpora):
        print(l)
print("```\n")

print("| corpus | tool | median wall (s) | min-max (s) | x clearance | median CPU (s) | peak RSS (MB) | findings | MB scanned (as reported) |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
med = {}
for key in walls:
    med[key] = statistics.median(walls[key])
keys = sorted(walls, key=lambda k: (k[0], corpora.index(k[1]) if k[1] in corpora else 99,
                                    ["clearance", "gitleaks", "kingfisher"].index(k[2])))
for key in keys:
    scen, corpus, tool = key
    base = med.get((scen, corpus, "clearance"))
    ratio = f"{med[key] / base:.1f}" if base else "-"
    n, b = found.get(key, ("-", None))
    label = corpus if scen == "dir" else f"{corpus} ({scen})"
    if scen == "staged":
        print(f"| {label} | {tool} | {med[key] * 1000:.1f} ms | {min(walls[key]) * 1000:.1f}-{max(walls[key]) * 1000:.1f} ms | "
              f"{ratio} | - | {rss.get(key, 0) / 1024:.0f} | {found.get(key, ('-',))[0]} | - |")
        continue
    mbs = f"{b / 1e6:.0f}" if b is not None else "?"
    print(f"| {label} | {tool} | {med[key]:.2f} | {min(walls[key]):.2f}-{max(walls[key]):.2f} | "
          f"{ratio} | {statistics.median(cpus[key]):.2f} | {rss.get(key, 0) / 1024:.0f} | {n} | {mbs} |")

print("\n### Targets (src-large)\n")
k = lambda t: ("dir", "src-large", t)
if k("clearance") not in med:
    print("Not evaluated: src-large was not run (QUICK=1).")
else:
    cl, gl, kf = med[k("clearance")], med.get(k("gitleaks")), med.get(k("kingfisher"))
    def line(ok, text):
        print(f"- {'MET' if ok else 'MISSED'}: {text}")
    line(kf / cl >= 3, f"clearance >= 3x faster than Kingfisher: {kf / cl:.1f}x ({cl:.2f} s vs {kf:.2f} s)")
    line(gl / cl >= 10, f"clearance >= 10x faster than gitleaks: {gl / cl:.1f}x ({cl:.2f} s vs {gl:.2f} s)")
    r = rss[k("clearance")] / 1024
    line(r <= 150, f"clearance peak RSS <= 150 MB: {r:.0f} MB")
    nc, ng = found[k("clearance")][0], found[k("gitleaks")][0]
    line(nc < ng, f"clearance reports fewer findings than gitleaks: {nc} vs {ng}")
def line(ok, text):
    print(f"- {'MET' if ok else 'MISSED'}: {text}")
st = ("staged", "staged-repo")
if st + ("clearance",) in med:
    print("\n### Targets (staged-repo, pre-commit)\n")
    cl = med[st + ("clearance",)]
    line(cl <= 0.025, f"clearance --staged median wall <= 25 ms: {cl * 1000:.1f} ms "
         f"(gitleaks {med[st + ('gitleaks',)] * 1000:.0f} ms, Kingfisher {med[st + ('kingfisher',)] * 1000:.0f} ms)")
hi = ("history", "history-repo")
if hi + ("clearance",) in med:
    print("\n### Targets (history-repo, audit)\n")
    cl = med[hi + ("clearance",)]
    best = min(med[hi + ("gitleaks",)], med[hi + ("kingfisher",)])
    line(best / cl >= 2, f"clearance --history >= 2x faster than the faster peer: {best / cl:.1f}x ({cl:.2f} s vs {best:.2f} s)")
    r = rss[hi + ("clearance",)] / 1024
    line(r <= 300, f"clearance --history peak RSS <= 300 MB: {r:.0f} MB")
    for _s, _c, _t, planted, got in rows("recall.tsv"):
        line(planted == got and int(planted) > 0, f"clearance finds every planted credential: {got} of {planted}")
print(f"\nRaw data: hyperfine exports, `time -v` output, reports and logs under `{raw}`.")
EOF
log "done; report in $OUT/bench.md"
