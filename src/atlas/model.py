"""The page contract (ATLAS.md §3) as a pydantic model. Front matter is the single source of truth."""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from .catalog import CATEGORIES, DATA_LOSS, HOME_SECTIONS, ROOT_CAUSES, SYSTEM_KINDS, SYSTEMS, TRIGGERS

VERSION_RE = re.compile(r"^\d+\.\d+$")
SOURCE_ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
ReviewStatus = Literal["up_to_date", "needs_review", "outdated", "missing_version"]
Confidence = Literal["A", "B", "C"]


class Source(BaseModel):
    """A cited source. A = primary (the company's own blog, status page, postmortem, paper, talk,
    official docs); B = reputable secondary report; C = our own estimate or model."""

    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=SOURCE_ID_PATTERN, max_length=40,
                    description="short, unique on the page; the body cites it as [^id]")
    url: str
    title: str = Field(min_length=3)
    publisher: str = Field(min_length=2)
    published: dt.date | Literal["undated"] = Field(description="ISO date (YYYY-MM-DD) from the source itself, "
                                                                "or 'undated' when it shows none (say why in `note`)")
    confidence: Confidence
    accessed: dt.date = Field(description="ISO date the writer last read the source")
    note: str | None = Field(default=None, min_length=5,
                             description="one line shown in the Sources list: why a re-host, why undated, which part")


class Review(BaseModel):
    model_config = ConfigDict(extra="forbid")
    status: ReviewStatus
    last_reviewed: dt.date | None = None
    content_hash: str | None = Field(default=None, pattern=r"^[0-9a-f]{32}$")


class NotPublished(BaseModel):
    """A moment of an incident's timeline that its sources do not give: null, with what was checked."""

    model_config = ConfigDict(extra="forbid")
    at: None = None
    why: str = Field(min_length=10, description="what the sources say instead, or what was checked")


Moment = dt.datetime | NotPublished


class DataLoss(BaseModel):
    model_config = ConfigDict(extra="forbid")
    verdict: Literal[DATA_LOSS]  # type: ignore[valid-type]
    words: str = Field(min_length=5, description="what the source says about data, in its words or close to them")


class IncidentFacts(BaseModel):
    """An incident anatomy's key facts, as its primary source publishes them: the incident index, explorer and
    statistics are generated from them. Timestamps are UTC (the source's own zone stays in the text)."""

    model_config = ConfigDict(extra="forbid")
    date: dt.date = Field(description="start date, UTC where the source gives it")
    duration: str = Field(min_length=2, description="for people: as published, e.g. 'about 4 h 17 min'; agrees "
                                                    "with started -> resolved")
    company: str = Field(min_length=2)
    root_cause: Literal[tuple(ROOT_CAUSES)] | None = Field(  # type: ignore[valid-type]
        default=None, description="the former root-cause class; `trigger` replaces it")
    blast_radius: str = Field(min_length=3, description="who and what was affected, in a few words")
    started: Moment | None = Field(default=None, description="impact began (UTC)")
    detected: Moment | None = Field(default=None, description="the operator knew (first alert or page)")
    mitigated: Moment | None = Field(default=None, description="impact stopped growing / customers recovering")
    resolved: Moment | None = Field(default=None, description="impact over")
    trigger: Literal[tuple(TRIGGERS)] | None = Field(default=None)  # type: ignore[valid-type]
    contributing_factors: list[str] | None = Field(default=None, min_length=1, max_length=8)
    data_loss: DataLoss | None = None
    components: list[str] | None = Field(default=None, min_length=1, description="technologies involved")


NAME_PATTERN = r"^[A-Za-z_][A-Za-z0-9_]*$"


class CalculatorInput(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(pattern=NAME_PATTERN, description="the formulas' name for it")
    label: str = Field(min_length=2)
    unit: str | None = None
    default: float = Field(description="the worked example's value, from a cited source")
    min: float
    max: float
    step: float | None = Field(default=None, gt=0)


class CalculatorOutput(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(pattern=NAME_PATTERN)
    label: str = Field(min_length=2)
    unit: str | None = None
    formula: str = Field(min_length=1, description="atlas.calculator's language: inputs, earlier outputs, functions")
    example: float | None = Field(default=None, description="the value the worked example states (lint checks it)")
    decimals: int | None = Field(default=None, ge=0, le=6)


class Calculator(BaseModel):
    """A capacity model's calculator (atlas.calculator): the site renders it under the worked example."""

    model_config = ConfigDict(extra="forbid")
    inputs: list[CalculatorInput] = Field(min_length=1)
    outputs: list[CalculatorOutput] = Field(min_length=1)


class PageMeta(BaseModel):
    """Front matter of every catalogued page."""

    model_config = ConfigDict(extra="forbid")
    title: str = Field(min_length=3)
    category: Literal[tuple(list(CATEGORIES) + HOME_SECTIONS)]  # type: ignore[valid-type]
    system: Literal[tuple(SYSTEMS)] | None = None  # type: ignore[valid-type]
    kind: Literal[tuple(SYSTEM_KINDS)] | None = None  # type: ignore[valid-type]
    summary: str = Field(min_length=10, description="one sentence, used in cards, search and indexes")
    technologies: list[str] = Field(description="versioned where a version matters: 'Kafka 3.6'")
    symptoms: list[str] = Field(default_factory=list)
    error_signatures: list[str] = Field(default_factory=list)
    sources: list[Source]
    version: str = Field(description="'Major.Minor', quoted")
    review: Review
    incident: IncidentFacts | None = None
    calculator: Calculator | None = None
    not_applicable: dict[str, str] = Field(
        default_factory=dict,
        description="gate element -> one-line reason it does not apply to this page (shown on the page)")
    tags: list[str] = Field(default_factory=list)

    @field_validator("version")
    @classmethod
    def _major_minor(cls, v: str) -> str:
        if not VERSION_RE.match(str(v)):
            raise ValueError("must be Major.Minor, e.g. 1.0")
        return v

    @field_validator("summary")
    @classmethod
    def _one_line(cls, v: str) -> str:
        if "\n" in v.strip():
            raise ValueError("must be one line")
        return v


def json_schema() -> dict:
    schema = PageMeta.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Atlas page front matter"
    return schema
