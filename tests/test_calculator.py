"""The calculator language (atlas.calculator, docs/javascripts/calculator.js): both evaluators against
one table of cases (tests/calculator-cases.json), the JavaScript one run in Node as the browser runs it;
and the form on a built capacity page in Chromium."""

from __future__ import annotations

import json
import math
import shutil
import subprocess

import pytest

from atlas.calculator import CalculatorError, evaluate, names, parse, run
from atlas.site.build import SiteBuildError, build_site
from atlas.site.server import serve
from browser import browser_test, close, needs_chromium, open_offline
from pagebuilder import CALCULATOR, REPO, Tree, valid_page

CASES = json.loads((REPO / "tests" / "calculator-cases.json").read_text(encoding="utf-8"))["cases"]
CALCULATOR_JS = REPO / "docs" / "javascripts" / "calculator.js"
NODE_RUNNER = """
const calc = require(process.argv[1]);
const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const out = cases.map(c => {
  try { return {value: calc.evaluate(calc.parse(c.formula), c.env || {})}; }
  catch (e) { if (e instanceof calc.CalculatorError) return {error: e.message}; return {crash: String(e)}; }
});
process.stdout.write(JSON.stringify(out));
"""


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def _python(case):
    try:
        return {"value": evaluate(parse(case["formula"]), {k: float(v) for k, v in case.get("env", {}).items()})}
    except CalculatorError as exc:
        return {"error": str(exc)}


@pytest.fixture(scope="module")
def javascript_results():
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is missing: the linter needs it too (make setup)")
    proc = subprocess.run([node, "-e", NODE_RUNNER, str(CALCULATOR_JS)], input=json.dumps(CASES),
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def _check(case, got):
    assert "crash" not in got, got
    if "error" in case:
        assert "error" in got, f"{case['formula']!r} gave {got} instead of an error"
        assert case["error"] in got["error"], got["error"]
    else:
        assert "value" in got, f"{case['formula']!r}: {got}"
        assert _close(got["value"], case["value"]), f"{case['formula']!r} = {got['value']}, want {case['value']}"


@pytest.mark.parametrize("case", CASES, ids=[c["formula"] or "empty" for c in CASES])
def test_python_evaluator(case):
    _check(case, _python(case))


@pytest.mark.parametrize("i", range(len(CASES)), ids=[c["formula"] or "empty" for c in CASES])
def test_javascript_evaluator(javascript_results, i):
    _check(CASES[i], javascript_results[i])


def test_both_evaluators_say_the_same(javascript_results):
    for case, js in zip(CASES, javascript_results):
        py = _python(case)
        assert py.keys() == js.keys(), case["formula"]
        if "value" in py:
            assert _close(py["value"], js["value"]), case["formula"]
        else:
            assert py["error"] == js["error"], case["formula"]


def test_the_language_has_no_way_out():
    """No attribute access, strings, assignment or calls beyond the named functions."""
    for formula in ["a.b", "'x'", "x = 1", "[1]", "f(1)(2)", "__import__('os')", "1; 2"]:
        with pytest.raises(CalculatorError):
            run({"inputs": [{"name": "a", "default": 1}, {"name": "x", "default": 1}],
                 "outputs": [{"name": "o", "formula": formula}]})


@pytest.mark.parametrize("formula, free", [
    ("1 + 2", set()),
    ("a + b * -c", {"a", "b", "c"}),
    ("max(a, 2, b) / 4 < d", {"a", "b", "d"}),
    ("if(x > 1, y, z)", {"x", "y", "z"}),
    ("sum(k, lo, hi, k * x)", {"lo", "hi", "x"}),  # the counter is bound in the term only
    ("sum(k, k, 3, 1)", {"k"}),
    ("sum(j, 1, 3, sum(k, 1, j, k * n))", {"n"}),
])
def test_names_are_the_free_names_a_formula_needs(formula, free):
    """What CAL001 compares with the declared inputs: every name the formula reads and nothing it binds."""
    assert names(parse(formula)) == free


def test_run_feeds_outputs_to_the_outputs_below():
    assert run(CALCULATOR) == {"busy": 16.0, "pool": 20.0}
    assert run(CALCULATOR, {"rate": 4000}) == {"busy": 32.0, "pool": 40.0}


# --- the form on a built page ----------------------------------------------------------------------

PAGE = "capacity/compute/connection-pool-sizing"


@pytest.fixture(scope="module")
def capacity_site(tmp_path_factory):
    tree = Tree(tmp_path_factory.mktemp("capacity") / "repo").with_site_assets()
    tree.write("index.md", "# Home\n")
    tree.write(f"{PAGE}.md", valid_page("capacity"))
    try:
        site = build_site(tree.root / "site", docs=tree.docs, draw=False)  # no diagram is looked at here
    except SiteBuildError as exc:
        pytest.fail(str(exc), pytrace=False)
    with serve(site) as url:
        yield url


@pytest.fixture
def form(chromium, capacity_site):
    opened = open_offline(chromium, viewport={"width": 390, "height": 844})
    opened.page.goto(capacity_site + PAGE + "/")
    opened.page.locator(".atlas-calculator[data-ready]").wait_for()
    try:
        yield opened
    finally:
        close(opened.context)


def _outputs(page) -> dict[str, float | None]:
    return page.evaluate("() => Object.fromEntries([...document.querySelectorAll('.atlas-calculator output')]"
                         ".map(o => [o.dataset.name, o.dataset.value === undefined ? null : Number(o.dataset.value)]))")


@browser_test
@needs_chromium
def test_the_calculator_shows_the_worked_example_at_its_defaults(form):
    assert _outputs(form.page) == run(CALCULATOR)
    texts = form.page.locator(".atlas-calculator output").all_inner_texts()
    assert texts == ["16", "20"]
    # it sits right after the worked example, before the next section
    assert form.page.evaluate("() => document.querySelector('.atlas-calculator').previousElementSibling"
                              ".textContent.includes('16 connections are busy')")


@browser_test
@needs_chromium
@pytest.mark.parametrize("name, value", [("rate", "4500"), ("query_ms", "12.5")])
def test_changing_an_input_changes_every_output_to_what_python_computes(form, name, value):
    box = form.page.locator(f"input[name='{name}']")
    box.fill(value)
    expected = run(CALCULATOR, {name: float(value)})
    assert _outputs(form.page) == pytest.approx(expected)
    assert form.page.locator(".atlas-calculator").get_attribute("data-state") == "ok"


@browser_test
@needs_chromium
def test_an_input_outside_its_bounds_shows_a_message_instead_of_a_number(form):
    form.page.locator("input[name='rate']").fill("0")
    block = form.page.locator(".atlas-calculator")
    assert block.get_attribute("data-state") == "out-of-range"
    assert form.page.locator(".atlas-calculator output").all_inner_texts() == ["—", "—"]
    assert "Between 1 and 1,000,000 queries/s" in form.page.locator(".atlas-calculator__message").first.inner_text()
    assert form.page.locator("input[name='rate']").get_attribute("aria-invalid") == "true"
    form.page.locator(".atlas-calculator__reset").click()
    assert _outputs(form.page) == run(CALCULATOR)


@browser_test
@needs_chromium
def test_the_calculator_works_from_the_keyboard_offline_in_dark_mode(form):
    page = form.page
    page.locator("input[name='rate']").focus()
    page.keyboard.press("ArrowUp")  # a number field steps by its step
    assert _outputs(page)["busy"] == pytest.approx(run(CALCULATOR, {"rate": 2001})["busy"])
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.name") == "query_ms"
    page.evaluate("() => document.body.setAttribute('data-md-color-scheme', 'slate')")
    colour = page.evaluate("() => getComputedStyle(document.querySelector('.atlas-calculator input')).color")
    assert colour != "rgb(0, 0, 0)"
    width = page.evaluate("() => document.querySelector('.atlas-calculator').scrollWidth")
    assert width <= 390
    assert form.blocked == [] and form.errors == []
