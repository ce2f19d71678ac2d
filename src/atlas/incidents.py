"""An incident anatomy's structured timeline (front matter `incident:`), read once for the linter (INC002)
and the site (the incident explorer and statistics): the four moments as UTC datetimes, the intervals
between them, and the figures a human-written `duration` states."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MOMENTS = ("started", "detected", "mitigated", "resolved")
WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
         "ten": 10, "eleven": 11, "twelve": 12, "a half": 0.5, "half an": 0.5, "an": 1, "a": 1}
_UNIT_MINUTES = {"d": 1440, "day": 1440, "days": 1440, "h": 60, "hr": 60, "hrs": 60, "hour": 60, "hours": 60,
                 "min": 1, "mins": 1, "minute": 1, "minutes": 1, "s": 1 / 60, "sec": 1 / 60, "second": 1 / 60,
                 "seconds": 1 / 60}
# a number in digits (a space or hyphen before its unit is optional) or in words (a space is not)
_NUMBER = (r"(?:(\d+(?:\.\d+)?)[\s-]*|\b(" + "|".join(sorted(map(re.escape, WORDS), key=len, reverse=True))
           + r")[\s-]+)")
_UNIT = r"(days?|d|hours?|hrs?|h|minutes?|mins?|min|seconds?|secs?|s)\b"
# "4 h 17 min", "1 hour and 50 minutes", "2 hours 23 minutes", "73 hours", "314 minutes", "five hours"
_FIGURE = re.compile(rf"(?<![\w.:]){_NUMBER}{_UNIT}(?:,?\s*(?:and\s+)?(\d+(?:\.\d+)?)\s*{_UNIT})?",
                     re.IGNORECASE)
_HEDGE = re.compile(r"\b(about|around|approximately|approx\.|nearly|almost|roughly|over|more than|under|"
                    r"less than|at least|up to|some|several)\b|~", re.IGNORECASE)


def moment(value) -> dt.datetime | None:
    """A timeline value as an aware datetime, or None (not published, or not given)."""
    return value if isinstance(value, dt.datetime) else None


@dataclass(frozen=True)
class Timeline:
    started: dt.datetime | None
    detected: dt.datetime | None
    mitigated: dt.datetime | None
    resolved: dt.datetime | None

    @classmethod
    def of(cls, facts: dict) -> "Timeline":
        return cls(*(moment(facts.get(m)) for m in MOMENTS))

    def minutes(self, to: str) -> float | None:
        """Minutes from `started` to another moment, where both are published."""
        end = getattr(self, to)
        if self.started is None or end is None:
            return None
        return (end - self.started).total_seconds() / 60


def stated_minutes(text: str) -> list[tuple[float, bool]]:
    """(minutes, hedged) for each duration figure a text states: '4 h 17 min' -> (257, False); 'about 6
    hours' -> (360, True). Clock times ('9:37 AM') are not durations."""
    found = []
    for m in _FIGURE.finditer(text):
        digits, word, unit, more, more_unit = m.groups()
        value = (float(digits) if digits else WORDS[word.lower()]) * _UNIT_MINUTES[unit.lower()]
        if more:
            value += float(more) * _UNIT_MINUTES[more_unit.lower()]
        hedged = bool(_HEDGE.search(text[max(0, m.start() - 20):m.start()]))
        found.append((value, hedged))
    return found


def agrees(stated: float, hedged: bool, computed: float) -> bool:
    """A stated duration agrees with the timestamps within rounding (2 min or 3 %), or 25 % when hedged."""
    tolerance = 0.25 * computed if hedged else max(2.0, 0.03 * computed)
    return abs(stated - computed) <= tolerance


def human(minutes: float) -> str:
    """'4 h 17 min', '47 min', '3 d 2 h' -- how the explorer prints an interval."""
    total = round(minutes)
    days, rest = divmod(total, 1440)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days} d {hours} h" if hours else f"{days} d"
    if hours:
        return f"{hours} h {mins} min" if mins else f"{hours} h"
    return f"{mins} min"


# An anatomy's file name starts with its company; these names lead to another system's pages.
SYSTEM_ALIASES = {"aws": "amazon", "azure": "microsoft", "facebook": "meta", "instagram": "meta", "whatsapp": "meta"}


def system_of(slug: str) -> str | None:
    """The atlas system an anatomy's company is (its file name's first word, or an alias), or None:
    'aws-s3-2017-02-28' -> 'amazon', 'github-2018-10-21' -> 'github', 'knight-capital-2012-08-01' -> None."""
    from .catalog import SYSTEMS

    first = slug.split("-", 1)[0].lower()
    return first if first in SYSTEMS else SYSTEM_ALIASES.get(first)
