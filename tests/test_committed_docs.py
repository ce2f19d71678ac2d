"""What is committed passes its own checks: `atlas lint docs` is clean on the repository's pages,
DIA002 (diagram size) included: the 54 findings of issue 13 are fixed (diagrams split or laid out top
to bottom), and no page may have one now."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def lint_report() -> dict:
    proc = subprocess.run([sys.executable, "-m", "atlas.cli", "lint", "--no-cache", "--format", "json", "docs"],
                          cwd=REPO, capture_output=True, text=True, timeout=300)
    assert proc.returncode in (0, 1), proc.stdout[-3000:] + proc.stderr[-2000:]
    return json.loads(proc.stdout)


def test_atlas_lint_passes_on_the_committed_docs(lint_report):
    errors = [d for d in lint_report["diagnostics"] if d["severity"] == "error"]
    assert errors == [], "\n".join(f"{d['path']}:{d['line']} {d['code']} {d['message']}" for d in errors)


def test_no_diagram_is_too_wide(lint_report):
    wide = [d for d in lint_report["diagnostics"] if d["code"] == "DIA002"]
    assert wide == [], "\n".join(f"{d['path']}:{d['line']} {d['message']}" for d in wide)
