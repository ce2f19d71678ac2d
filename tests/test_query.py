"""How a query is read (atlas.query and docs/javascripts/query.js, over src/atlas/query.yaml): each
normalisation, the thesaurus, intents and entities, the boosts; and Python and JavaScript (in Node, as the
browser runs it) read every query of tests/query-cases.yaml the same way."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
import yaml

from atlas.query import browser_data, normalise, page_boost, understand
from pagebuilder import REPO

CASES = yaml.safe_load((REPO / "tests" / "query-cases.yaml").read_text(encoding="utf-8"))
TECHNOLOGIES = ["Kafka", "Pulsar", "MySQL", "PostgreSQL", "Amazon S3", "Redis"]
QUERY_JS = REPO / "docs" / "javascripts" / "query.js"
NODE = """
const q = require(process.argv[1]);
const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const out = {
  understood: input.queries.map(text => q.understand(input.data, text)),
  boosts: input.boosts.map(b => q.pageBoost(input.data, q.understand(input.data, b.q), b.rel, b.technologies || [])),
  rels: input.paths.map(p => q.relOf(p, '/atlas/')),
};
process.stdout.write(JSON.stringify(out));
"""


@pytest.fixture(scope="module")
def javascript():
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is missing (make setup needs it too)")
    data = json.loads(json.dumps(browser_data(TECHNOLOGIES)))  # exactly what the site loads
    payload = {"data": data, "queries": [c["q"] for c in CASES["cases"]], "boosts": CASES["boosts"],
               "paths": ["/atlas/systems/spotify/cost-breakdown/", "/atlas/debugging/"]}
    proc = subprocess.run([node, "-e", NODE, str(QUERY_JS)], input=json.dumps(payload), capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


@pytest.mark.parametrize("i", range(len(CASES["cases"])), ids=[c["q"][:40] for c in CASES["cases"]])
def test_python_reads_each_query_as_expected(i):
    case = CASES["cases"][i]
    got = understand(case["q"], TECHNOLOGIES).as_dict()
    for key, want in case["expect"].items():
        assert got[key] == [str(w) for w in want], (key, got)


@pytest.mark.parametrize("i", range(len(CASES["cases"])), ids=[c["q"][:40] for c in CASES["cases"]])
def test_javascript_reads_each_query_as_python_does(javascript, i):
    assert javascript["understood"][i] == understand(CASES["cases"][i]["q"], TECHNOLOGIES).as_dict()


def test_both_weigh_pages_the_same(javascript):
    for case, js in zip(CASES["boosts"], javascript["boosts"]):
        py = page_boost(understand(case["q"], TECHNOLOGIES), case["rel"], case.get("technologies", []))
        assert py == pytest.approx(case["factor"]) and js == pytest.approx(py), case


def test_a_result_url_maps_back_to_its_page(javascript):
    assert javascript["rels"] == ["systems/spotify/cost-breakdown.md", "debugging.md"]


def test_status_and_exit_codes_survive_normalisation_and_other_numbers_do_not():
    assert normalise("exit 137 after 4096 retries, HTTP 429, pid 31337") == "exit 137 after retries, http 429, pid"


def test_every_thesaurus_group_and_intent_says_why():
    data = yaml.safe_load((REPO / "src" / "atlas" / "query.yaml").read_text(encoding="utf-8"))
    for entry in data["thesaurus"] + data["intents"] + data["variable_parts"]:
        assert len(str(entry.get("why", ""))) >= 10, entry
    assert all(isinstance(w, str) for w in data["stop_words"])  # YAML would read a bare `on` or `no` as a boolean
