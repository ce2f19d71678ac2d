"""Search benchmark and evaluation (`make bench` runs it; `python -m atlas.bench.search` alone).

Evaluation: the queries in search-queries.yaml (an on-call engineer's words: pasted error lines,
symptoms, technology names), each with the page(s) a good answer must include, run against
  - the built site's real search: Pagefind in headless Chromium, through the search box, offline;
  - `atlas find` on the Markdown sources.
Reported: hit@1 (the first result is an expected page) and hit@3 (one of the first three is).

Cost: on the same built site, the bytes a browser loads from opening the search to its first results
(Pagefind's script, WebAssembly, metadata, the index chunks and fragments of that query), the time to
the first results, and the time per query once loaded. Material's built-in search, for comparison,
loads its whole search_index.json before the first result: its size is measured on a second build
with Material's search plugin switched on.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from ..find import Index, load_docs
from ..site import build as site_build
from ..site.server import launch_chromium, serve
from .corpus import signature_queries, write_corpus
from .report import replace_section

REPO = Path(__file__).resolve().parents[3]
QUERIES = Path(__file__).with_name("search-queries.yaml")
TARGET_HIT3 = 0.90
TARGET_FIRST_BYTES = 2 * 1024 * 1024
TARGET_QUERY_MS = 100.0


@dataclass(frozen=True)
class Query:
    text: str
    expect: tuple[str, ...]  # page paths under docs/, e.g. debugging/infrastructure/k8s-oomkilled.md
    kind: str  # error | symptom | technology


def load_queries(path: Path = QUERIES) -> list[Query]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    out = []
    for i, item in enumerate(data["queries"], 1):
        if not item.get("expect"):
            raise ValueError(f"{path}: query {i} ({item.get('q')!r}) lists no expected page")
        out.append(Query(str(item["q"]), tuple(item["expect"]), str(item.get("kind", "symptom"))))
    return out


def url_of(rel: str) -> str:
    """The site path of a docs page (directory URLs)."""
    return "/" + rel.removesuffix(".md").removesuffix("index").rstrip("/") + "/"


def score(results: list[list[str]], queries: list[Query]) -> dict:
    hit1 = sum(bool(r) and r[0] in q.expect for r, q in zip(results, queries))
    hit3 = sum(any(x in q.expect for x in r[:3]) for r, q in zip(results, queries))
    misses = [{"q": q.text, "expect": list(q.expect), "got": r[:3]}
              for r, q in zip(results, queries) if not any(x in q.expect for x in r[:3])]
    n = len(queries)
    return {"n": n, "hit1": hit1 / n, "hit3": hit3 / n, "misses": misses}


def eval_find(docs: Path, queries: list[Query]) -> dict:
    started = time.perf_counter()
    index = Index(load_docs(docs))
    load_s = time.perf_counter() - started
    results, times = [], []
    for q in queries:
        t = time.perf_counter()
        results.append([h.rel for h in index.search(q.text, 3)])
        times.append((time.perf_counter() - t) * 1000)
    return {**score(results, queries), "load_seconds": load_s, "query_ms_median": statistics.median(times)}


def build_site(dest: Path, material_search: bool = False, docs: Path | None = None) -> Path:
    """The real site (or another docs tree) built into dest; with Material's search plugin switched on
    when asked (for the size comparison). Its diagrams are not drawn: the search index leaves them out
    (data-pagefind-ignore), and drawing the corpus's would take most of the benchmark's time."""
    return site_build.build_site(dest, docs=docs, extra_yaml="plugins:\n  - search\n" if material_search else "",
                                 draw=False)


SEARCH_JS = """async (q) => {
  const t = performance.now();
  const found = await window.atlasSearch.query(q, 3);  // what the search box runs (docs/javascripts/search.js)
  return { ms: performance.now() - t, urls: found.results.map(d => new URL(d.url, location.href).pathname) };
}"""


def eval_site(site: Path, queries: list[Query]) -> dict:
    """Every query through Pagefind in Chromium, plus the first-results cost measured through the UI."""
    from playwright.sync_api import sync_playwright



    with serve(site) as base, sync_playwright() as pw:
        browser = launch_chromium(pw)
        try:
            cost = first_results_cost(browser, base, queries[0].text)
            page = browser.new_page()
            page.route("**/*", lambda r: r.continue_() if urlsplit(r.request.url).hostname == "127.0.0.1"
                       else r.abort())
            page.goto(base)
            results, times = [], []
            for q in queries:
                got = page.evaluate(SEARCH_JS, q.text)
                results.append([p for p in got["urls"]])
                times.append(got["ms"])
        finally:
            browser.close()
    expected = [Query(q.text, tuple(url_of(e) for e in q.expect), q.kind) for q in queries]
    return {**score(results, expected), **cost, "query_ms_median": statistics.median(times[1:] or times),
            "query_ms_max": max(times[1:] or times)}


def first_results_cost(browser, base: str, query: str) -> dict:
    """Fresh browser context: open the home page, then type the query into the search box; count the
    bytes of every response from the moment search opens until the results are on screen."""
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    page.route("**/*", lambda r: r.continue_() if urlsplit(r.request.url).hostname == "127.0.0.1" else r.abort())
    page.goto(base)
    page.wait_for_load_state("networkidle")
    sizes: list[int] = []
    page.on("response", lambda resp: sizes.append(len(resp.body())) if resp.ok else None)
    started = time.perf_counter()
    page.keyboard.press("/")
    page.locator(".atlas-search__input").fill(query)
    page.wait_for_function("q => document.querySelector('.atlas-search__results').dataset.query === q", arg=query,
                           timeout=30_000)
    elapsed = time.perf_counter() - started
    context.close()
    return {"first_bytes": sum(sizes), "first_requests": len(sizes), "first_seconds": elapsed}


def at_scale(tmp: Path, pages: int = 1000) -> dict:
    """The cost side on the synthetic 1,000-page corpus (atlas.bench.corpus, larger than the 920-page
    catalog): bytes to the first results and time per query, for queries made of its error strings."""
    from playwright.sync_api import sync_playwright

    corpus = tmp / "corpus"
    write_corpus(corpus, pages=pages)
    site = build_site(corpus / "site", docs=corpus / "docs")
    with serve(site) as base, sync_playwright() as pw:
        browser = launch_chromium(pw)
        try:
            queries = signature_queries()
            cost = first_results_cost(browser, base, queries[0])
            page = browser.new_page()
            page.goto(base)
            times = [page.evaluate(SEARCH_JS, q)["ms"] for q in queries[1:]]
        finally:
            browser.close()
    return {"pages": pages, **cost, "query_ms_median": statistics.median(times), "query_ms_max": max(times),
            "pagefind_bytes": index_bytes(site)}


def index_bytes(site: Path) -> int:
    return sum(p.stat().st_size for p in (site / "pagefind").rglob("*") if p.is_file())


def run(queries_path: Path = QUERIES, docs: Path | None = None, scale: bool = True) -> dict:
    queries = load_queries(queries_path)
    docs = docs or REPO / "docs"
    out = {"queries": len(queries), "find": eval_find(docs, queries)}
    with tempfile.TemporaryDirectory(prefix="atlas-search-") as tmp:
        site = build_site(Path(tmp) / "site", docs=docs)
        out["site"] = eval_site(site, queries)
        out["pagefind_bytes"] = index_bytes(site)
        out["pages"] = sum(1 for _ in site.rglob("index.html"))
        material = build_site(Path(tmp) / "material", material_search=True, docs=docs)
        index = material / "search" / "search_index.json"
        out["material_index_bytes"] = index.stat().st_size if index.exists() else None
        if scale:
            out["scale"] = at_scale(Path(tmp))
    return out


def rows(r: dict) -> list[tuple[str, str, str, str]]:
    """(what, measured, target, verdict)."""
    v = lambda ok: "PASS" if ok else "FAIL"  # noqa: E731
    s, f = r["site"], r["find"]
    mb = lambda b: f"{b / 1024 / 1024:.2f} MB" if b is not None else "n/a"  # noqa: E731
    return [
        ("site search (Pagefind, Chromium): hit@1 / hit@3", f"{s['hit1']:.0%} / **{s['hit3']:.0%}** of {s['n']}",
         f"hit@3 ≥ {TARGET_HIT3:.0%}", v(s["hit3"] >= TARGET_HIT3)),
        ("`atlas find`: hit@1 / hit@3", f"{f['hit1']:.0%} / **{f['hit3']:.0%}** of {f['n']}",
         f"hit@3 ≥ {TARGET_HIT3:.0%}", v(f["hit3"] >= TARGET_HIT3)),
        ("bytes loaded from opening search to first results", f"{s['first_bytes'] / 1024:.0f} KB "
         f"in {s['first_requests']} requests ({s['first_seconds'] * 1000:.0f} ms)", "≤ 2 MB",
         v(s["first_bytes"] <= TARGET_FIRST_BYTES)),
        ("query time once loaded (Pagefind)", f"median {s['query_ms_median']:.0f} ms, max {s['query_ms_max']:.0f} ms",
         f"≤ {TARGET_QUERY_MS:.0f} ms", v(s["query_ms_median"] <= TARGET_QUERY_MS)),
        ("query time (`atlas find`, index loaded)", f"median {f['query_ms_median']:.1f} ms "
         f"(loading {f['load_seconds']:.2f} s)", "—", "—"),
        ("whole index on disk: Pagefind / Material's search_index.json",
         f"{mb(r['pagefind_bytes'])} / {mb(r['material_index_bytes'])} (Material loads all of it first)",
         "—", "—"),
    ] + ([] if "scale" not in r else [
        (f"at full scale ({r['scale']['pages']}-page synthetic corpus): bytes to first results",
         f"{r['scale']['first_bytes'] / 1024:.0f} KB in {r['scale']['first_requests']} requests "
         f"(index on disk {mb(r['scale']['pagefind_bytes'])})", "≤ 2 MB",
         v(r["scale"]["first_bytes"] <= TARGET_FIRST_BYTES)),
        ("at full scale: query time once loaded", f"median {r['scale']['query_ms_median']:.0f} ms, "
         f"max {r['scale']['query_ms_max']:.0f} ms", f"≤ {TARGET_QUERY_MS:.0f} ms",
         v(r["scale"]["query_ms_median"] <= TARGET_QUERY_MS)),
    ])


def table(r: dict) -> str:
    lines = ["| what | measured | target | |", "|---|---|---|---|"]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows(r)]
    return "\n".join(lines)


BEGIN = "<!-- bench-search:begin (generated by `make bench`: python -m atlas.bench.search) -->"
END = "<!-- bench-search:end -->"


def section(r: dict) -> str:
    misses = [f"- {where}: `{m['q']}` expected {', '.join(m['expect'])}, got {', '.join(m['got']) or 'nothing'}"
              for where in ("site", "find") for m in r[where]["misses"]]
    return "\n".join([
        BEGIN,
        f"## Search: latest run {time.strftime('%Y-%m-%d %H:%M')}",
        "",
        f"The real site ({r['pages']} HTML pages) built once; {r['queries']} queries from "
        "`src/atlas/bench/search-queries.yaml` (pasted error lines, symptoms in plain words, technology "
        "names), each run through the search box's own query function in headless Chromium with every "
        "non-local request blocked, and through `atlas find` on the Markdown sources.",
        "",
        table(r),
        "",
        "Misses (not in the top 3):" if misses else "Misses: none.",
        *misses,
        "",
        "Reproduce: `make bench`, or `.venv/bin/python -m atlas.bench.search` alone.",
        END,
    ])


def write_benchmarks(path: Path, r: dict) -> None:
    replace_section(path, BEGIN, END, section(r))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m atlas.bench.search", description=__doc__.split("\n\n")[0])
    ap.add_argument("--queries", type=Path, default=QUERIES)
    ap.add_argument("--json", type=Path, help="also write the raw results here")
    ap.add_argument("--output", type=Path, default=REPO / "BENCHMARKS.md")
    ap.add_argument("--no-write", action="store_true", help="print only; do not update BENCHMARKS.md")
    ap.add_argument("--no-scale", action="store_true", help="skip the 1,000-page corpus measurement")
    args = ap.parse_args(argv)
    r = run(args.queries, scale=not args.no_scale)
    if not args.no_write:
        write_benchmarks(args.output, r)
    print(table(r))
    for where in ("site", "find"):
        for m in r[where]["misses"]:
            print(f"miss ({where}): {m['q']!r} expected {m['expect']} got {m['got']}", file=sys.stderr)
    if args.json:
        args.json.write_text(json.dumps(r, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
