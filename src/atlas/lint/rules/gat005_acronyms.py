import re

from ..rule import Rule

GLOSSARY = "reference/glossary.md"
ACRONYM = re.compile(r"(?<![\w/.&-])([A-Z][A-Za-z0-9]*[A-Z0-9])s?(?![\w/&-])")  # AT&T is a name, not AT
CODE_SPAN = re.compile(r"`[^`]*`")
NOT_ACRONYMS = {"OK", "TODO", "TBD", "FIXME", "AM", "PM"}  # words, times of day, or PH001's business
# Units are read, not expanded: "64 GB (gigabyte)" is filler.
UNITS = {"KB", "MB", "GB", "TB", "PB", "EB", "KiB", "MiB", "GiB", "TiB", "PiB", "MHz", "GHz", "Gbps", "Mbps",
         "Tbps", "Kbps", "MW", "KW", "QPS", "RPS", "TPS", "IOPS", "UTC", "GMT"}


def glossary_terms(glossary) -> frozenset[str]:
    """First cells of the glossary's table rows (single words such as WAL or gRPC)."""
    if glossary is None:
        return frozenset()
    return frozenset(text.strip() for text, _ in glossary.cells if text.strip() and " " not in text.strip())


def acronyms(text: str) -> list[tuple[str, int]]:
    """(acronym, offset) of all-caps words of 2-6 characters with at least two capitals (digits allowed
    after the first letter): WAL, EC2, ISR; code spans aside. A single capital with digits (S3, P99, G1)
    is a name or a notation, not an acronym a reader needs expanded."""
    found = []
    for m in ACRONYM.finditer(CODE_SPAN.sub(lambda c: " " * len(c.group(0)), text)):
        word = m.group(1)
        if (word not in NOT_ACRONYMS and word not in UNITS and 2 <= len(word) <= 6
                and sum(ch.isupper() for ch in word) >= 2 and word.upper() == word):
            found.append((word, m.start(1)))
    return found


def expanded_at(text: str, word: str, offset: int) -> bool:
    """Whether this use of `word` carries its expansion: 'in-sync replicas (ISR)' or 'ISR (in-sync
    replicas)' -- the parenthesis right next to it, with words in it, not the acronym again."""
    end = offset + len(word)
    after = re.match(r"s?\s?\(([^)]{3,})\)", text[end:])
    if after and word not in after.group(1) and re.search(r"[a-z]", after.group(1)):
        return True
    before = text[max(0, offset - 1):offset]
    closes = text[end:end + 2].startswith(")") or text[end:end + 3].startswith("s)")
    return before == "(" and closes and bool(re.search(r"[A-Za-z]{3,}[^(]*\($", text[max(0, offset - 80):offset]))


class Acronyms(Rule):
    code = "GAT005"
    name = "acronyms-explained"
    summary = ("New Hire gate: an acronym is in the glossary (docs/reference/glossary.md) or expanded where the "
               "page first uses it, once.")
    severity = "warning"
    applies_to = "catalogued"
    rationale = ("A new hire at 3 AM should not have to guess what ISR or HPA means. Common acronyms live in "
                 "the glossary once; any other is expanded at its first use on the page: 'in-sync replicas "
                 "(ISR)' or 'ISR (in-sync replicas)'. An expansion after the acronym was already used, or a "
                 "second expansion ('GSLB is Google's Global Software Load Balancer (GSLB)'), is filler. Units "
                 "(GB, QPS, UTC) are read, not expanded. Headings may use an acronym the text then expands.")
    good = "Kafka removes a follower from the in-sync replicas (ISR) when it falls behind; the ISR then shrinks."
    bad = "Kafka shrinks the ISR when a follower falls behind. The in-sync replicas (ISR) are the followers that keep up."

    def check(self, page, ctx):
        known = glossary_terms(ctx.page(GLOSSARY)) if ctx.docs_root is not None else frozenset()
        headings = {(h.text, h.line) for h in page.headings}
        first: dict[str, tuple[int, bool]] = {}  # acronym -> (line of first use, expanded there)
        expansions: dict[str, list[int]] = {}
        for text, line in page.prose:
            if (text.strip(), line) in headings:
                continue
            for word, offset in acronyms(text):
                if word in known:
                    continue
                here = line + text.count("\n", 0, offset)
                is_expanded = expanded_at(text, word, offset)
                first.setdefault(word, (here, is_expanded))
                if is_expanded:
                    expansions.setdefault(word, []).append(here)
        for word, (line, is_expanded) in first.items():
            later = expansions.get(word, [])
            if not is_expanded and not later:
                yield self.at(page, line, f"acronym {word} is neither in the glossary nor expanded on the page")
            elif not is_expanded:
                yield self.at(page, line, f"acronym {word} is used here before its expansion (line {later[0]}): "
                                          "expand it at this first use and drop the later one")
            elif len(later) > 1:
                yield self.at(page, later[1], f"acronym {word} is expanded again (first on line {later[0]}): "
                                              "once is enough")


RULE = Acronyms()
