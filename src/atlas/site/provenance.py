"""What the build appends to a page from its front matter: the gate elements that do not apply to it
(with their reasons), a line with its version, last review and edit link, and its numbered Sources list.

Writers cite a source with `[^id]` after the claim; the footnote definitions are generated here from
`sources`, so the Python-Markdown footnotes extension numbers them, links each reference to its entry
and each entry back, and Material shows the entry on hover or focus (content.footnote.tooltips)."""

from __future__ import annotations

import datetime as dt

from ..catalog import GATE_ELEMENTS

PLACE_MARKER = "///Footnotes Go Here///"  # Python-Markdown's default: where the footnotes list goes
CONFIDENCE = {"A": "primary", "B": "secondary", "C": "our estimate or model"}
ELEMENT_TITLES = {eid: cues[0] for elements in GATE_ELEMENTS.values() for eid, cues in elements}


def _date(value) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _inline(text) -> str:
    """Front matter text safe inside a footnote line: one line, no link brackets of its own."""
    return " ".join(str(text).split()).replace("[", "(").replace("]", ")")


def source_definition(src: dict) -> str:
    title = _inline(src.get("title", "")).replace("*", "\\*").replace("_", "\\_")
    parts = [f"[{title}]({src.get('url', '')})", _inline(src.get("publisher", ""))]
    published = src.get("published")
    parts.append("undated" if published in (None, "undated") else f"published {_date(published)}")
    confidence = src.get("confidence")
    parts.append(f"confidence {confidence} ({CONFIDENCE.get(confidence, '?')})")
    if src.get("accessed"):
        parts.append(f"accessed {_date(src['accessed'])}")
    text = " · ".join(parts)
    if src.get("note"):
        note = _inline(src["note"])
        text += f". {note[:1].upper()}{note[1:]}"
    return f"[^{src['id']}]: {text}"


def sources_section(meta: dict) -> str:
    """'## Sources' and one footnote definition per source with an id (cited or not: CIT001's business)."""
    sources = [s for s in meta.get("sources") or [] if isinstance(s, dict) and isinstance(s.get("id"), str)]
    if not sources:
        return ""
    lines = ["", "## Sources", "", PLACE_MARKER, ""]
    lines += [source_definition(s) for s in sources]
    return "\n".join(lines) + "\n"


def not_applicable_section(meta: dict) -> str:
    """The gate elements a page declares not applicable, each with its one-line reason."""
    declared = meta.get("not_applicable")
    if not isinstance(declared, dict) or not declared:
        return ""
    lines = ["", '!!! info "Does not apply to this page"', ""]
    for eid, reason in declared.items():
        lines.append(f"    - **{ELEMENT_TITLES.get(eid, eid)}**: {_inline(reason)}")
    return "\n".join(lines) + "\n"


def page_facts(meta: dict, rel: str, repo_url: str | None) -> str:
    """One line: the page's version and last review (from front matter), and where to edit it."""
    parts = []
    if meta.get("version"):
        parts.append(f"Page version {meta['version']}")
    review = meta.get("review") if isinstance(meta.get("review"), dict) else {}
    if review.get("last_reviewed"):
        parts.append(f"last reviewed {_date(review['last_reviewed'])}")
    elif meta.get("version"):
        parts.append("not reviewed yet")
    if repo_url:
        parts.append(f"[Edit this page]({repo_url.rstrip('/')}/edit/main/docs/{rel})")
    if not parts:
        return ""
    return f'\n<p class="atlas-page-facts" markdown="span">{" · ".join(parts)}</p>\n'


def with_provenance(markdown: str, meta: dict, rel: str = "", repo_url: str | None = None) -> str:
    """The page's Markdown with its not-applicable declarations, its facts line (version, last review, edit
    link) and its Sources list appended."""
    return (markdown.rstrip("\n") + "\n" + not_applicable_section(meta) + page_facts(meta, rel, repo_url)
            + sources_section(meta))
