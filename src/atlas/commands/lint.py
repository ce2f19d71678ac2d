"""`atlas lint`: run the rules, print diagnostics in text, JSON or GitHub annotation format."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ..lint.engine import Report, lint
from ..lint.registry import all_rules, by_code, select
from ..mermaid_worker import MermaidParser, WorkerUnavailable


def _codes(value: str) -> list[str]:
    return [c.strip().upper() for c in value.split(",") if c.strip()]


def explain(code: str) -> int:
    rules = by_code()
    rule = rules.get(code.upper())
    if rule is None:
        print(f"atlas: no rule {code!r}; known: {', '.join(rules)}", file=sys.stderr)
        return 2
    print(f"{rule.code} {rule.name} ({rule.severity})\n\n{rule.summary}\n\nWhy: {rule.rationale}\n")
    print(f"Applies to: {'catalogued pages (under a category, not index.md)' if rule.applies_to == 'catalogued' else 'every page'}\n")
    print("Good:\n" + _indent(rule.good) + "\n\nBad:\n" + _indent(rule.bad))
    return 0


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in text.splitlines())


def print_report(report: Report, fmt: str, out=sys.stdout) -> None:
    if fmt == "json":
        json.dump({"files": report.files, "diagrams": report.diagrams, "errors": report.errors,
                   "warnings": report.warnings,
                   "diagnostics": [{"path": d.path, "line": d.line, "col": d.col, "code": d.code,
                                    "severity": d.severity, "message": d.message} for d in report.diagnostics]},
                  out, indent=2, ensure_ascii=False)
        out.write("\n")
        return
    for d in report.diagnostics:
        if fmt == "github":
            msg = d.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            out.write(f"::{d.severity} file={d.path},line={d.line},col={d.col},title={d.code}::{msg}\n")
        else:
            out.write(d.text() + "\n")
    if fmt == "text":
        summary = f"{report.files} files, {report.diagrams} diagrams: {report.errors} errors, {report.warnings} warnings"
        print(summary, file=sys.stderr)


def _run(paths: list[str], rules, fmt: str, no_cache: bool = False, timeout: float = 10.0) -> int:
    missing = [p for p in paths if not Path(p).exists()]
    for p in missing:
        print(f"{p}:1:1 IO001 no such file or directory", file=sys.stdout if fmt == "text" else sys.stderr)
    try:
        parser = MermaidParser(timeout=timeout) if any(getattr(r, "needs_mermaid", False) for r in rules) else None
    except WorkerUnavailable as exc:
        print(f"atlas: {exc}", file=sys.stderr)
        return 2
    try:
        report = lint([Path(p) for p in paths if Path(p).exists()], rules, parser=parser, cache=not no_cache)
    except WorkerUnavailable as exc:
        print(f"atlas: {exc}", file=sys.stderr)
        return 2
    finally:
        if parser is not None:
            parser.close()
    print_report(report, fmt)
    return 1 if report.errors or missing else 0


def run(args) -> int:
    if args.list_rules:
        for r in all_rules():
            print(f"{r.code}  {r.name:<28} {r.summary}")
        return 0
    if args.explain:
        return explain(args.explain)
    rules = select(all_rules(), _codes(args.select), _codes(args.ignore))
    return _run(args.paths, rules, args.format, args.no_cache, args.timeout)


def run_only(args, codes: str) -> int:
    return _run(args.paths, select(all_rules(), _codes(codes), None), args.format)
