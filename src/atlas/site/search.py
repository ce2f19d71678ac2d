"""Site search for on-call: a Pagefind index built from the rendered pages, served from the site.

Why Pagefind rather than Material's built-in search: Material's browser search downloads the whole
search_index.json before it shows a result (2.8 MB for the 1,000-page bench corpus, more for the
real atlas); Pagefind's index is split into chunks and a query loads only the chunks of its words
(BENCHMARKS.md, "Search": the measurement behind the choice).

What is indexed, and how it is weighted:
- only the article (`data-pagefind-body` on Material's <article>), not the nav or the footer, and
  only on written pages: generated indexes (technology pages, the incident response index, the
  status page) would outrank the pages they list;
- never a diagram's source or its rendering (`.atlas-diagram` is excluded), nor permalink anchors;
- a page's `symptoms` and `error_signatures` appear in an "On-call signals" block under its title,
  weighted above body text (`data-pagefind-weight`), and the error strings verbatim in code.
"""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

from ..technames import split

PAGEFIND_DIR = "pagefind"
EXCLUDE = ".atlas-diagram, .headerlink, .md-source-file"
# Pagefind's ready-made UIs; the site renders results itself (docs/javascripts/search.js)
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
          "pagefind-modular-ui.js", "pagefind-modular-ui.css", "pagefind-highlight.js")
SIGNALS_WEIGHT = 8.0
ARTICLE = re.compile(r'<article class="md-content__inner md-typeset"')


class SearchIndexError(RuntimeError):
    pass


def signals_block(meta: dict) -> str:
    """HTML for the page's on-call signals (empty when it lists none). Shown open under the title: on-call
    sees the error strings without a click, and may fold them away."""
    symptoms = [str(s) for s in meta.get("symptoms") or [] if str(s).strip()]
    errors = [str(s) for s in meta.get("error_signatures") or [] if str(s).strip()]
    if not symptoms and not errors:
        return ""
    counts = ", ".join(x for x in (
        f"{len(errors)} error string{'s' * (len(errors) != 1)}" if errors else "",
        f"{len(symptoms)} symptom{'s' * (len(symptoms) != 1)}" if symptoms else "") if x)
    items = [f"<li><code>{html.escape(e)}</code></li>" for e in errors]
    items += [f"<li>{html.escape(s)}</li>" for s in symptoms]
    return (f'<details class="atlas-signals" open data-pagefind-weight="{SIGNALS_WEIGHT}">'
            f"<summary>On-call signals: {counts}</summary><ul>{''.join(items)}</ul></details>\n")


def technologies_meta(meta: dict) -> str:
    """An empty element carrying the page's canonical technologies as Pagefind metadata: the search weighs
    a named technology's pages with it (atlas.query) without fetching the page."""
    names = sorted({split(t)[0] for t in meta.get("technologies") or [] if isinstance(t, str) and split(t)[0]})
    if not names:
        return ""
    value = html.escape(", ".join(n.replace(",", " ") for n in names), quote=True)
    return f'<span data-pagefind-meta="technologies:{value}" hidden></span>\n'


def with_signals(markdown: str, meta: dict) -> str:
    """The page's Markdown with its signals block (and its technologies for search) right after the first
    H1 (or at the top)."""
    block = signals_block(meta) + technologies_meta(meta)
    if not block:
        return markdown
    lines = markdown.splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.startswith("# "):
            return "".join(lines[: i + 1]) + "\n" + block + "\n" + "".join(lines[i + 1 :])
    return block + "\n" + markdown


def indexable(generated: bool, is_index: bool) -> bool:
    """Pages search returns: written pages, not the indexes generated from them (the incident response
    index and the technology pages quote every error string and would outrank the pages they list)."""
    return not generated and not is_index


def mark_body(output: str) -> str:
    """Mark Material's article as the only part of the page Pagefind indexes."""
    return ARTICLE.sub(r'<article data-pagefind-body class="md-content__inner md-typeset"', output, count=1)


def build_index(site_dir: Path, node_modules: Path) -> Path:
    """Run the pinned Pagefind over the built site; returns the index folder."""
    exe = node_modules / ".bin" / "pagefind"
    if not exe.exists():
        raise SearchIndexError(f"{exe} is missing: run `make setup` (npm ci installs the pinned Pagefind)")
    cmd = [str(exe), "--site", str(site_dir), "--output-subdir", PAGEFIND_DIR,
           "--exclude-selectors", EXCLUDE, "--silent"]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        last = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["no output"]
        raise SearchIndexError(f"pagefind exited {proc.returncode}: {last[0]}")
    for name in UNUSED:
        (site_dir / PAGEFIND_DIR / name).unlink(missing_ok=True)
    return site_dir / PAGEFIND_DIR
