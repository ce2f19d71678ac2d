"""The viewer benchmark's page (atlas.bench.viewer.write_site) builds: make bench runs it, and nothing
else would notice when the corpus generator it draws from changes shape."""

from __future__ import annotations

from atlas.bench import viewer
from atlas.site.prerender import sources_of


def test_the_viewer_bench_page_builds_with_its_distinct_diagrams_of_the_stated_size(tmp_path):
    site = viewer.write_site(tmp_path / "bench")
    sources = sources_of((site / "index.html").read_text(encoding="utf-8"))
    assert len(sources) == len(set(sources)) == viewer.DIAGRAMS
    for source in sources:
        assert source.startswith("flowchart ")
        nodes = {line.split("[")[0].split("{")[0].strip() for line in source.splitlines()
                 if line.startswith(" " * 8) and "-->" not in line}
        assert len(nodes) == viewer.NODES
    assert (site / "assets" / "vendor" / "mermaid" / "mermaid.min.js").is_file()
