#!/usr/bin/env python3
"""Runs the CI recipes for real: the shell steps of action.yml and every command of docs/ci.md.

    ci_recipes.py --source CHECKOUT --clearance BIN --work DIR

Called by scripts/test-ci-recipes.sh (python with PyYAML from scripts/test-tools.sh). For each
recipe it builds an "origin" repository with a main branch and a feature branch, clones it the
way the platform does (shallow for GitHub's default checkout, single-branch for Jenkins...),
sets the variables the platform sets, runs the recipe's shell steps unchanged, and checks:

- a clean change passes (exit 0) and its reports exist and are valid;
- a change that adds a fake credential (generated now, never stored) fails with exit 1, its
  reports exist, are valid and name the finding, and no report or log holds the value.

`uses:` steps of the action are not run (there is no GitHub here): the SARIF file given to
upload-sarif is validated against the SARIF 2.1.0 schema instead, as upload-sarif does.
Every fenced block of docs/ci.md must carry a marker (`<!-- recipe: KIND -->` or
`<!-- test: clean=N leak=N -->`), so no command on that page goes untested.
"""

import argparse
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import yaml

ZEROS = "0" * 40
FAILURES = []
CHECKS = 0


def check(condition, what):
    global CHECKS
    CHECKS += 1
    if not condition:
        FAILURES.append(what)
        print(f"  FAIL: {what}", flush=True)


def fake_aws_key():
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
    return "AKIA" + "".join(secrets.choice(alphabet) for _ in range(16))


def git(cwd, *args, check_ok=True):
    env = dict(os.environ, GIT_CONFIG_NOSYSTEM="1")
    out = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True)
    if check_ok and out.returncode != 0:
        raise RuntimeError(f"git {args} failed in {cwd}: {out.stderr}")
    return out.stdout.strip()


class Origin:
    """A bare origin: main (3 commits) and feature (branched from main's 2nd commit)."""

    def __init__(self, work, name, leak):
        self.dir = work / f"{name}-origin.git"
        self.secret = fake_aws_key() if leak else None
        seed = work / f"{name}-seed"
        seed.mkdir(parents=True)
        git(seed, "init", "-q", "-b", "main")
        git(seed, "config", "user.name", "CI Recipe")
        git(seed, "config", "user.email", "ci@example.invalid")
        git(seed, "config", "commit.gpgsign", "false")

        def commit(path, text, message):
            (seed / path).parent.mkdir(parents=True, exist_ok=True)
            (seed / path).write_text(text)
            git(seed, "add", path)
            git(seed, "commit", "-q", "-m", message)
            return git(seed, "rev-parse", "HEAD")

        commit("README.md", "# app\n", "initial")
        commit("src/app.py", "print('hello')\n", "app")
        git(seed, "checkout", "-q", "-b", "feature")
        commit("src/feature.py", "print('feature')\n", "feature work")
        if leak:
            commit("config/deploy.env", f"AWS_ACCESS_KEY_ID={self.secret}\n", "deploy config")
            commit("config/deploy.env", "# keys come from the vault\n", "remove the key again")
        commit("docs/feature.md", "# feature\n", "docs")
        self.head = git(seed, "rev-parse", "HEAD")
        git(seed, "checkout", "-q", "main")
        self.base = commit("src/main_only.py", "x = 1\n", "main moves on")
        self.merge_base = git(seed, "merge-base", "main", "feature")
        git(work, "clone", "-q", "--bare", str(seed), str(self.dir))
        shutil.rmtree(seed)

    @property
    def url(self):
        return f"file://{self.dir}"

    def clone(self, dest, *options):
        git(dest.parent, "clone", "-q", *options, self.url, str(dest))
        git(dest, "config", "user.name", "CI Recipe")
        git(dest, "config", "user.email", "ci@example.invalid")
        return dest


def run_script(args, cwd, env, log):
    """Runs a command, appends its output to log; returns the exit status."""
    out = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)
    with open(log, "a", encoding="utf-8") as f:
        f.write(f"$ {' '.join(map(str, args))}  (in {cwd})\n{out.stdout}{out.stderr}[exit {out.returncode}]\n")
    return out.returncode, out.stdout + out.stderr


def source_url(work):
    """A bare repository holding the checkout's HEAD commit: what the recipes install from."""
    return f"file://{work / 'clearance.git'}"


def base_env(work, extra):
    env = {
        k: v
        for k, v in os.environ.items()
        if k in ("PATH", "HOME", "CARGO_HOME", "RUSTUP_HOME", "CARGO_TARGET_DIR", "LANG", "TMPDIR", "USER")
    }
    env["GIT_CONFIG_NOSYSTEM"] = "1"
    env.update(extra)
    return env


class Validator:
    def __init__(self, source, python):
        self.source = source
        self.python = python

    def schema(self, schema, report):
        out = subprocess.run(
            [self.python, self.source / "scripts/check-report.py", "schema", self.source / schema, report],
            capture_output=True,
            text=True,
        )
        return out.returncode == 0, out.stdout + out.stderr

    def sarif(self, report):
        return self.schema("tests/data/schemas/sarif-2.1.0.json", report)

    def gitlab(self, report):
        return self.schema("tests/data/schemas/secret-detection-report-format-15.2.1.json", report)

    def junit(self, report):
        out = subprocess.run(
            [self.python, self.source / "scripts/check-report.py", "junit", report], capture_output=True, text=True
        )
        if out.returncode != 0:
            return False, out.stderr, {}
        return True, out.stdout, json.loads(out.stdout)


def check_no_secret(origin, paths, text, what):
    if origin.secret is None:
        return
    check(origin.secret not in text, f"{what}: the value leaked into the log")
    for p in paths:
        if Path(p).is_file():
            check(origin.secret not in Path(p).read_text(errors="replace"), f"{what}: the value leaked into {p}")


def check_junit(validator, path, leak, what):
    ok, detail, counts = validator.junit(path) if Path(path).is_file() else (False, "missing", {})
    check(ok, f"{what}: JUnit report {path} is valid ({detail.strip()})")
    if ok:
        check(counts["failures"] == (1 if leak else 0), f"{what}: JUnit failures {counts}")


# ---------------------------------------------------------------- GitHub expressions


TOKEN = re.compile(r"\s*(\|\||&&|==|!=|\(|\)|'[^']*'|[A-Za-z_][\w.-]*(?:\(\))?)")


def evaluate(expr, ctx):
    """A subset of GitHub expressions: contexts, 'strings', ==, !=, &&, ||, always()."""
    tokens = []
    pos = 0
    expr = expr.strip()
    while pos < len(expr):
        m = TOKEN.match(expr, pos)
        if not m:
            raise ValueError(f"unsupported expression: {expr!r} at {pos}")
        tokens.append(m.group(1))
        pos = m.end()

    def value(tok):
        if tok.startswith("'"):
            return tok[1:-1]
        if tok == "always()":
            return True
        if tok in ("success()", "failure()", "cancelled()"):
            raise ValueError(f"unsupported function {tok}")
        node = ctx
        for part in tok.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        return node

    def parse_or(i):
        left, i = parse_and(i)
        while i < len(tokens) and tokens[i] == "||":
            right, i = parse_and(i + 1)
            left = left or right
        return left, i

    def parse_and(i):
        left, i = parse_cmp(i)
        while i < len(tokens) and tokens[i] == "&&":
            right, i = parse_cmp(i + 1)
            left = left and right
        return left, i

    def parse_cmp(i):
        left = value(tokens[i])
        i += 1
        if i < len(tokens) and tokens[i] in ("==", "!="):
            op = tokens[i]
            right = value(tokens[i + 1])
            l, r = ("" if left is None else str(left)), ("" if right is None else str(right))
            return (l == r) if op == "==" else (l != r), i + 2
        return left, i

    result, i = parse_or(0)
    if i != len(tokens):
        raise ValueError(f"unsupported expression: {expr!r}")
    return result


def interpolate(text, ctx):
    text = str(text)
    whole = re.fullmatch(r"\$\{\{(.*)\}\}", text.strip(), re.S)
    if whole:
        v = evaluate(whole.group(1), ctx)
        return "" if v is None or v is False else str(v)
    return re.sub(r"\$\{\{(.*?)\}\}", lambda m: str(evaluate(m.group(1), ctx) or ""), text)


def run_action(source, work, validator, name, origin, clone_options, event, inputs, expect):
    """Runs action.yml's steps like a GitHub runner would, for one event."""
    print(f"== action.yml: {name}", flush=True)
    case = work / name
    case.mkdir()
    ws = origin.clone(case / "workspace", *clone_options)
    temp = case / "runner-temp"
    temp.mkdir()
    files = {k: case / k for k in ("output", "path", "step-summary")}
    for f in files.values():
        f.write_text("")
    log = case / "log.txt"
    action = yaml.safe_load((source / "action.yml").read_text())
    check(action["runs"]["using"] == "composite", "action.yml is a composite action")
    ctx = {
        "github": {
            "action_path": str(source),
            "sha": event.get("sha", origin.head),
            "event": event["event"],
        },
        "runner": {"temp": str(temp)},
        "steps": {},
    }
    ctx["inputs"] = {k: interpolate(v.get("default", ""), ctx) for k, v in action["inputs"].items()}
    for k, v in inputs.items():
        check(k in action["inputs"], f"{name}: action has input {k}")
        ctx["inputs"][k] = v
    path = os.environ["PATH"]
    failed = False
    uploaded = None
    exit_status = 0
    for number, step in enumerate(action["runs"]["steps"]):
        cond = str(step.get("if", "")).strip()
        cond = re.sub(r"^\$\{\{(.*)\}\}$", r"\1", cond, flags=re.S)
        if cond:
            runs = bool(evaluate(cond, ctx)) and (not failed or "always()" in cond)
        else:
            runs = not failed
        if not runs:
            continue
        if "uses" in step:
            check(step["uses"].startswith("github/codeql-action/upload-sarif@"), f"{name}: only upload-sarif is used")
            sarif = interpolate(step["with"]["sarif_file"], ctx)
            uploaded = ws / sarif
            ok, detail = validator.sarif(uploaded) if uploaded.is_file() else (False, "missing")
            check(ok, f"{name}: SARIF given to upload-sarif is valid ({detail.strip()})")
            continue
        check("${{" not in step["run"], f"{name}: step {step.get('name')} takes inputs through env only")
        env = base_env(
            work,
            {
                "PATH": path,
                "RUNNER_TEMP": str(temp),
                "GITHUB_OUTPUT": str(files["output"]),
                "GITHUB_PATH": str(files["path"]),
                "GITHUB_STEP_SUMMARY": str(files["step-summary"]),
                "GITHUB_WORKSPACE": str(ws),
                "GITHUB_ACTION_PATH": str(source),
                "GITHUB_ACTIONS": "true",
                "CI": "true",
            },
        )
        for k, v in (step.get("env") or {}).items():
            env[k] = interpolate(v, ctx)
        script = case / f"step-{number}.sh"
        script.write_text(step["run"])
        files["output"].write_text("")
        status, _ = run_script(["bash", "--noprofile", "--norc", "-eo", "pipefail", script], ws, env, log)
        outputs = {}
        for line in files["output"].read_text().splitlines():
            if "=" in line:
                k, v = line.split("=", 1)
                outputs[k] = v
        if "id" in step:
            ctx["steps"][step["id"]] = {"outputs": outputs}
        for line in files["path"].read_text().splitlines():
            if line.strip():
                path = f"{line.strip()}:{path}"
        files["path"].write_text("")
        if status != 0:
            failed = True
            exit_status = status
    text = log.read_text()
    summary = files["step-summary"].read_text()
    check(exit_status == expect["exit"], f"{name}: job exit status {exit_status}, expected {expect['exit']} (log: {log})")
    verdict = ctx["steps"].get("scan", {}).get("outputs", {}).get("verdict")
    check(verdict == expect["verdict"], f"{name}: verdict output {verdict!r}, expected {expect['verdict']!r}")
    check(summary.startswith(f"## clearance: {expect['verdict']}"), f"{name}: job summary starts with the verdict")
    check(uploaded is not None, f"{name}: SARIF uploaded even when the job fails")
    if uploaded is not None and uploaded.is_file() and origin.secret:
        results = json.loads(uploaded.read_text())["runs"][0]["results"]
        check(
            any(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "config/deploy.env" for r in results),
            f"{name}: SARIF names config/deploy.env",
        )
        check(all("commit" in r["properties"] for r in results), f"{name}: SARIF results carry their commit")
    for needle in expect.get("log", []):
        check(needle in text, f"{name}: log mentions {needle!r}")
    check_no_secret(origin, [uploaded or "", files["step-summary"]], text, name)


# ---------------------------------------------------------------- docs/ci.md


def blocks(markdown):
    """(marker, language, body) for every fenced block; marker is the HTML comment before it."""
    out = []
    lines = markdown.splitlines()
    i = 0
    while i < len(lines):
        m = re.match(r"^```(\w*)\s*$", lines[i])
        if m and m.group(1):
            j = i - 1
            while j >= 0 and not lines[j].strip():
                j -= 1
            marker = lines[j].strip() if j >= 0 and lines[j].strip().startswith("<!--") else None
            k = i + 1
            while k < len(lines) and lines[k].strip() != "```":
                k += 1
            out.append((marker, m.group(1), "\n".join(lines[i + 1 : k]) + "\n"))
            i = k + 1
        else:
            i += 1
    return out


def run_sh_block(work, validator, clearance_dir, index, body, expect, origin, case):
    name = f"docs sh block {index} ({case})"
    print(f"== {name}", flush=True)
    dest = work / f"sh{index}-{case}"
    dest.mkdir()
    repo = origin.clone(dest / "repo")
    log = dest / "log.txt"
    env = base_env(work, {"PATH": f"{clearance_dir}:{os.environ['PATH']}", "BASE": origin.merge_base, "HEAD": origin.head})
    status, text = run_script(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", body], repo, env, log)
    check(status == expect, f"{name}: exit {status}, expected {expect}\n{text}")
    reports = re.findall(r"--report (\w+)=(\S+)", body)
    for fmt, file in reports:
        p = repo / file
        check(p.is_file(), f"{name}: writes {file}")
        if not p.is_file():
            continue
        if fmt == "sarif":
            ok, detail = validator.sarif(p)
            check(ok, f"{name}: {file} valid ({detail.strip()})")
        elif fmt == "gitlab":
            ok, detail = validator.gitlab(p)
            check(ok, f"{name}: {file} valid ({detail.strip()})")
        elif fmt == "junit":
            check_junit(validator, p, origin.secret is not None and expect == 1, name)
    check_no_secret(origin, [repo / f for _, f in reports], text, name)


def run_gitlab(work, validator, source, doc, origin, case, pipeline):
    name = f"gitlab-ci ({case}, {pipeline})"
    print(f"== {name}", flush=True)
    job = doc["clearance"]
    check(str(job["variables"]["GIT_DEPTH"]) == "0", f"{name}: full history")
    dest = work / f"gitlab-{case}-{pipeline}"
    dest.mkdir()
    repo = origin.clone(dest / "project", "--branch", "feature")
    env = base_env(work, {k: str(v) for k, v in job["variables"].items()})
    env.update(
        {
            "CLEARANCE_GIT": source_url(work),
            "CI": "true",
            "GITLAB_CI": "true",
            "CI_PROJECT_DIR": str(repo),
            "CI_COMMIT_SHA": origin.head,
            "CI_DEFAULT_BRANCH": "main",
        }
    )
    if pipeline == "merge-request":
        env.update({"CI_PIPELINE_SOURCE": "merge_request_event", "CI_MERGE_REQUEST_DIFF_BASE_SHA": origin.merge_base})
    else:
        env.update({"CI_PIPELINE_SOURCE": "push", "CI_COMMIT_BRANCH": "feature", "CI_COMMIT_BEFORE_SHA": ZEROS})
    script = "set -eo pipefail\n" + "\n".join(job.get("before_script", []) + job["script"]) + "\n"
    status, text = run_script(["bash", "--noprofile", "--norc", "-c", script], repo, env, dest / "log.txt")
    leak = origin.secret is not None
    check(status == (1 if leak else 0), f"{name}: job exit {status}\n{text[-3000:]}")
    reports = job["artifacts"]["reports"]
    check(job["artifacts"].get("when") == "always", f"{name}: artifacts kept when the job fails")
    gl = repo / reports["secret_detection"]
    ok, detail = validator.gitlab(gl) if gl.is_file() else (False, "missing")
    check(ok, f"{name}: secret_detection report valid ({detail.strip()})")
    if ok:
        vulns = json.loads(gl.read_text())["vulnerabilities"]
        check(len(vulns) == (1 if leak else 0), f"{name}: {len(vulns)} vulnerabilities")
    check_junit(validator, repo / reports["junit"], leak, name)
    for p in job["artifacts"].get("paths", []):
        check((repo / p).is_file(), f"{name}: artifact {p} written")
    check_no_secret(origin, [gl, repo / reports["junit"]], text, name)


def run_azure(work, validator, source, doc, origin, case, reason="PullRequest"):
    name = f"azure-pipelines ({case}, {reason})"
    print(f"== {name}", flush=True)
    dest = work / f"azure-{case}-{reason}"
    dest.mkdir()
    checkout = next(s for s in doc["steps"] if "checkout" in s)
    check(checkout.get("fetchDepth") == 0, f"{name}: fetchDepth 0")
    repo = origin.clone(dest / "s", "--branch", "feature")
    agent_temp = dest / "_temp"
    results = dest / "TestResults"
    agent_temp.mkdir()
    results.mkdir()
    variables = {k.upper().replace(".", "_"): str(v) for k, v in (doc.get("variables") or {}).items()}
    env = base_env(work, variables)
    env.update(
        {
            "CLEARANCE_GIT": source_url(work),
            "TF_BUILD": "True",
            "BUILD_REASON": reason,
            "SYSTEM_PULLREQUEST_TARGETBRANCH": "refs/heads/main",
            "BUILD_SOURCESDIRECTORY": str(repo),
            "AGENT_TEMPDIRECTORY": str(agent_temp),
            "COMMON_TESTRESULTSDIRECTORY": str(results),
        }
    )
    macros = {"Common.TestResultsDirectory": str(results), "Build.SourcesDirectory": str(repo)}
    failed = False
    leak = origin.secret is not None
    text = ""
    for step in doc["steps"]:
        if "bash" in step or "script" in step:
            if failed:
                continue
            script = step.get("bash") or step.get("script")
            step_env = dict(env, **{k: str(v) for k, v in (step.get("env") or {}).items()})
            status, out = run_script(["bash", "--noprofile", "--norc", "-c", script], repo, step_env, dest / "log.txt")
            text += out
            if status != 0:
                failed = True
            check(status == (1 if leak else 0), f"{name}: scan step exit {status}\n{out[-3000:]}")
        elif step.get("task", "").startswith("PublishTestResults@"):
            check(step.get("condition") == "succeededOrFailed()", f"{name}: results published when the scan fails")
            files = re.sub(r"\$\(([\w.]+)\)", lambda m: macros[m.group(1)], step["inputs"]["testResultsFiles"])
            check(step["inputs"]["testResultsFormat"] == "JUnit", f"{name}: JUnit results")
            check_junit(validator, files, leak, name)
            check_no_secret(origin, [files], text, name)


def run_jenkins(work, validator, source, groovy, origin, case, build="pull-request"):
    name = f"Jenkinsfile ({case}, {build})"
    print(f"== {name}", flush=True)
    dest = work / f"jenkins-{case}-{build}"
    dest.mkdir()
    repo = origin.clone(dest / "workspace", "--single-branch", "--branch", "feature")
    env_block = re.search(r"environment\s*\{(.*?)\}", groovy, re.S)
    variables = dict(re.findall(r"(\w+)\s*=\s*'([^']*)'", env_block.group(1))) if env_block else {}
    env = base_env(work, variables)
    env.update(
        {
            "CLEARANCE_GIT": source_url(work),
            "JENKINS_URL": "http://jenkins.invalid/",
            "WORKSPACE": str(repo),
            "GIT_COMMIT": origin.head,
        }
    )
    if build == "pull-request":
        env.update({"BRANCH_NAME": "PR-7", "CHANGE_ID": "7", "CHANGE_TARGET": "main"})
    else:
        env.update({"BRANCH_NAME": "feature", "GIT_PREVIOUS_SUCCESSFUL_COMMIT": origin.merge_base})
    leak = origin.secret is not None
    status = 0
    text = ""
    for body in re.findall(r"sh\s+'''(.*?)'''", groovy, re.S):
        status, out = run_script(["sh", "-xe", "-c", body], repo, env, dest / "log.txt")
        text += out
        if status != 0:
            break
    check(status == (1 if leak else 0), f"{name}: build exit {status}\n{text[-3000:]}")
    junit = re.search(r"junit\s+testResults:\s*'([^']+)'", groovy)
    check(junit is not None, f"{name}: publishes junit")
    if junit:
        check_junit(validator, repo / junit.group(1), leak, name)
        check_no_secret(origin, [repo / junit.group(1)], text, name)


def run_concourse(work, validator, source, doc, origin, case, resource="pull-request"):
    name = f"concourse ({case}, {resource})"
    print(f"== {name}", flush=True)
    job = next(j for j in doc["jobs"] if j["name"] == "clearance")
    task = next(s for s in job["plan"] if "task" in s)
    config = task["config"]
    dest = work / f"concourse-{case}-{resource}"
    dest.mkdir()
    for i in config["inputs"]:
        repo = origin.clone(dest / i["name"], "--branch", "feature")
        if resource == "pull-request":
            (repo / ".git/resource").mkdir(parents=True)
            (repo / ".git/resource/base_sha").write_text(origin.base + "\n")
            (repo / ".git/resource/head_sha").write_text(origin.head + "\n")
    for o in config["outputs"]:
        (dest / o["name"]).mkdir()
    env = base_env(work, {k: str(v) for k, v in (config.get("params") or {}).items()})
    env["CLEARANCE_GIT"] = source_url(work)
    status, text = run_script([config["run"]["path"], *config["run"]["args"]], dest, env, dest / "log.txt")
    leak = origin.secret is not None
    check(status == (1 if leak else 0), f"{name}: task exit {status}\n{text[-3000:]}")
    for fmt, file in re.findall(r"--report (\w+)=(\S+)", config["run"]["args"][-1]):
        p = (dest / "pr" / file).resolve()
        check(p.is_file(), f"{name}: writes {file}")
        if fmt == "junit" and p.is_file():
            check_junit(validator, p, leak, name)
        check_no_secret(origin, [p], text, name)


def check_github_workflow(action, doc):
    name = "GitHub workflow"
    print(f"== {name}", flush=True)
    on = doc.get("on", doc.get(True))
    check("pull_request" in on, f"{name}: runs on pull requests")
    check(doc["permissions"].get("security-events") == "write", f"{name}: may upload SARIF")
    steps = doc["jobs"]["clearance"]["steps"]
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout@"))
    check(checkout.get("with", {}).get("fetch-depth") == 0, f"{name}: fetch-depth 0")
    ours = next(s for s in steps if s.get("uses", "").split("@")[0].endswith("/clearance"))
    for k in (ours.get("with") or {}):
        check(k in action["inputs"], f"{name}: input {k} exists in action.yml")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--source", required=True, type=Path)
    ap.add_argument("--clearance", required=True, type=Path)
    ap.add_argument("--work", required=True, type=Path)
    ap.add_argument("--python", default=sys.executable)
    a = ap.parse_args()
    source, work = a.source.resolve(), a.work.resolve()
    validator = Validator(source, a.python)
    clearance_dir = a.clearance.resolve().parent

    # The recipes `cargo install --git` clearance: from a bare copy of this commit.
    git(work, "init", "-q", "--bare", "-b", "main", str(work / "clearance.git"))
    git(source, "push", "-q", str(work / "clearance.git"), "HEAD:refs/heads/main")

    clean = Origin(work, "clean", leak=False)
    leak = Origin(work, "leak", leak=True)

    # action.yml
    pr = lambda o: {"event": {"pull_request": {"base": {"sha": o.base}, "head": {"sha": o.head}}, "repository": {"default_branch": "main"}}}
    run_action(source, work, validator, "pr-clean-full-history", clean, [], pr(clean), {}, {"exit": 0, "verdict": "PASSED"})
    run_action(
        source, work, validator, "pr-leak-shallow-checkout", leak, ["--depth", "1", "--branch", "feature"], pr(leak), {},
        {"exit": 1, "verdict": "BLOCKED", "log": ["shallow checkout; fetching history", "clearance: BLOCKED"]},
    )
    run_action(source, work, validator, "pr-leak-warn-only", leak, [], pr(leak), {"warn-only": "true"}, {"exit": 0, "verdict": "WARN"})
    run_action(source, work, validator, "pr-leak-fail-on-critical", leak, [], pr(leak), {"fail-on": "critical"}, {"exit": 0, "verdict": "WARN"})
    push_new_branch = {
        "sha": leak.head,
        "event": {"before": ZEROS, "repository": {"default_branch": "main"}},
    }
    run_action(source, work, validator, "push-new-branch-leak", leak, ["--branch", "feature"], push_new_branch, {}, {"exit": 1, "verdict": "BLOCKED"})

    # docs/ci.md
    markdown = (source / "docs/ci.md").read_text()
    action = yaml.safe_load((source / "action.yml").read_text())
    recipes = set()
    sh_index = 0
    for marker, lang, body in blocks(markdown):
        check(marker is not None, f"docs/ci.md: a ```{lang} block has no test marker:\n{body}")
        if marker is None:
            continue
        m = re.match(r"<!-- test: clean=(\d) leak=(\d) -->", marker)
        if m:
            sh_index += 1
            check(lang == "sh", "docs/ci.md: test blocks are sh")
            for origin, expect in ((clean, int(m.group(1))), (leak, int(m.group(2)))):
                run_sh_block(work, validator, clearance_dir, sh_index, body, expect, origin, "clean" if origin is clean else "leak")
            continue
        m = re.match(r"<!-- recipe: ([\w-]+) -->", marker)
        check(m is not None, f"docs/ci.md: unknown marker {marker}")
        if not m:
            continue
        kind = m.group(1)
        recipes.add(kind)
        if kind == "github-workflow":
            check_github_workflow(action, yaml.safe_load(body))
        elif kind == "gitlab-ci":
            doc = yaml.safe_load(body)
            for origin, case in ((clean, "clean"), (leak, "leak")):
                run_gitlab(work, validator, source, doc, origin, case, "merge-request")
            run_gitlab(work, validator, source, doc, leak, "leak", "new-branch")
        elif kind == "azure-pipelines":
            doc = yaml.safe_load(body)
            for origin, case in ((clean, "clean"), (leak, "leak")):
                run_azure(work, validator, source, doc, origin, case)
            # A CI (push) build scans its newest commit, which is clean here.
            run_azure(work, validator, source, doc, clean, "clean", reason="IndividualCI")
        elif kind == "jenkins":
            for origin, case in ((clean, "clean"), (leak, "leak")):
                run_jenkins(work, validator, source, body, origin, case)
            run_jenkins(work, validator, source, body, leak, "leak", build="branch")
        elif kind == "concourse":
            doc = yaml.safe_load(body)
            for origin, case in ((clean, "clean"), (leak, "leak")):
                run_concourse(work, validator, source, doc, origin, case)
            # The plain git resource has no base: the newest commit, clean here.
            run_concourse(work, validator, source, doc, clean, "clean", resource="git")
        else:
            check(False, f"docs/ci.md: no runner for recipe {kind}")
    for kind in ("github-workflow", "gitlab-ci", "azure-pipelines", "jenkins", "concourse"):
        check(kind in recipes, f"docs/ci.md has the {kind} recipe")

    failed = len(FAILURES)
    print(f"ci recipes: {CHECKS - failed} passed, {failed} failed")
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
