"""What counts as a number that needs a source (atlas.lint.quantities), one example per kind and per
exception, including the false positives and negatives the first retrofit found."""

import pytest

from atlas.lint.quantities import quantities, sentences

NUMBERS = [
    ("DocDB served over 5 million queries per second", ["5 million"]),
    ("at 99.999% uptime", ["99.999%"]),
    ("cut latency to as 99.99 % of requests", ["99.99 %"]),  # "as" is not the abbreviation AS
    ("signed a 7-year lease for $500 million", ["7-year", "$500 million"]),  # "signed" is not SIGTERM
    ("est. $41,000 per month", ["$41,000 per month"]),
    ("1,024 s is about 17 minutes", ["1,024 s", "17 minutes"]),
    ("a 24-hour window", ["24-hour"]),
    ("10x faster on 5M users", ["10x", "5M"]),
    ("2,000 shards and 150 nodes", ["2,000", "150"]),
    ("two million members", ["two million"]),
    ("75 petabytes of video", ["75 petabytes"]),
    ("3-5 GB per broker", ["5 GB"]),
    ("100 connections", ["100"]),
]
NOT_NUMBERS = [
    "On 2019-07-10 at 14:05 UTC, in 2019",
    "Kafka 3.6.1 and PostgreSQL 16 on 3 replicas",
    "S3, EC2, p99, m5.large, KIP-848, RFC 7231, AS13335",
    "HTTP 503 errors, exit code 137, error 1040, port 5432, status 429",
    "over limit: 429 / shed: 503; then 503s and 5xx",
    "`max_connections = 1000` and `FATAL: sorry, too many clients already`",
    "the 3rd time; a 10-K and a 10-Q; Microsoft 365",
    "in us-east-1 during 2021 us-east-1 events",
    "box rgb(16,185,129) with fill #10B981",
]


@pytest.mark.parametrize("text, expected", NUMBERS)
def test_numbers(text, expected):
    assert [q.text for q in quantities(text)] == expected


@pytest.mark.parametrize("text", NOT_NUMBERS)
def test_not_numbers(text):
    assert quantities(text) == []


def test_scaled_values_compare_across_spellings():
    assert [q.value for q in quantities("5M")] == [q.value for q in quantities("5 million")] == [5e6]


def test_a_citation_after_the_full_stop_stays_with_its_sentence():
    parts = [s for s, _ in sentences("It holds 2,000 shards.[^docdb] It cost est. $4M. Done, e.g. now.")]
    assert parts == ["It holds 2,000 shards.[^docdb]", " It cost est. $4M.", " Done, e.g. now."]
