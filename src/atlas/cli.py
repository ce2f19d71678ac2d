"""The `atlas` command line. Each subcommand lives in its own module; this file only dispatches."""

from __future__ import annotations

import argparse
import sys

from . import __version__


def _lint(sub):
    p = sub.add_parser("lint", help="check pages against the atlas's rules")
    p.add_argument("paths", nargs="*", default=["docs"], help="files or folders (default: docs)")
    p.add_argument("--format", choices=["text", "json", "github"], default="text")
    p.add_argument("--select", default="", help="comma-separated rule codes or prefixes to run (e.g. PLN,MMD001)")
    p.add_argument("--ignore", default="", help="comma-separated rule codes or prefixes to skip")
    p.add_argument("--explain", metavar="CODE", help="explain a rule, with a good and a bad example")
    p.add_argument("--list-rules", action="store_true", help="list every rule")
    p.add_argument("--no-cache", action="store_true", help="parse every diagram again")
    p.add_argument("--timeout", type=float, default=10.0, help="seconds one diagram may take (default 10)")
    p.set_defaults(run=lambda a: __import__("atlas.commands.lint", fromlist=["run"]).run(a))


def _new(sub):
    p = sub.add_parser("new", help="write a page skeleton with the contract's front matter and gate sections")
    p.add_argument("--category", required=True)
    p.add_argument("--system")
    p.add_argument("--kind")
    p.add_argument("--group")
    p.add_argument("--slug", help="file name without .md (systems pages: the kind)")
    p.add_argument("--title")
    p.add_argument("--docs", default="docs", help="docs folder (default: docs)")
    p.add_argument("--force", action="store_true", help="overwrite an existing page")
    p.set_defaults(run=lambda a: __import__("atlas.commands.new", fromlist=["run"]).run(a))


def _schema(sub):
    p = sub.add_parser("schema", help="write the page contract's JSON Schema")
    p.add_argument("--output", default="specs/page-schema.json")
    p.add_argument("--check", action="store_true", help="exit 1 if the file is not up to date")
    p.set_defaults(run=lambda a: __import__("atlas.commands.schema", fromlist=["run"]).run(a))


def _validate_mermaid(sub):
    p = sub.add_parser("validate-mermaid", help="every diagram through the real Mermaid parser (MMD001)")
    p.add_argument("paths", nargs="*", default=["docs"])
    p.add_argument("--format", choices=["text", "json", "github"], default="text")
    p.set_defaults(run=lambda a: __import__("atlas.commands.lint", fromlist=["run_only"]).run_only(a, "MMD001"))


def _check_links(sub):
    p = sub.add_parser("check-links", help="internal links and anchors; external links' form (LNK, SEC004)")
    p.add_argument("paths", nargs="*", default=["docs"])
    p.add_argument("--format", choices=["text", "json", "github"], default="text")
    p.set_defaults(run=lambda a: __import__("atlas.commands.lint", fromlist=["run_only"]).run_only(a, "LNK,SEC004"))


def _find(sub):
    p = sub.add_parser("find", help="pages for an error line or a symptom, ranked as the site's search ranks them")
    p.add_argument("query", nargs="+", metavar="QUERY", help='the error line or symptom, e.g. "too many clients"')
    p.add_argument("--limit", type=int, default=5, help="how many results (default: 5)")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--docs", default="docs", help="docs folder (default: docs)")
    p.set_defaults(run=lambda a: __import__("atlas.commands.find", fromlist=["run"]).run(a))


def _check_offline(sub):
    p = sub.add_parser("check-offline", help="built site: nothing is loaded from another host (OFF001)")
    p.add_argument("site_dir", nargs="?", default="site", metavar="SITE_DIR", help="built site folder (default: site)")
    p.set_defaults(run=lambda a: __import__("atlas.commands.offline", fromlist=["run"]).run(a))


def _site(sub):
    p = sub.add_parser("site", help="build the site: generate the build folder, run an engine, finish")
    p.add_argument("step", choices=["generate", "finish", "build"],
                   help="generate: docs tree -> .build/; finish: built HTML -> served site; build: all three")
    p.add_argument("--engine", choices=["mkdocs", "zensical"], default="mkdocs",
                   help="for build: MkDocs + Material (default) or Zensical")
    p.add_argument("--root", default=".", help="the repository (mkdocs.yml and docs/)")
    p.add_argument("--build-dir", help="the generated folder (default: ROOT/.build)")
    p.add_argument("--site-dir", help="the built site (default: ROOT/site)")
    p.set_defaults(run=lambda a: __import__("atlas.commands.site", fromlist=["run"]).run(a))


def _run(name: str):
    return lambda a: getattr(__import__("atlas.status.commands", fromlist=[name]), name)(a)


def _status(sub):
    p = sub.add_parser("status", aliases=["unified-status-tracker"],
                       help="review status and versions: --scan, --dashboard, --mark-reviewed, --update-status, --export")
    act = p.add_mutually_exclusive_group()
    act.add_argument("--scan", action="store_true",
                     help="derive every page's status, write it to the pages and data/*.json (the only writer)")
    act.add_argument("--dashboard", action="store_true", help="the status in the terminal (the default)")
    act.add_argument("--mark-reviewed", metavar="FILE", help="bump the minor version; set today's date and the body's MD5")
    act.add_argument("--update-status", metavar="FILE", help="set review.status of FILE to --status S")
    act.add_argument("--export", metavar="NAME", help="write data/exports/NAME.json, .csv and .md")
    p.add_argument("--status", metavar="S", help="with --update-status: up_to_date, needs_review, outdated, missing_version")
    p.set_defaults(run=_run("status"))


def _review(sub):
    p = sub.add_parser("review", aliases=["batch-diagram-reviewer"],
                       help="compliance score per page from the lint rules, fix suggestions, mechanical fixes")
    p.add_argument("--category", metavar="C", help="one category (default: every page)")
    p.add_argument("--report", action="store_true", help="score per page, worst first (the default)")
    p.add_argument("--fix-suggestions", action="store_true", help="concrete fixes per page")
    p.add_argument("--apply", action="store_true", help="apply the mechanical fixes (plane classDefs, missing version) after a diff")
    p.add_argument("--yes", action="store_true", help="with --apply: do not ask")
    p.set_defaults(run=_run("review"))


def _progress(sub):
    p = sub.add_parser("progress", aliases=["progress-tracker"], help="weekly progress against the catalog's targets")
    p.add_argument("--json", action="store_true", help="the report as JSON")
    p.set_defaults(run=_run("progress"))


def _sources(sub):
    p = sub.add_parser("sources", aliases=["manual-source-discovery"], help="the weekly research checklist")
    p.add_argument("--incidents", metavar="PATH", help="incident candidates (default: ../shared/catalog/incidents.md)")
    p.set_defaults(run=_run("sources"))


def _impact(sub):
    p = sub.add_parser("impact", help="pages governed by the specs that changed (specs/README.md's table)")
    p.add_argument("--since", metavar="REV", help="specs changed since this git revision (default: since each page's review)")
    p.set_defaults(run=_run("impact"))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="atlas", description="Tooling for the Atlas of production diagrams.")
    parser.add_argument("--version", action="version", version=f"atlas {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for add in (_lint, _new, _schema, _validate_mermaid, _check_links, _check_offline, _find, _site, _status, _review, _progress,
                _sources, _impact):
        add(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `atlas lint | head`: the reader left, nothing more to say
        sys.stderr.close()
        return 1


if __name__ == "__main__":
    sys.exit(main())
