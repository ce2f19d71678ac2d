from ...catalog import GROUPS, SYSTEM_KINDS, SYSTEMS
from ..rule import Rule


class PathAgrees(Rule):
    code = "FM002"
    name = "path-agrees"
    summary = "`category`, `system` and `kind` must agree with where the page lives."
    applies_to = "catalogued"
    rationale = ("Nav, indexes and progress tracking read the folder; search cards and status read the "
                 "front matter. When they disagree a page shows up in one place and is counted in another.")
    good = "docs/systems/netflix/request-flow.md with category: systems, system: netflix, kind: request-flow"
    bad = "docs/systems/netflix/request-flow.md with category: systems, system: uber, kind: architecture"

    def check(self, page, ctx):
        parts = page.rel.split("/")
        top, meta = parts[0], page.meta
        category = meta.get("category")
        if category is not None and category != top:
            yield self.at(page, page.line_of("category"), f"category is {category!r} but the page is under docs/{top}/")
        if top == "systems":
            if len(parts) != 3:
                yield self.at(page, 1, "systems pages live at docs/systems/<system>/<kind>.md")
                return
            system, kind = parts[1], parts[2].removesuffix(".md")
            if system not in SYSTEMS:
                yield self.at(page, 1, f"unknown system folder {system!r} (known: {', '.join(SYSTEMS)})")
            if kind not in SYSTEM_KINDS:
                yield self.at(page, 1, f"unknown kind {kind!r}: a system has the pages {', '.join(SYSTEM_KINDS)}")
            if meta.get("system") != system:
                yield self.at(page, page.line_of("system"), f"system is {meta.get('system')!r} but the folder is {system!r}")
            if meta.get("kind") != kind:
                yield self.at(page, page.line_of("kind"), f"kind is {meta.get('kind')!r} but the file is {kind}.md")
        else:
            for key in ("system", "kind"):
                if meta.get(key) is not None:
                    yield self.at(page, page.line_of(key), f"`{key}` belongs to systems pages only")
        if top in GROUPS:
            if len(parts) != 3 or parts[1] not in GROUPS[top]:
                yield self.at(page, 1, f"{top} pages live at docs/{top}/<group>/<slug>.md with group one of: "
                                       f"{', '.join(GROUPS[top])}")


RULE = PathAgrees()
