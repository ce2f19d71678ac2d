from ...catalog import CATEGORIES, is_catalogued_rel
from ..rule import Rule


class NavReachable(Rule):
    code = "NAV001"
    name = "reachable-from-nav"
    summary = "Every page under docs/ is reached by the navigation derived from the tree."
    rationale = ("The nav is generated from folders and front matter; a page in a folder the nav does not "
                 "know (a misspelt group, an unknown system) is built but never found by browsing.")
    good = "docs/debugging/infrastructure/oomkilled-exit-137.md"
    bad = "docs/debugging/infra/oomkilled-exit-137.md (no such group)"
    needs_nav = True

    def check(self, page, ctx):
        if ctx.nav_reached is None or not page.rel:
            return
        top = page.rel.split("/", 1)[0]
        if page.rel == f"{top}/index.md" and top in CATEGORIES and not any(
                f.startswith(top + "/") and is_catalogued_rel(f) for f in ctx.files):
            return  # a category's index waits, with its tab, for the category's first page
        if page.rel not in ctx.nav_reached:
            yield self.at(page, 1, f"no navigation entry reaches docs/{page.rel}: move it into a category/group "
                                   "folder the nav knows (see atlas.catalog)")


RULE = NavReachable()
