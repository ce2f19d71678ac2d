"""Shared fixtures: one real Mermaid parser (Node) for the session, temporary docs trees, the CLI, and,
registered here so that every module shares them, the real site built once per session (sitebuild.py)
and one Chromium per session (browser.py)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # tests/pagebuilder.py

from atlas.lint.engine import lint  # noqa: E402
from atlas.lint.registry import all_rules  # noqa: E402
from atlas.lint.rule import Diagnostic  # noqa: E402
from atlas.mermaid_worker import MermaidParser  # noqa: E402
from pagebuilder import REPO, Tree  # noqa: E402
from browser import chromium, offline_page  # noqa: E402,F401 - fixtures, one per session for every module
from sitebuild import _site_builds, built_site, instant_site_url, site_url  # noqa: E402,F401 - fixtures, built once per session

ATLAS = REPO / ".venv" / "bin" / "atlas"


@pytest.fixture(scope="session")
def parser():
    """The real pinned Mermaid in a long-lived Node worker, shared: each worker takes ~1 s to start."""
    with MermaidParser() as p:
        yield p


@pytest.fixture
def tree(tmp_path) -> Tree:
    """An empty site (mkdocs.yml + docs/) in a temporary folder."""
    return Tree(tmp_path / "site")


@pytest.fixture
def lint_paths(parser):
    """Lint files or folders with every registered rule (or `rules`) through the real engine."""

    def run(paths: list[Path], rules=None) -> list[Diagnostic]:
        report = lint(list(paths), rules if rules is not None else all_rules(), parser=parser, cache=False)
        return report.diagnostics

    return run


def atlas_command() -> list[str]:
    return [str(ATLAS)] if ATLAS.exists() else [sys.executable, "-m", "atlas.cli"]


@pytest.fixture
def run_atlas():
    """Run the real `atlas` CLI in a subprocess (from the repository root); returns the CompletedProcess."""

    def run(*args, cwd=None, env=None, timeout=120) -> subprocess.CompletedProcess:
        return subprocess.run([*atlas_command(), *map(str, args)], cwd=cwd or REPO, env={**os.environ, **(env or {})},
                              capture_output=True, text=True, timeout=timeout)

    return run



# `make test` runs the suite on two pytest-xdist workers (`-n 2 --dist loadscope`), with the scheduler
# below: a group of tests runs on one worker, whole. Each module is a group of its own (its module
# fixtures are set up once), and every module that uses the real site is in one group, "site", so the
# site is built once, by one worker, while the other worker takes the rest. (xdist's own `loadgroup`
# marks do not reach the scheduler under pytest 9, which no longer reads the node id xdist rewrites.)
# A module uses the real site if its text names one of the session's site fixtures.
SITE_FIXTURES = re.compile(r"\b(_site_builds|built_site|site_url|instant_site_url)\b")


@lru_cache(maxsize=None)
def uses_the_site(module: str) -> bool:
    path = Path(__file__).parent.parent / module
    return path.is_file() and bool(SITE_FIXTURES.search(path.read_text(encoding="utf-8")))


def pytest_xdist_make_scheduler(config, log):
    if config.getvalue("dist") != "loadscope":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class ModulesAndTheSite(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::", 1)[0]
            return "site" if uses_the_site(module) else module

    return ModulesAndTheSite(config, log)
