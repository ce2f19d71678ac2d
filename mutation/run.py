"""Mutation testing of the atlas's core modules with the pinned cosmic-ray (requirements-mutate.txt).

    make mutate                  # every module below, one after the other
    make mutate MODULE=find      # one module (several: MODULE="find offline")
    python mutation/run.py --list

For each module: run its tests once unmutated (they must pass; their time sets the per-mutant
time-out), then let cosmic-ray apply each mutation to the file in place, run the tests, and put the
file back. A mutant is killed when the tests fail (or time out), survives when they pass. An
interrupted run resumes where it stopped; `--fresh` starts the module again. Sessions and the
survivors' diffs go to .cache/mutation/; the kill rates are recorded in BENCHMARKS.md and every
survivor is explained in mutation/survivors.md.

A run is longer than a working session, and .cache/ does not outlive the checkout, so each module's
results are also kept in git, in mutation/results/<module>.json (written when a run ends, or by
`--report` while it runs): a new session of that module starts from them. A saved result is taken again
only while the file it mutated is unchanged (sha256); when anything under tests/ changed since,
only its kills are taken and its survivors are run again. `--fresh` takes none of them.

cosmic-ray edits the source files while it runs: run it in a checkout nobody is testing in.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import os
import re
import shlex
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / ".cache" / "mutation"
RESULTS = REPO / "mutation" / "results"
PYTEST = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider"]

# module -> (files to mutate, pytest arguments that test them). The tests are those that exercise the
# module through its real parts; `-x` stops at the first failure, so a killed mutant costs little.
MODULES: dict[str, tuple[list[str], list[str]]] = {
    "find": (["src/atlas/find.py"], ["tests/test_find.py"]),
    "offline": (["src/atlas/offline.py"], ["tests/test_site_offline.py", "-m", "not browser",
                                           "-k", "not real_site and not cli_is_quiet and not still_needed"]),
    "status-edit": (["src/atlas/status/edit.py"], ["tests/test_status_line_endings.py", "tests/test_status_edit.py",
                                                 "-k", "not cli and not round_trips and not real_pages"]),
    "status-derive": (["src/atlas/status/derive.py"], ["tests/test_status_derive.py", "tests/test_status_edit.py"]),
    "mermaid-worker": (["src/atlas/mermaid_worker.py"], ["tests/test_mermaid_worker.py", "tests/test_lint_caches.py"]),
    # test_rules.py first: it runs the engine on every rule's examples in 10 s and kills most mutants
    # before the slower cache and bad-input tests (40 s) start.
    "lint-engine": (["src/atlas/lint/engine.py"], ["tests/test_rules.py", "tests/test_lint_engine_edges.py",
                                                   "tests/test_lint_caches.py",
                                                   "tests/test_bad_input.py", "-k", "not xfail"]),
    # with each rule's documented good and bad example linted (test_rule_examples.py, 10 s); a mutant
    # runs only its own rule's tests (see PER_RULE)
    "lint-rules": (["src/atlas/lint/rules"], ["tests/test_rules.py", "tests/test_rule_examples.py",
                                              "tests/test_dia002_estimate.py", "tests/test_rule_mutants.py"]),
    "calculators": (["src/atlas/calculator.py"], ["tests/test_calculator.py", "-m", "not browser"]),
}


# Modules whose mutants run only the tests of the file mutated: no rule imports another (each file
# defines one rule, checked by its own fixtures, whose test ids start with its code: DIA002_…), so a
# mutant of one rule cannot change another's findings. A file with no code in its name (the
# package's __init__) runs all the module's tests. Selecting can only lose kills, never add them.
PER_RULE = {"lint-rules"}
RULE_FILE = re.compile(r"/([a-z]+\d{3})_\w+\.py$")


def sh(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    # No bytecode cache: a mutant the same size as the file before it, written within the same second,
    # would otherwise be run from the previous version's .pyc (Python checks only size and mtime).
    return subprocess.run(cmd, cwd=REPO, text=True, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}, **kw)


def drop_bytecode() -> None:
    for cache in (REPO / "src").rglob("__pycache__"):
        shutil.rmtree(cache, ignore_errors=True)


def test_command(name: str) -> str:
    """The module's test command as one shell-quoted line, as cosmic-ray runs it (and the baseline too)."""
    if name in PER_RULE:
        return shlex.join([sys.executable, str(Path(__file__).resolve()), "--tests-of-mutant", name])
    return shlex.join(PYTEST + MODULES[name][1])


def tests_of_mutant(name: str) -> int:
    """Run the tests of the one file of `name` that differs from git's HEAD (the mutant cosmic-ray has
    written), or all of them when none differs (the baseline) or the file names no rule."""
    files, tests = MODULES[name]
    changed = sh(["git", "diff", "--name-only", "HEAD", "--", *files], capture_output=True, check=True).stdout.split()
    found = RULE_FILE.search(changed[0]) if len(changed) == 1 else None
    select = ["-k", found.group(1)] if found else []
    return sh(PYTEST + tests + select).returncode


def config(name: str, timeout: float) -> Path:
    files, _ = MODULES[name]
    command = test_command(name).replace("\\", "\\\\").replace('"', '\\"')
    paths = ", ".join(f'"{f}"' for f in files)
    path = OUT / f"{name}.toml"
    path.write_text(f'[cosmic-ray]\nmodule-path = [{paths}]\ntimeout = {timeout:.0f}\nexcluded-modules = []\n'
                    f'test-command = "{command}"\n\n[cosmic-ray.distributor]\nname = "local"\n', encoding="utf-8")
    return path


def annotation_spans(path: Path) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """(start, end) of every function annotation of a module that postpones annotations (PEP 563,
    `from __future__ import annotations`): there an annotation is a string nobody evaluates (class
    fields are left alone: pydantic evaluates those)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    if not any(isinstance(n, ast.ImportFrom) and n.module == "__future__" and any(a.name == "annotations" for a in n.names)
               for n in tree.body):
        return []
    spans = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            a = node.args
            args = [*a.posonlyargs, *a.args, *a.kwonlyargs, *(x for x in (a.vararg, a.kwarg) if x is not None)]
            for ann in [x.annotation for x in args if x.annotation is not None] + ([node.returns] if node.returns else []):
                spans.append(((ann.lineno, ann.col_offset), (ann.end_lineno, ann.end_col_offset)))
    return spans


def skip_annotation_mutants(session: Path) -> int:
    """Mark the mutants inside postponed function annotations as skipped, run or not: each is
    equivalent (the mutated annotation is still a string nobody reads). Returns how many."""
    from cosmic_ray.work_db import WorkDB, use_db
    from cosmic_ray.work_item import WorkerOutcome, WorkResult

    spans: dict[Path, list] = {}
    skipped = 0
    with use_db(str(session), WorkDB.Mode.open) as db:
        for item in list(db.work_items):
            for m in item.mutations:
                path = REPO / m.module_path
                if path not in spans:
                    spans[path] = annotation_spans(path)
                if any(start <= tuple(m.start_pos) and tuple(m.end_pos) <= end for start, end in spans[path]):
                    db.set_result(item.job_id, WorkResult(worker_outcome=WorkerOutcome.SKIPPED))
                    skipped += 1
                    break
    return skipped


def counts(session: Path) -> dict[str, int]:
    """Mutants by outcome: killed (tests failed or timed out), survived, incompetent, pending."""
    with sqlite3.connect(session) as db:
        total = db.execute("select count(*) from mutation_specs").fetchone()[0]
        rows = db.execute("select worker_outcome, test_outcome from work_results").fetchall()
    out = {"total": total, "killed": 0, "survived": 0, "incompetent": 0, "skipped": 0}
    for worker, test in rows:
        worker, test = str(worker).lower(), str(test).lower()
        if worker == "skipped":
            out["skipped"] += 1
        elif test == "survived":
            out["survived"] += 1
        elif test == "killed":
            out["killed"] += 1
        else:
            out["incompetent"] += 1
    out["pending"] = total - len(rows)
    return out


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fingerprints(name: str) -> tuple[dict[str, str], str]:
    """sha256 of each file the module mutates, and one over everything under tests/ (the module's test
    files, and the helpers, fixtures and conftest they use)."""
    files, _ = MODULES[name]
    sources = sorted(p for f in files for p in ([REPO / f] if (REPO / f).is_file() else (REPO / f).rglob("*.py")))
    test_files = sorted(p for p in (REPO / "tests").rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    together = hashlib.sha256("".join(f"{p.relative_to(REPO)} {digest(p)}\n" for p in test_files).encode()).hexdigest()
    return {str(p.relative_to(REPO)): digest(p) for p in sources}, together


def save(name: str) -> Path:
    """Write the module's results so far to mutation/results/<module>.json (kept in git): each mutant
    that has run, by file, operator and occurrence, with its outcome (and a survivor's diff)."""
    # the fingerprints of the tree the session ran on, taken when it started (cosmic-ray has a mutant
    # written into the tree for most of a run, and the tests may have changed since)
    sidecar = OUT / f"{name}.fingerprints.json"
    files, tests = json.loads(sidecar.read_text(encoding="utf-8")) if sidecar.exists() else fingerprints(name)
    with sqlite3.connect(OUT / f"{name}.sqlite") as db:
        rows = db.execute("select s.module_path, s.operator_name, s.occurrence, r.worker_outcome, r.test_outcome, r.diff "
                          "from mutation_specs s join work_results r using (job_id) "
                          "where r.worker_outcome != 'SKIPPED' order by 1, 2, 3").fetchall()
    results = [{"file": f, "operator": op, "occurrence": n, "worker": w, "test": t,
                **({"diff": d} if t == "SURVIVED" else {})} for f, op, n, w, t, d in rows]
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps({"module": name, "files": files, "tests": tests, "results": results}, indent=1) + "\n",
                    encoding="utf-8")
    return path


def restore(name: str, session: Path) -> int:
    """Take into a new session the saved results that still hold (see the module's docstring).
    Returns how many were taken."""
    from cosmic_ray.work_db import WorkDB, use_db
    from cosmic_ray.work_item import TestOutcome, WorkerOutcome, WorkResult

    path = RESULTS / f"{name}.json"
    if not path.exists():
        return 0
    saved = json.loads(path.read_text(encoding="utf-8"))
    files, tests = fingerprints(name)
    same_tests = saved["tests"] == tests
    by_key = {(r["file"], r["operator"], r["occurrence"]): r for r in saved["results"]
              if saved["files"].get(r["file"]) == files.get(r["file"]) and (same_tests or r["test"] == "KILLED")}
    taken = 0
    with use_db(str(session), WorkDB.Mode.open) as db:
        done = {job_id for job_id, _ in db.results}
        for item in list(db.work_items):
            if item.job_id in done or len(item.mutations) != 1:
                continue
            m = item.mutations[0]
            r = by_key.get((str(m.module_path), m.operator_name, m.occurrence))
            if r is not None:
                db.set_result(item.job_id, WorkResult(worker_outcome=WorkerOutcome[r["worker"]], diff=r.get("diff"),
                                                      test_outcome=TestOutcome[r["test"]] if r["test"] else None))
                taken += 1
    return taken


def run(name: str, fresh: bool) -> dict[str, int]:
    OUT.mkdir(parents=True, exist_ok=True)
    session = OUT / f"{name}.sqlite"
    started = time.monotonic()
    drop_bytecode()
    baseline = sh(shlex.split(test_command(name)), capture_output=True)  # exactly what each mutant runs
    if baseline.returncode != 0 or " passed" not in baseline.stdout:
        sys.exit(f"mutate {name}: the tests do not pass without any mutation:\n{baseline.stdout[-3000:]}")
    # a mutant that times out counts as killed: the floor keeps a run slowed by other work on the
    # machine from being counted as a kill (a mutant that hangs still costs only the time-out)
    cfg = config(name, timeout=max(120.0, 4 * (time.monotonic() - started)))
    if fresh or not session.exists():
        session.unlink(missing_ok=True)
        sh([str(Path(sys.executable).parent / "cosmic-ray"), "init", str(cfg), str(session)], check=True)
        if not fresh:
            print(f"mutate {name}: {restore(name, session)} results taken from {(RESULTS / f'{name}.json').relative_to(REPO)}")
        (OUT / f"{name}.fingerprints.json").write_text(json.dumps(fingerprints(name)), encoding="utf-8")
    print(f"mutate {name}: {skip_annotation_mutants(session)} mutants inside postponed annotations skipped "
          "(equivalent by construction)")
    sh([str(Path(sys.executable).parent / "cosmic-ray"), "exec", str(cfg), str(session)], check=True)
    return report(name, time.monotonic() - started)


def report(name: str, seconds: float | None = None) -> dict[str, int]:
    """The module's kill rate, and its survivors' diffs in .cache/mutation/<module>-survivors.txt."""
    session = OUT / f"{name}.sqlite"
    skip_annotation_mutants(session)
    listing = sh([str(Path(sys.executable).parent / "cr-report"), "--show-diff", "--surviving-only", str(session)],
                 capture_output=True, check=True)
    (OUT / f"{name}-survivors.txt").write_text(listing.stdout, encoding="utf-8")
    saved = save(name)
    c = counts(session)
    done = c["killed"] + c["survived"]
    rate = 100.0 * c["killed"] / done if done else 0.0
    took = f"; {seconds:.0f} s" if seconds is not None else ""
    print(f"mutate {name}: {c['killed']} of {done} mutants killed ({rate:.1f} %), {c['survived']} survived, "
          f"{c['incompetent']} incompetent, {c['skipped']} skipped (annotations), {c['pending']} pending{took}; "
          f"survivors: {(OUT / f'{name}-survivors.txt').relative_to(REPO)}; saved: {saved.relative_to(REPO)}")
    return c


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("modules", nargs="*", help=f"any of: {', '.join(MODULES)} (default: all)")
    ap.add_argument("--fresh", action="store_true", help="start again instead of resuming an interrupted run")
    ap.add_argument("--list", action="store_true", help="print the modules, their files and tests")
    ap.add_argument("--report", action="store_true", help="only report the modules' last sessions (and save their "
                    "results to mutation/results/), run nothing; safe while a run is going on")
    ap.add_argument("--tests-of-mutant", metavar="MODULE", help=argparse.SUPPRESS)  # cosmic-ray's test command
    args = ap.parse_args(argv)
    if args.tests_of_mutant:
        return tests_of_mutant(args.tests_of_mutant)
    if args.list:
        for name, (files, tests) in MODULES.items():
            print(f"{name}: {' '.join(files)} <- {' '.join(tests)}")
        return 0
    unknown = [m for m in args.modules if m not in MODULES]
    if unknown:
        ap.error(f"no module {', '.join(unknown)}; one of: {', '.join(MODULES)}")
    for name in args.modules or MODULES:
        if args.report:
            report(name)
        else:
            run(name, args.fresh)
    return 0


if __name__ == "__main__":
    sys.exit(main())
