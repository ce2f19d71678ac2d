"""The workflow subcommands of `atlas` (and the plan's scripts/*.py): argument handling and output only."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ..mermaid_worker import WorkerUnavailable
from . import gitlog
from .discovery import DiscoveryError
from .export import ExportError
from .paths import METRICS_FILE, STATUS_FILE, RootNotFound, find_root
from .record import RecordError
from .review import ReviewError
from .specs import SpecMapError

EXPECTED = (RootNotFound, RecordError, gitlog.GitError, SpecMapError, DiscoveryError, ReviewError, ExportError,
            WorkerUnavailable)


def _guard(name: str, fn, args) -> int:
    """Expected failures are one line (`file:line: what` where there is a file), never a traceback."""
    try:
        return fn(args)
    except RecordError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except EXPECTED as exc:
        print(f"atlas {name}: {exc}", file=sys.stderr)
        return 2


# ---- atlas status (unified_status_tracker.py) ----

def status(args) -> int:
    return _guard("status", _status, args)


def _status(args) -> int:
    root = find_root()
    if args.update_status is not None and args.status is None:
        raise RecordError("--update-status FILE needs --status S (up_to_date, needs_review, outdated, missing_version)")
    if args.status is not None and args.update_status is None:
        raise RecordError("--status S goes with --update-status FILE")
    if args.scan:
        return _scan(root)
    if args.mark_reviewed is not None:
        from .record import mark_reviewed

        r = mark_reviewed(root, args.mark_reviewed)
        print(f"{r.path}: reviewed {r.reviewed}, version {r.old_version or '(none)'} → {r.new_version}, "
              f"review.status {r.old_status or '(none)'} → {r.new_status}, content_hash {r.content_hash}")
        return 0
    if args.update_status is not None:
        from .derive import STATUS_ALIASES
        from .record import update_status

        r = update_status(root, args.update_status, args.status)
        note = f" ({args.status} is the plan's name for {r.new_status})" if args.status in STATUS_ALIASES else ""
        print(f"{r.path}: review.status {r.old_status or '(none)'} → {r.new_status}{note}")
        return 0
    from .scan import collect

    snap = collect(root)
    if args.export is not None:
        from .export import export

        paths = export(snap, args.export)
        shown = ", ".join(_rel(p, root) for p in paths.values())
        print(f"exported {len(snap.pages)} pages: {shown}")
        return 0
    from .dashboard import console, render

    render(snap, console())
    return 0


def _rel(p: Path, root: Path) -> str:
    try:
        return p.resolve().relative_to(root).as_posix()
    except ValueError:
        return str(p)


def _scan(root: Path) -> int:
    from .scan import scan

    result = scan(root)
    snap = result.snapshot
    counts = snap.status_counts()
    print(f"scanned {len(snap.pages) + len(snap.unreadable)} pages under docs/"
          + (f" ({len(snap.unreadable)} unreadable)" if snap.unreadable else ""))
    print("status: " + " · ".join(f"{k} {v}" for k, v in counts.items()))
    if result.updated:
        print(f"review.status updated in {len(result.updated)} page(s):")
        for path, old, new in result.updated:
            row = next(p for p in snap.pages if p.path == path)
            print(f"  {path}: {old or '(none)'} → {new}" + (f" ({row.reasons[0]})" if row.reasons else ""))
    print(f"wrote {METRICS_FILE}, {STATUS_FILE}")
    for line in result.refused:
        print(line, file=sys.stderr)
    for u in snap.unreadable:
        print(f"{u.text()} (not rewritten)", file=sys.stderr)
    return 1 if snap.unreadable else 0


# ---- atlas impact ----

def impact(args) -> int:
    return _guard("impact", _impact, args)


def _impact(args) -> int:
    from .impact import impact as spec_impact

    root = find_root()
    items = spec_impact(root, args.since)
    if args.since is not None and not items:
        print(f"no spec in specs/README.md's table changed since {args.since}")
        return 0
    for item in items:
        if args.since is not None:
            print(f"{item.spec} changed since {args.since}; governs {item.scope}: {len(item.pages)} page(s)")
            for path, last in item.pages:
                print(f"  {path}" + (f" (reviewed {last})" if last else " (never reviewed)"))
        else:
            print(f"{item.spec} last changed {item.changed}; governs {item.scope}: "
                  f"{len(item.pages)} page(s) reviewed before that (--scan marks them outdated)")
            for path, last in item.pages:
                print(f"  {path} (reviewed {last})")
    if not items:
        print("no spec in specs/README.md's table has a recorded change")
    return 0


# ---- atlas review (batch_diagram_reviewer.py) ----

def review(args) -> int:
    return _guard("review", _review, args)


def _review(args) -> int:
    from .review import check_category, new_parser, pages_of, rule_failures, score_pages, suggestions

    root = find_root()
    check_category(args.category)
    files = pages_of(root, args.category)
    where = f"category {args.category}" if args.category else "all categories"
    if not files:
        print(f"no pages in {where}")
        return 0
    parser = new_parser(root)
    try:
        reviews = score_pages(root, files, parser)
        if args.apply:
            return _apply(root, reviews, parser, args.yes)
        if args.fix_suggestions:
            shown = 0
            for r in reviews:
                tips = suggestions(r, parser)
                if not tips:
                    continue
                shown += 1
                print(f"{r.shown} (score {r.score})")
                for tip in tips:
                    print(f"  - {tip}")
            if not shown:
                print(f"nothing to fix in {where}")
            return 0
    finally:
        parser.close()
    # --report, and the plan's bare `--category systems`
    avg = sum(r.score for r in reviews) / len(reviews)
    print(f"compliance in {where}: {len(reviews)} pages, average score {avg:.0f}, "
          f"{sum(1 for r in reviews if r.score == 100)} fully compliant (worst first)")
    print(f"{'score':>5}  {'errors':>6}  {'warn':>4}  page  (failed rules)")
    for r in reviews:
        print(f"{r.score:>5}  {r.errors:>6}  {r.warnings:>4}  {r.shown}"
              + (f"  ({', '.join(r.failed + r.warned)})" if r.failed or r.warned else ""))
    failures = rule_failures(reviews)
    if failures:
        print("most failed rules: " + ", ".join(f"{code} {n}" for code, n in failures.most_common(8)))
    return 0


def _apply(root: Path, reviews, parser, yes: bool) -> int:
    from .review import apply_fixes, mechanical_fix

    fixes = [f for f in (mechanical_fix(r, parser) for r in reviews) if f is not None]
    if not fixes:
        print("no mechanical fixes to apply (plane classDefs, missing version)")
        return 0
    for fix in fixes:
        sys.stdout.write(fix.diff())
    print(f"{len(fixes)} page(s): " + "; ".join(f"{f.shown}: {', '.join(f.what)}" for f in fixes))
    if not yes:
        if not sys.stdin.isatty():
            print("not applied: review the diff above, then run again with --apply --yes", file=sys.stderr)
            return 1
        answer = input("apply these changes? [y/N] ").strip().lower()
        if answer not in ("y", "yes"):
            print("not applied")
            return 1
    done, skipped = apply_fixes(root, fixes)
    for line in skipped:
        print(line, file=sys.stderr)
    print(f"applied to {len(done)} page(s); their content changed, so they need review (--mark-reviewed)")
    return 1 if skipped else 0


# ---- atlas progress (progress_tracker.py) ----

def progress(args) -> int:
    return _guard("progress", _progress, args)


def _progress(args) -> int:
    from .progress import progress as weekly, render_text
    from .scan import collect

    report = weekly(collect(find_root()))
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        sys.stdout.write(render_text(report))
    return 0


# ---- atlas sources (manual_source_discovery.py) ----

def sources(args) -> int:
    return _guard("sources", _sources, args)


def _sources(args) -> int:
    from .discovery import checklist, render
    from .scan import collect

    if args.incidents is not None and not Path(args.incidents).is_file():
        raise DiscoveryError(f"--incidents {args.incidents}: no such file")
    c = checklist(collect(find_root()), Path(args.incidents) if args.incidents else None)
    sys.stdout.write(render(c))
    return 0
