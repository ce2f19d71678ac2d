import re

from ...calculator import CalculatorError, evaluate, names, parse
from ..context import place
from ..rule import Rule


def _decimals(value: float) -> int:
    text = repr(float(value))
    return 0 if text.endswith(".0") or "e" in text else len(text.split(".")[1])


def agrees(computed: float, example: float) -> bool:
    """The worked example's figure is the computed one as the page rounds it (or within 0.5 %)."""
    tolerance = max(0.005 * abs(example), 0.5 * 10 ** -_decimals(example))
    return abs(computed - example) <= tolerance + 1e-12


def spellings(value: float) -> list[str]:
    """How a page may write a number: 1200, 1,200, 1200.5, 1,200.5, 0.7."""
    decimals = _decimals(value)
    plain = f"{value:.{decimals}f}"
    grouped = f"{value:,.{decimals}f}"
    return sorted({plain, grouped}, key=len, reverse=True)


def states(body: str, value: float) -> bool:
    return any(re.search(rf"(?<![\d.,]){re.escape(s)}(?![\d]|[.,]\d)", body) for s in spellings(value))


class Calculator(Rule):
    code = "CAL001"
    name = "calculator-sound"
    summary = ("A capacity model has a calculator whose formulas parse, name only its inputs and earlier outputs, "
               "evaluate at the defaults, and give the figures its worked example states.")
    applies_to = "catalogued"
    rationale = ("The calculator is the model the reader runs with their own numbers; its defaults are the worked "
                 "example's cited inputs. A formula that does not parse or names an unknown input shows nothing; "
                 "one that divides by zero at the defaults shows an error on the page's own example; one whose "
                 "result differs from the figure the worked example states means the page and the model disagree "
                 "-- one of them is wrong. The language (atlas.calculator) is the same in the browser.")
    good = ("calculator:\n  inputs:\n    - {name: rate, label: Arrival rate, unit: req/s, default: 1200, min: 1, "
            "max: 1000000}\n    - {name: latency, label: Time in system, unit: ms, default: 50, min: 1, max: 60000}\n"
            "  outputs:\n    - {name: in_flight, label: Requests in flight, formula: 'rate * latency / 1000', "
            "example: 60}\n...\n1,200 requests per second × 50 ms = 60 requests in flight.")
    bad = ("calculator:\n  inputs:\n    - {name: rate, label: Arrival rate, unit: req/s, default: 1200, min: 1, "
           "max: 1000000}\n  outputs:\n    - {name: in_flight, label: Requests in flight, "
           "formula: 'rate * latncy / 1000', example: 60}")

    def check(self, page, ctx):
        category, _ = place(page)
        calculator = page.meta.get("calculator")
        if calculator is None:
            if category == "capacity":
                yield self.at(page, 1, "capacity model without a `calculator:` (inputs with defaults from the worked "
                                       "example, outputs with formulas)")
            return
        if not isinstance(calculator, dict):
            return  # FM001 reports the shape
        inputs = [i for i in calculator.get("inputs") or [] if isinstance(i, dict)]
        outputs = [o for o in calculator.get("outputs") or [] if isinstance(o, dict)]
        env: dict[str, float] = {}
        for spec in inputs:
            line = self._line(page, f"name: {spec.get('name')}")
            try:
                low, high, default = float(spec["min"]), float(spec["max"]), float(spec["default"])
            except (KeyError, TypeError, ValueError):
                continue  # FM001
            if spec.get("name") in env:
                yield self.at(page, line, f"calculator: input {spec['name']!r} is declared twice")
            if not low < high:
                yield self.at(page, line, f"calculator: input {spec.get('name')!r} has min {low:g} >= max {high:g}")
            elif not low <= default <= high:
                yield self.at(page, line, f"calculator: input {spec.get('name')!r} default {default:g} is outside "
                                          f"[{low:g}, {high:g}]")
            env[str(spec.get("name"))] = default
        failed = False
        for spec in outputs:
            name, formula = str(spec.get("name")), str(spec.get("formula", ""))
            line = self._line(page, formula) if formula else self._line(page, f"name: {name}")
            if name in env:
                yield self.at(page, line, f"calculator: output {name!r} reuses a name already declared")
            try:
                tree = parse(formula)
                unknown = sorted(names(tree) - set(env))
                if unknown:
                    raise CalculatorError(f"unknown name {unknown[0]!r} (inputs and earlier outputs: "
                                          f"{', '.join(env) or 'none'})")
                value = None if failed else evaluate(tree, env)
            except CalculatorError as exc:
                yield self.at(page, line, f"calculator: output {name!r}: {exc}")
                failed = True
                env[name] = float("nan")
                continue
            if value is None:
                env[name] = float("nan")
                continue
            env[name] = value
            example = spec.get("example")
            if example is None:
                yield self.at(page, line, f"calculator: output {name!r} needs `example:`, the figure the worked example "
                                          f"states (it computes {value:,.6g} at the defaults)")
            elif isinstance(example, (int, float)):
                if not agrees(value, float(example)):
                    yield self.at(page, line, f"calculator: output {name!r} computes {value:,.6g} at the defaults but the "
                                              f"worked example says {example:,}")
                elif not states(page.body, float(example)):
                    yield self.at(page, line, f"calculator: output {name!r}: the worked example never states "
                                              f"{spellings(float(example))[0]}")

    @staticmethod
    def _line(page, needle) -> int:
        """Line of the front matter that holds `needle` (an input's name, a formula), else `calculator:`."""
        if needle:
            for i, text in enumerate(page.text.splitlines()[: page.body_line], start=1):
                if str(needle) in text:
                    return i
        return page.line_of("calculator")


RULE = Calculator()
