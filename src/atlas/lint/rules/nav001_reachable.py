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
        if page.rel not in ctx.nav_reached:
            yield self.at(page, 1, f"no navigation entry reaches docs/{page.rel}: move it into a category/group "
                                   "folder the nav knows (see atlas.catalog)")


RULE = NavReachable()
