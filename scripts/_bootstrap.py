"""Shared by the plan's script names: run the `atlas` CLI inside the project's .venv."""
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV_PY = ROOT / ".venv" / "bin" / "python"


def run(argv: list[str]) -> int:
    if VENV_PY.exists() and Path(sys.prefix).resolve() != (ROOT / ".venv").resolve():
        os.execv(str(VENV_PY), [str(VENV_PY), "-m", "atlas.cli", *argv])
    sys.path.insert(0, str(ROOT / "src"))
    try:
        from atlas.cli import main
    except ImportError as exc:
        print(f"{sys.argv[0]}: {exc}; run `make setup` first", file=sys.stderr)
        return 2
    return main(argv)
