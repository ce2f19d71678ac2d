"""The site's generation step (atlas.site.generate) on small trees: what it writes, that a rerun writes
nothing, that a page gone from the tree is gone from the build, and that the import layers hold."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import yaml

from atlas.site.finish import html_path
from atlas.site.generate import MANIFEST, generate
from pagebuilder import REPO, SOURCES, Tree, valid_page


def site_tree(tmp_path) -> Tree:
    tree = Tree(tmp_path / "repo")
    (tree.root / "mkdocs.yml").write_text((REPO / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8")
    tree.write("index.md", "# Home\n")
    tree.write("debugging/index.md", "# Debugging\n\n<!-- atlas:debugging-by-symptom -->\n")
    tree.write("debugging/infrastructure/postgres-connections.md", valid_page())
    return tree


def test_generate_writes_pages_with_their_generated_parts_and_the_derived_nav(tmp_path):
    tree = site_tree(tmp_path)
    result = generate(tree.root, tmp_path / "build")
    page = (result.docs / "debugging/infrastructure/postgres-connections.md").read_text(encoding="utf-8")
    # the written page keeps its front matter and gains the Sources list and the on-call signals
    assert page.startswith((tree.docs / "debugging/infrastructure/postgres-connections.md").read_text().split("\n# ")[0])
    assert "\n## Sources\n" in page and f"[^{SOURCES[0]['id']}]: [{SOURCES[0]['title']}]({SOURCES[0]['url']})" in page
    assert 'class="atlas-signals"' in page
    # the index marker is replaced by the table built from the guide's front matter
    index = (result.docs / "debugging/index.md").read_text(encoding="utf-8")
    assert "atlas:debugging-by-symptom" not in index and "postgres-connections.md" in index
    # pages that exist only in the site: /status/ and one per technology
    assert (result.docs / "status.md").is_file()
    assert any(p.name.startswith("postgresql") for p in (result.docs / "technologies").glob("*.md"))
    # the engine config: this docs_dir, the derived nav, no hooks
    config = (result.out / "mkdocs.yml").read_text(encoding="utf-8")
    assert "docs_dir: docs\n" in config and "hooks: []" in config
    nav = yaml.safe_load(config[config.index("\nnav:") :])["nav"]
    assert nav == result.nav and {"Status": "status.md"} in nav[0]["Home"]
    # search takes the written pages, not the generated index
    indexed = json.loads((result.out / MANIFEST).read_text())["indexed"]
    assert "debugging/infrastructure/postgres-connections.md" in indexed and "debugging/index.md" not in indexed


def test_a_rerun_writes_nothing_and_a_deleted_page_leaves_the_build(tmp_path):
    tree = site_tree(tmp_path)
    first = generate(tree.root, tmp_path / "build")
    assert first.written > 0
    stamps = {p: p.stat().st_mtime_ns for p in first.out.rglob("*") if p.is_file()}
    again = generate(tree.root, tmp_path / "build")
    assert again.written == 0 and again.removed == 0
    assert {p: p.stat().st_mtime_ns for p in again.out.rglob("*") if p.is_file()} == stamps
    (tree.docs / "debugging/infrastructure/postgres-connections.md").unlink()
    third = generate(tree.root, tmp_path / "build")
    assert third.removed >= 1
    assert not (third.docs / "debugging/infrastructure/postgres-connections.md").exists()
    assert not (third.docs / "debugging/infrastructure").exists()


def test_html_path_follows_directory_urls():
    assert html_path("index.md") == "index.html"
    assert html_path("debugging/index.md") == "debugging/index.html"
    assert html_path("debugging/infrastructure/oom.md") == "debugging/infrastructure/oom/index.html"


CORE = {"catalog", "model", "pages", "planes", "cache", "mermaid_worker", "entries"}
MIDDLE = {"lint", "status", "site", "find", "bench"}


def _imports(path: Path) -> set[str]:
    """The atlas modules a file imports (absolute or relative), as their first name under atlas."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = path.relative_to(REPO / "src").with_suffix("").parts[:-1]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = list(package[: len(package) - node.level + 1])
                parts = base + (node.module.split(".") if node.module else [])
                if not node.module:
                    parts = base + [alias.name for alias in node.names][:1]
            else:
                parts = (node.module or "").split(".")
            if parts[:1] == ["atlas"] and len(parts) > 1:
                found.add(parts[1])
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "atlas" and len(parts) > 1:
                    found.add(parts[1])
    return found


def test_imports_run_one_way():
    """commands -> lint / status / site / find -> core: the core imports no layer above it, and no
    layer imports the commands."""
    src = REPO / "src" / "atlas"
    for path in src.rglob("*.py"):
        top = path.relative_to(src).parts[0].removesuffix(".py")
        imported = _imports(path)
        if top in CORE:
            assert not imported & (MIDDLE | {"commands", "cli"}), f"{path.relative_to(REPO)} imports {imported}"
        if top in MIDDLE:
            assert not imported & {"commands", "cli"}, f"{path.relative_to(REPO)} imports {imported}"
    assert (src / "site" / "__init__.py").read_text().startswith('"""The site:')


def test_related_pages_rank_links_then_shared_technologies_and_prefer_the_next_kind(tmp_path):
    from atlas.site.related import MAX_RELATED, related_pages

    tree = site_tree(tmp_path)  # holds debugging/infrastructure/postgres-connections.md (PostgreSQL 16, PgBouncer, Java)
    tree.write("incidents/high-profile/orders-outage-2024-03-01.md",
               valid_page("incidents", title="Orders outage", technologies=["PostgreSQL 16", "PgBouncer 1.22"]))
    tree.write("debugging/data-issues/pg-bloat.md", valid_page(title="Bloat", technologies=["PostgreSQL 16", "PgBouncer 1.22"]))
    tree.write("debugging/data-issues/linked.md", valid_page(title="Linked", technologies=["Redis 7"],
                                                               extra="See [the pool guide](../infrastructure/postgres-connections.md)."))
    tree.write("debugging/data-issues/unrelated.md", valid_page(title="Unrelated", technologies=["Redis 7"],
                                                                  symptoms=["Keys vanish"], error_signatures=[]))
    for n in range(MAX_RELATED + 3):
        tree.write(f"debugging/data-issues/java-{n}.md", valid_page(title=f"Java {n}", technologies=["Java 21"],
                                                                      symptoms=[f"symptom {n}"], error_signatures=[]))
    related = [e.rel for e in related_pages(tree.docs)["debugging/infrastructure/postgres-connections.md"]]
    assert len(related) <= MAX_RELATED
    # the incident shares two technologies and is the kind a guide's reader needs next; the page linking
    # here shares none but the link; a page with nothing in common is not listed
    assert set(related[:2]) == {"incidents/high-profile/orders-outage-2024-03-01.md", "debugging/data-issues/linked.md"}
    assert related.index("debugging/data-issues/linked.md") < related.index("debugging/data-issues/pg-bloat.md")
    assert "debugging/data-issues/unrelated.md" not in related
    page = (generate(tree.root, tmp_path / "build").docs / "debugging/infrastructure/postgres-connections.md").read_text()
    assert "## Related pages" in page and "(../../incidents/high-profile/orders-outage-2024-03-01.md)" in page
