"""--dashboard: the Snapshot in the terminal, with rich."""

from __future__ import annotations

import sys

from rich import box
from rich.console import Console
from rich.table import Table

from .scan import Snapshot
from .views import headline, top_priority, views


def console(file=None) -> Console:
    file = file or sys.stdout
    tty = file.isatty() if hasattr(file, "isatty") else False
    # Piped (a report, a test, CI): wide enough that no table wraps a number onto two lines.
    return Console(file=file, width=None if tty else 140, highlight=False, soft_wrap=False)


def render(snap: Snapshot, con: Console) -> None:
    con.print("[bold]The Atlas — unified status[/bold]")
    for line in headline(snap):
        con.print(f"  {line}")
    for v in views(snap):
        show_header = any(v.headers)
        t = Table(title=v.title, title_justify="left", box=box.SIMPLE_HEAVY, show_header=show_header)
        for i, h in enumerate(v.headers):
            t.add_column(h, justify="right" if h in ("Pages", "Target", "Done", "Share") else "left",
                         no_wrap=h in ("Category", "Priority", "Week of", "Pages"))
        for row in v.rows:
            t.add_row(*row + [""] * (len(v.headers) - len(row)))
        con.print(t)
        for note in v.notes:
            con.print(f"  [yellow]{note}[/yellow]")
    first = top_priority(snap)
    if first:
        t = Table(title="Review first", title_justify="left", box=box.SIMPLE_HEAVY)
        for h in ("Priority", "Page", "Status", "Why"):
            t.add_column(h, no_wrap=h != "Why")
        for row in first:
            t.add_row(*row)
        con.print(t)
    for u in snap.unreadable:
        con.print(f"[red]{u.text()}[/red]")
