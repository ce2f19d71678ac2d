"""What counts as "a number" that needs a source (CIT002, CIT003), defined once.

A *quantity* is a figure a reader could act on or check:
- money: `$41,000`, `€2 M`, `12 USD`;
- a percentage: `99.999 %`, `85 percent`;
- an amount with a unit of time, data, rate or factor: `17 min`, `64 GB`, `5 Gbps`, `10x`, `24-hour`;
- a count with a scale: `5M`, `10k`, `2 billion`, `two million`;
- any other count of three or more digits: `2,000 shards`, `150 nodes`.

Not quantities: dates and times used as dates (`2019-07-10`, `14:05`, a year such as `2019`), versions
(`3.6.1`, `v2`, `PostgreSQL 16`, which also fall under the three-digit floor), identifiers that a number
is part of (`S3`, `p99`, `m5.large`, `KIP-848`, `RFC 7231`, `AS13335`), HTTP status and error codes
(`HTTP 503`, `503 errors`, a lone `429`, `exit code 137`, `error 1040`), colours (`rgb(16,185,129)`), port numbers, ordinals (`3rd`), and anything
inside a code span (configuration keys, their defaults, error strings), which callers strip first.
Small bare counts (`3 replicas`) are not quantities: they are below the three-digit floor and carry no unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SCALE = {"k": 1e3, "K": 1e3, "thousand": 1e3, "M": 1e6, "million": 1e6, "mn": 1e6, "B": 1e9, "bn": 1e9,
         "billion": 1e9, "T": 1e12, "trillion": 1e12}
WORD_NUMBERS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "half a": 0.5, "a few": 3, "several": 3, "hundreds of": 100, "tens of": 10}

_TIME = r"ns|µs|μs|ms|s|secs?|seconds?|min|mins|minutes?|h|hrs?|hours?|d|days?|wks?|weeks?|months?|yrs?|years?"
_DATA = r"B|bytes?|[KkMGTPE]i?B|[KMGT]b|bits?|(?:kilo|mega|giga|tera|peta|exa)(?:bytes?|bits?)"
_RATE = (r"[KkMGT]?bps|[KkMGT]?B/s|rps|RPS|qps|QPS|TPS|tps|IOPS|iops|ops/s|req/s|msg/s|messages/s|events/s|rpm"
         r"|Hz|[KkMG]Hz|[kM]?W")
UNIT = re.compile(
    rf"^(?:-(?:second|minute|hour|day|week|month|year)s?\b|"  # "24-hour", "10-minute": a hyphen only before these
    rf"[\s\u00a0\u202f]?(?:(?:{_TIME}|{_DATA}|{_RATE})(?![\w])|%|percent\b|per (?:cent|second|minute|hour|day|"
    rf"week|month|year|request|user|transaction)\b|/(?:s|sec|min|h|hr|day|month|yr|year)\b|[x×](?![\w])|"
    rf"(?:thousand|million|billion|trillion|mn|bn)\b|[kKMBT](?![\w])))")
# Names that hold a number: products and filing forms (a 10-K is a report, not ten thousand).
NAMED = re.compile(r"\b(?:(?:Microsoft|Office|Dynamics|Windows|Google Workspace|Xbox|Atlas) (?:365|360|2000|2003|2008|2012|"
                   r"2016|2019|2022)|(?:10-K|10-Q|8-K|20-F|S-1|DEF 14A)\b)")
CURRENCY_BEFORE = re.compile(r"(?:US\$|A\$|C\$|\$|€|£|¥)\s?$")
CURRENCY_AFTER = re.compile(r"^\s?(?:USD|EUR|GBP|dollars?)\b")

# The digits of a number with its thousands separators and decimals, not glued to a word before it
# (S3, p99, m5.large, v2, KIP-848) nor to another number (dates, versions, times, ranges' halves).
NUMBER = re.compile(r"(?<![\w.,:/#§@&-])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![\d:]|\.\d|,\d{3})")
ISO_DATE = re.compile(r"\b\d{4}-\d{2}(?:-\d{2})?(?:[T ]\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?Z?)?\b")
TIME_OF_DAY = re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?\b")
VERSION = re.compile(r"\b\d+\.\d+\.\d+(?:\.\d+)*\b")
ORDINAL = re.compile(r"^(?:st|nd|rd|th)\b")
# Words before a bare number that make it a code, a port, a name or a position rather than a quantity. The
# abbreviations are matched as written (so "as" is not "AS", "signed" not "SIG..."); the words in any case.
CODE_BEFORE = re.compile(
    r"(?:\b(?:HTTP(?:/[\d.]+)?|SIG[A-Z]+|RFC|CVE|KIP|JEP|PEP|FLIP|PR|ISO|IEEE|AS|ASN|SQLSTATE)|"
    r"\b(?i:status|code|codes|error|errno|exit|signal|port|ports|issue|pull request|commit|line|lines|step|phase|"
    r"section|chapter|page|pages|version|release|build|ticket|no\.|number|rule|type|opcode|errcode|table|figure))"
    r"\s?#?$|[#§]$")
CODE_AFTER = re.compile(r"^(?:s\b|\s?(?:errors?|responses?|status(?:es)?|codes?|Service Unavailable|Too Many|"
                        r"Bad Gateway|Gateway Time-?out|Internal Server Error|Not Found|Forbidden|Unauthorized|"
                        r"Bad Request|Conflict|Created|Accepted|No Content|Moved|Found|Not Modified|Temporary Redirect|"
                        r"Permanent Redirect|Unprocessable|Payload Too Large|Request Timeout|Method Not Allowed|"
                        r"Gone|Precondition Failed|Request Entity Too Large|Not Implemented)\b|xx\b)")
WORDED = re.compile(r"\b(" + "|".join(sorted(map(re.escape, WORD_NUMBERS), key=len, reverse=True)) +
                    r")\s(thousand|million|billion|trillion)\b", re.IGNORECASE)

CITATION = re.compile(r"\[\^([^\]\s]+)\]")
ESTIMATE = re.compile(r"~|≈|\best\.|\bestimated?\b|\bestimates\b", re.IGNORECASE)
CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1", re.S)
LINK_URL = re.compile(r"\]\([^)]*\)|<https?://[^>]*>|https?://\S+")
HTML_TAG = re.compile(r"<[^>]+>")
RANGE = re.compile(r"(\d)-(?=\d)")
COLOUR = re.compile(r"\brgba?\([^)]*\)|#[0-9A-Fa-f]{3,8}\b")
HTTP_STATUS = {100, 101, 200, 201, 202, 204, 206, 301, 302, 303, 304, 307, 308, 400, 401, 403, 404, 405, 408, 409,
               410, 412, 413, 415, 421, 422, 425, 429, 431, 451, 499, 500, 501, 502, 503, 504, 507, 508, 520, 521,
               522, 523, 524, 525, 526, 529, 530}
BARE = re.compile(r"^\s*(?:$|[^\w\s$€£~])")  # nothing, or punctuation, after the number


@dataclass(frozen=True)
class Quantity:
    text: str  # as written, e.g. "2,000" or "$41,000" or "17 min"
    value: float  # the number times its scale (5M -> 5e6); units are not converted
    start: int  # offset in the text given


def plain(text: str) -> str:
    """Text with what is not prose blanked out, keeping offsets: code spans, link URLs, HTML tags,
    citations (their ids may hold digits), dates, times and versions."""
    def blank(m: re.Match) -> str:
        return " " * len(m.group(0))
    for pattern in (CODE_SPAN, LINK_URL, HTML_TAG, COLOUR, CITATION, NAMED, ISO_DATE, VERSION, TIME_OF_DAY):
        text = pattern.sub(blank, text)
    return RANGE.sub("\\1–", text)  # "3-5 GB" is a range: its upper end keeps the unit


def _is_year(digits: str, after: str) -> bool:
    return len(digits) == 4 and 1950 <= int(digits) <= 2039 and not UNIT.match(after)


def quantities(text: str) -> list[Quantity]:
    """Every quantity in a piece of prose, a table cell or a diagram label."""
    clean = plain(text)
    found: list[Quantity] = []
    for m in NUMBER.finditer(clean):
        digits, decimals = m.group(1), m.group(2) or ""
        before, after = clean[:m.start()], clean[m.end():]
        value = float(digits.replace(",", "") + decimals)
        if ORDINAL.match(after) or (not decimals and value in HTTP_STATUS and re.match(r"s\b", after)):
            continue  # 3rd; "503s" are responses with status 503, not 503 seconds
        if (not decimals and value in HTTP_STATUS and value % 100 and BARE.match(after)
                and not CURRENCY_BEFORE.search(before)):
            continue  # "over limit: 429 / shed: 503": a status code standing alone (not 100, 200, 500: counts too)
        unit = UNIT.match(after)
        if after[:1].isalpha() and not unit:
            continue  # part of a word: 3rd, 5xx, 64bit, 2FA
        money_sign = CURRENCY_BEFORE.search(before) or CURRENCY_AFTER.match(after)
        if not unit and not money_sign and (CODE_BEFORE.search(before) or
                                            (100 <= value <= 599 and CODE_AFTER.match(after))):
            continue  # a bare number after "port", "HTTP", "exit code"...: a code, not a quantity
        money = CURRENCY_BEFORE.search(before) or CURRENCY_AFTER.match(after)
        if unit:
            word = unit.group(0).strip(" \u00a0\u202f-")
            value *= SCALE.get(word, 1)
        elif not money and (value < 100 or "." in decimals and value < 1000 or _is_year(digits, after)):
            continue
        end = m.end() + (unit.end() if unit else 0)
        start = m.start() - (len(CURRENCY_BEFORE.search(before).group(0)) if CURRENCY_BEFORE.search(before) else 0)
        found.append(Quantity(text[start:end].strip(), value, start))
    for m in WORDED.finditer(clean):
        found.append(Quantity(m.group(0), WORD_NUMBERS[m.group(1).lower()] * SCALE[m.group(2).lower()], m.start()))
    return sorted(found, key=lambda q: q.start)


def is_cited(text: str) -> bool:
    return bool(CITATION.search(text))


def is_estimate(text: str) -> bool:
    return bool(ESTIMATE.search(CODE_SPAN.sub(" ", text)))


# A sentence ends at . ! or ? followed by space and a capital, digit or mark -- but not after an
# abbreviation. Citations right after the full stop ("... QPS.[^docdb] Next") stay with their sentence.
_ABBREVIATIONS = re.compile(r"(?:\b(?:est|e\.g|i\.e|etc|vs|approx|incl|Inc|Ltd|Co|Corp|No|St|Dr|Mr|Ms|al|cf|ca|"
                            r"Fig|U\.S|U\.K|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)|\b[A-Z])\.$")
_BOUNDARY = re.compile(r"[.!?][)\"'”’*_]*((?:\[\^[^\]\s]+\])*)(?=\s+[A-Z0-9\[(\"“*_`$€£~])")


def sentences(text: str) -> list[tuple[str, int]]:
    """(sentence, offset) pairs of a paragraph, list item or cell."""
    out: list[tuple[str, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        if _ABBREVIATIONS.search(text[start:m.start() + 1]):
            continue
        out.append((text[start:m.end()], start))
        start = m.end()
    if text[start:].strip():
        out.append((text[start:], start))
    return out


def same_value(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(abs(a), abs(b), 1.0)
