"""What is committed passes its own checks: `atlas lint docs` is clean on the repository's pages."""

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_atlas_lint_passes_on_the_committed_docs():
    proc = subprocess.run([sys.executable, "-m", "atlas.cli", "lint", "--no-cache", "--format", "json", "docs"],
                          cwd=REPO, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert '"errors": 0' in proc.stdout
