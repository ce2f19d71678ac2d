import re

from ..rule import Rule

GLOSSARY = "reference/glossary.md"
ACRONYM = re.compile(r"(?<![\w/.&-])([A-Z][A-Za-z0-9]*[A-Z0-9])s?(?![\w/&-])")  # AT&T is a name, not AT
CODE_SPAN = re.compile(r"`[^`]*`")
NOT_ACRONYMS = {"OK", "TODO", "TBD", "FIXME", "AM", "PM"}  # words, times of day, or PH001's business


def glossary_terms(glossary) -> frozenset[str]:
    """First cells of the glossary's table rows (single words such as WAL or gRPC)."""
    if glossary is None:
        return frozenset()
    return frozenset(text.strip() for text, _ in glossary.cells if text.strip() and " " not in text.strip())


def acronyms(text: str) -> list[str]:
    """All-caps words of 2-6 characters (digits allowed after the first letter): WAL, S3, P99, EC2."""
    found = []
    for m in ACRONYM.finditer(CODE_SPAN.sub(" ", text)):
        word = m.group(1)
        if word not in NOT_ACRONYMS and 2 <= len(word) <= 6 and sum(ch.isupper() for ch in word) >= 2 and word.upper() == word:
            found.append(word)
    return found


class Acronyms(Rule):
    code = "GAT005"
    name = "acronyms-explained"
    summary = "New Hire gate: an acronym is in the glossary (docs/reference/glossary.md) or expanded on the page."
    severity = "warning"
    applies_to = "catalogued"
    rationale = ("A new hire at 3 AM should not have to guess what ISR or HPA means. Common acronyms live in "
                 "the glossary once; any other is expanded where the page first uses it: "
                 "'in-sync replicas (ISR)' or 'ISR (in-sync replicas)'.")
    good = "Kafka removes a follower from the in-sync replicas (ISR) when it falls behind."
    bad = "Kafka shrinks the ISR when a follower falls behind."

    def check(self, page, ctx):
        known = glossary_terms(ctx.page(GLOSSARY)) if ctx.docs_root is not None else frozenset()
        body = page.body
        reported: set[str] = set()
        for text, line in page.prose:
            for word in acronyms(text):
                if word in known or word in reported:
                    continue
                if f"({word})" in body or re.search(rf"\b{re.escape(word)}s? \(", body):
                    continue
                reported.add(word)
                yield self.at(page, line, f"acronym {word} is neither in the glossary nor expanded on the page")


RULE = Acronyms()
