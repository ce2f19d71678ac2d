"""`atlas find "QUERY"`: the site's search, in the terminal, straight from the Markdown sources.

The query is read as the site reads it (atlas.query: variable parts of a pasted line blanked, the
on-call thesaurus, intent words, named companies and technologies). Ranking is BM25F over a page's (Snowball-stemmed) words, field by field, weighted like the site's search weights them: error strings
and symptoms above the title and summary, those above headings and body text; diagram sources are
never indexed. On top, a pasted log line that *contains* one of a page's error strings (or an error
string that contains the query) ranks that page first: on-call pastes whole lines, with timestamps
and pod names around the part that matters.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import snowballstemmer

from .entries import Entry, entries
from .query import data as query_data
from .query import page_boost, understand
from .technames import split

WEIGHTS = {"error": 5.0, "symptom": 3.0, "title": 3.0, "summary": 2.0, "tech": 2.0, "heading": 1.5, "body": 1.0}
K1, B = 1.2, 0.75
EXACT_BONUS = 50.0  # a whole error string in the query outranks any bag-of-words score
TOKEN = re.compile(r"[a-z0-9]+(?:[._'][a-z0-9]+)*")
STOP = frozenset(query_data()["stop_words"])  # one list for the site and find (src/atlas/query.yaml)
FENCE = re.compile(r"^(```|~~~)\s*mermaid.*?^\1\s*$", re.S | re.M)
MARKUP = re.compile(r"\[([^\]]*)\]\([^)]*\)|[*_`|>#]+")


STEM = functools.lru_cache(maxsize=65536)(snowballstemmer.stemmer("english").stemWord)  # as Pagefind stems English


def tokens(text: str) -> list[str]:
    """Words of a text, stemmed ('restarting' and 'restarts' are both 'restart'), stop words left out."""
    return [STEM(t) for t in TOKEN.findall(text.lower()) if t not in STOP]


def squash(text: str) -> str:
    """Lower case, single spaces, straight quotes: the form exact matches compare."""
    text = text.replace("\u2018", "'").replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
    return " ".join(text.lower().split())


@dataclass
class Doc:
    rel: str
    title: str
    summary: str
    errors: list[str]
    symptoms: list[str]
    fields: dict[str, Counter] = field(default_factory=dict)
    lengths: dict[str, int] = field(default_factory=dict)
    technologies: list[str] = field(default_factory=list)  # canonical names (atlas.technames)


@dataclass(frozen=True)
class Hit:
    rel: str
    title: str
    score: float
    why: str  # the error string, symptom or summary that matched best


def _as_list(value) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


def load_doc(entry: Entry) -> Doc:
    """A page's searchable fields (diagram sources left out), tokenized and counted."""
    meta = entry.meta
    body = FENCE.sub(" ", entry.body)
    headings = " ".join(line.lstrip("#") for line in body.splitlines() if line.startswith("#"))
    doc = Doc(entry.rel, str(meta["title"]), str(meta.get("summary") or ""),
              _as_list(meta.get("error_signatures")), _as_list(meta.get("symptoms")),
              technologies=[split(t)[0] for t in _as_list(meta.get("technologies"))])
    texts = {"error": " ".join(doc.errors), "symptom": " ".join(doc.symptoms), "title": doc.title,
             "summary": doc.summary, "tech": " ".join(_as_list(meta.get("technologies"))),
             "heading": headings, "body": MARKUP.sub(r" \1 ", body)}
    for name, text in texts.items():
        toks = tokens(text)
        doc.fields[name] = Counter(toks)
        doc.lengths[name] = len(toks)
    return doc


def load_docs(docs: Path) -> list[Doc]:
    """Every catalogued page (atlas.entries.entries: unreadable pages are left to atlas lint)."""
    return [load_doc(entry) for entry in entries(docs)]


class Index:
    def __init__(self, docs: list[Doc]):
        self.docs = docs
        n = max(len(docs), 1)
        self.avg = {f: (sum(d.lengths.get(f, 0) for d in docs) / n) or 1.0 for f in WEIGHTS}
        df: Counter = Counter()
        for d in docs:
            df.update({t for counter in d.fields.values() for t in counter})
        self.idf = {t: math.log(1 + (n - c + 0.5) / (c + 0.5)) for t, c in df.items()}
        self.technologies = sorted({t for d in docs for t in d.technologies})

    def score(self, doc: Doc, terms: list[str], weights: dict[str, float] | None = None) -> float:
        total = 0.0
        for t in set(terms):
            tf = sum(WEIGHTS[f] * doc.fields[f][t] / (1 - B + B * doc.lengths[f] / self.avg[f])
                     for f in WEIGHTS if doc.fields[f][t])
            if tf:
                total += (weights or {}).get(t, 1.0) * self.idf.get(t, 0.0) * tf * (K1 + 1) / (tf + K1)
        return total

    def read(self, query: str):
        """(what the query says, its stemmed terms, each term's weight): a word 1, a synonym less."""
        u = understand(query, self.technologies)
        weights = {STEM(w): 1.0 for w in u.words}
        for w in u.synonyms:
            weights.setdefault(STEM(w), query_data()["boost"]["synonym"])
        return u, list(weights), weights

    def words_score(self, doc: Doc, query: str) -> float:
        """A page's score for a query before the exact-string bonus: BM25F times the query's boosts."""
        u, terms, weights = self.read(query)
        return self.score(doc, terms, weights) * page_boost(u, doc.rel, doc.technologies)

    def search(self, query: str, limit: int = 5) -> list[Hit]:
        u, terms, weights = self.read(query)
        own = [STEM(w) for w in u.words]  # the line shown as "why" shares the query's own words, not synonyms
        q = squash(query)
        hits = []
        for doc in self.docs:
            score = self.score(doc, terms, weights) * page_boost(u, doc.rel, doc.technologies)
            why = best_line(doc, own)
            for sig in doc.errors:
                s = squash(sig)
                if len(s) >= 4 and (s in q or (len(q) >= 8 and q in s)):
                    score += EXACT_BONUS * min(len(s), len(q)) / max(len(s), len(q), 1) + EXACT_BONUS
                    why = sig
                    break
            if score > 0:
                hits.append(Hit(doc.rel, doc.title, round(score, 3), why))
        hits.sort(key=lambda h: (-h.score, h.rel))
        return hits[:limit]


def best_line(doc: Doc, terms: list[str]) -> str:
    """The error string or symptom sharing most words with the query, else the summary."""
    wanted = set(terms)
    best, best_n = doc.summary, 0
    for line in [*doc.errors, *doc.symptoms]:
        n = len(wanted & set(tokens(line)))
        if n > best_n:
            best, best_n = line, n
    return best


def find(docs: Path, query: str, limit: int = 5) -> list[Hit]:
    return Index(load_docs(docs)).search(query, limit)
