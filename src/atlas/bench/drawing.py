"""`python -m atlas.bench.drawing`: what one drawing of the build costs (atlas.site.prerender's own call,
`atlasViewer.prerender`, in the Chromium the build uses), for a sample of the real atlas's diagrams and
of the 1,000-page corpus's, in each scheme; and `mermaid.render()` alone on the same real diagrams, so
the viewer's share shows. One worker, on the build's own drawing_page, after a warm-up. Prints
milliseconds per drawing; BENCHMARKS.md's section on issue 23 item 4 quotes it."""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

from ..site.build import REPO, build_site
from ..site.prerender import BATCH, THEMES, draw_batch, drawing_page, sources_of
from .corpus import corpus_diagrams, write_corpus

WARM_UP = 5
# Mermaid's render alone, configured once much as the viewer configures it (not its label font or Gantt
# settings): no label-contrast pass, no compaction.
RAW_JS = """async (sources) => {
  const column = document.querySelector('.md-content__inner') || document.body;
  window.mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: 'default',
                              flowchart: { htmlLabels: true, useMaxWidth: true } });
  const started = performance.now();
  for (let i = 0; i < sources.length; i++) {
    const holder = document.createElement('div');
    column.appendChild(holder);
    holder.innerHTML = (await window.mermaid.render('atlas-raw-' + i, sources[i], holder)).svg;
    holder.remove();
  }
  return performance.now() - started;
}"""


def sample(sources: list[str], n: int, seed: int = 1) -> list[str]:
    unique = list(dict.fromkeys(sources))
    random.Random(seed).shuffle(unique)
    return unique[:n]


def per_drawing_ms(page, sources: list[str], theme: str, tag: str) -> float:
    started = time.perf_counter()
    for i in range(0, len(sources), BATCH):
        ids = [f"atlas-bench-{tag}-{theme}-{j}" for j in range(i, i + len(sources[i:i + BATCH]))]
        draw_batch(page, sources[i:i + BATCH], ids, theme)
    return (time.perf_counter() - started) * 1000 / len(sources)


def measure(n: int, work: Path) -> list[tuple[str, float]]:
    site = build_site(work / "site", root=REPO, draw=False)
    real = sample([s for p in sorted(site.rglob("*.html")) for s in sources_of(p.read_text(encoding="utf-8"))], n)
    write_corpus(work / "corpus", pages=1000)
    corpus = sample(corpus_diagrams(work / "corpus" / "docs"), n)
    rows = []
    with drawing_page(site) as page:
        per_drawing_ms(page, real[:WARM_UP], THEMES[0], "warm")  # loads Mermaid, compiles its layout code
        rows.append((f"mermaid.render() alone, {len(real)} real diagrams", page.evaluate(RAW_JS, real) / len(real)))
        for name, sources in (("real", real), ("corpus", corpus)):
            for theme in THEMES:
                rows.append((f"the build's path, {len(sources)} {name} diagrams, {theme}",
                             per_drawing_ms(page, sources, theme, name)))
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m atlas.bench.drawing", description=__doc__.split("\n\n")[0])
    ap.add_argument("--diagrams", type=int, default=100, help="diagrams in each sample (default 100)")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="atlas-drawing-") as tmp:
        for what, ms in measure(args.diagrams, Path(tmp)):
            print(f"{ms:7.1f} ms a drawing  {what}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
