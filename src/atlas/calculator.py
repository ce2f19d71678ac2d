"""The capacity models' calculator language, defined once: a page declares `calculator:` in front matter
(inputs with defaults and bounds, outputs with formulas) and the site renders a form whose outputs follow
the inputs. docs/javascripts/calculator.js is the same language in the browser; both are tested against
one table of cases (tests/calculator-cases.yaml). Nothing is ever eval'd, in Python or in JavaScript.

The language:
- numbers (`1200`, `0.5`, `1e6`), names of inputs and of earlier outputs;
- `+ - * / %` and `^` (power, right-associative), unary `-`, parentheses;
- comparisons `< <= > >= == !=` (1 or 0) and `if(condition, then, else)`;
- functions: min, max (any number of arguments), abs, ceil, floor, round(x) / round(x, digits),
  pow, sqrt, log (natural), log10, log2, exp, erlang_c(servers, traffic) (the probability that a
  request waits, Erlang C), and sum(k, from, to, expression) (the expression summed for integer k from
  `from` to `to`, at most 100,000 terms).
Errors (a formula that does not parse, an unknown name or function, a wrong number of arguments,
division by zero, a result that is not a finite number) raise CalculatorError with a one-line message.
"""

from __future__ import annotations

import math
import re

MAX_TERMS = 100_000


class CalculatorError(ValueError):
    pass


_TOKEN = re.compile(r"\s*(?:(\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|([A-Za-z_]\w*)|"
                    r"(<=|>=|==|!=|[-+*/%^(),<>]))")


def tokens(text: str) -> list[tuple[str, str]]:
    out, pos = [], 0
    text = text.rstrip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m:
            raise CalculatorError(f"unexpected {text[pos:].strip()[:1]!r} at character {pos + 1} of {text!r}")
        number, name, op = m.groups()
        out.append(("num", number) if number else ("name", name) if name else ("op", op))
        pos = m.end()
    return out


# A node is a tuple: ("num", value) | ("name", id) | ("neg", node) | (op, left, right) | ("call", fname, [args])
_BINARY = {"<": 1, "<=": 1, ">": 1, ">=": 1, "==": 1, "!=": 1, "+": 2, "-": 2, "*": 3, "/": 3, "%": 3, "^": 5}
ARITY = {"min": (1, None), "max": (1, None), "abs": (1, 1), "ceil": (1, 1), "floor": (1, 1), "round": (1, 2),
         "pow": (2, 2), "sqrt": (1, 1), "log": (1, 1), "log10": (1, 1), "log2": (1, 1), "exp": (1, 1),
         "erlang_c": (2, 2), "if": (3, 3), "sum": (4, 4)}


class _Parser:
    def __init__(self, text: str):
        self.text = text
        self.toks = tokens(text)
        self.i = 0

    def peek(self):
        return self.toks[self.i] if self.i < len(self.toks) else ("end", "")

    def take(self, kind=None, value=None):
        tok = self.peek()
        if (kind and tok[0] != kind) or (value and tok[1] != value):
            want = value or kind
            got = "the end" if tok[0] == "end" else repr(tok[1])
            raise CalculatorError(f"expected {want!r} but found {got} in {self.text!r}")
        self.i += 1
        return tok

    def parse(self):
        if not self.toks:
            raise CalculatorError("empty formula")
        node = self.expr(0)
        if self.peek()[0] != "end":
            raise CalculatorError(f"unexpected {self.peek()[1]!r} in {self.text!r}")
        return node

    def expr(self, min_prec: int):
        left = self.unary()
        while True:
            kind, op = self.peek()
            prec = _BINARY.get(op) if kind == "op" else None
            if prec is None or prec < min_prec:
                return left
            self.i += 1
            right = self.expr(prec if op == "^" else prec + 1)  # ^ is right-associative
            left = (op, left, right)

    def unary(self):
        if self.peek() == ("op", "-"):
            self.i += 1
            return ("neg", self.expr(4))  # binds tighter than * but looser than ^: -2^2 = -4
        if self.peek() == ("op", "+"):
            self.i += 1
            return self.expr(4)
        return self.atom()

    def atom(self):
        kind, value = self.peek()
        if kind == "num":
            self.i += 1
            return ("num", float(value))
        if kind == "name":
            self.i += 1
            if self.peek() == ("op", "("):
                self.i += 1
                args = []
                if self.peek() != ("op", ")"):
                    args.append(self.expr(0))
                    while self.peek() == ("op", ","):
                        self.i += 1
                        args.append(self.expr(0))
                self.take("op", ")")
                return self.call(value, args)
            return ("name", value)
        if (kind, value) == ("op", "("):
            self.i += 1
            node = self.expr(0)
            self.take("op", ")")
            return node
        got = "the end" if kind == "end" else repr(value)
        raise CalculatorError(f"expected a number, a name or '(' but found {got} in {self.text!r}")

    def call(self, fname: str, args: list):
        if fname not in ARITY:
            raise CalculatorError(f"unknown function {fname!r} (known: {', '.join(sorted(ARITY))})")
        low, high = ARITY[fname]
        if len(args) < low or (high is not None and len(args) > high):
            count = f"{low}" if low == high else f"{low} to {high}" if high else f"at least {low}"
            raise CalculatorError(f"{fname}() takes {count} argument(s), got {len(args)}")
        if fname == "sum" and args[0][0] != "name":
            raise CalculatorError("sum(k, from, to, expression): k must be a name")
        return ("call", fname, args)


def parse(text: str):
    """The syntax tree of a formula, or CalculatorError."""
    return _Parser(str(text)).parse()


def names(node, bound: frozenset = frozenset()) -> set[str]:
    """The free names a formula uses (a sum's own counter is bound inside it)."""
    kind = node[0]
    if kind == "num":
        return set()
    if kind == "name":
        return set() if node[1] in bound else {node[1]}
    if kind == "neg":
        return names(node[1], bound)
    if kind == "call":
        if node[1] == "sum":
            counter = node[2][0][1]
            return names(node[2][1], bound) | names(node[2][2], bound) | names(node[2][3], bound | {counter})
        return set().union(*(names(a, bound) for a in node[2]))
    return names(node[1], bound) | names(node[2], bound)


def erlang_c(servers: float, traffic: float) -> float:
    """Probability that an arrival waits (Erlang C) with `servers` servers offered `traffic` erlangs.
    1 when the servers cannot keep up (traffic >= servers)."""
    c = int(servers)
    if c != servers or c < 1:
        raise CalculatorError(f"erlang_c: servers must be a whole number >= 1, got {servers:g}")
    if traffic < 0:
        raise CalculatorError(f"erlang_c: traffic must be >= 0, got {traffic:g}")
    if traffic >= c:
        return 1.0
    # Erlang B by its stable recurrence, then C from B
    b = 1.0
    for k in range(1, c + 1):
        b = traffic * b / (k + traffic * b)
    return b / (1 - (traffic / c) * (1 - b))


def _check(value: float, what: str) -> float:
    if isinstance(value, complex) or not math.isfinite(value):
        raise CalculatorError(f"{what} is not a finite number")
    return float(value)


def evaluate(node, env: dict[str, float]) -> float:
    kind = node[0]
    if kind == "num":
        return node[1]
    if kind == "name":
        if node[1] not in env:
            raise CalculatorError(f"unknown name {node[1]!r}")
        return env[node[1]]
    if kind == "neg":
        return -evaluate(node[1], env)
    if kind == "call":
        return _call(node[1], node[2], env)
    a, b = evaluate(node[1], env), evaluate(node[2], env)
    if kind in ("/", "%") and b == 0:
        raise CalculatorError("division by zero")
    if kind == "^":
        if a == 0 and b < 0:
            raise CalculatorError("division by zero")
        if a < 0 and b != int(b):
            raise CalculatorError("a negative number to a fractional power")
        try:
            return _check(a ** b, "a power")
        except OverflowError:
            raise CalculatorError("a power is not a finite number") from None
    ops = {"+": a + b, "-": a - b, "*": a * b,
           "<": float(a < b), "<=": float(a <= b), ">": float(a > b), ">=": float(a >= b),
           "==": float(a == b), "!=": float(a != b)}
    if kind == "/":
        return _check(a / b, "a quotient")
    if kind == "%":
        return math.fmod(a, b)
    return _check(ops[kind], "the result")


def _call(fname: str, args: list, env: dict[str, float]) -> float:
    if fname == "if":
        return evaluate(args[1], env) if evaluate(args[0], env) != 0 else evaluate(args[2], env)
    if fname == "sum":
        counter = args[0][1]
        start, stop = evaluate(args[1], env), evaluate(args[2], env)
        if start != int(start) or stop != int(stop):
            raise CalculatorError("sum(): from and to must be whole numbers")
        if stop - start + 1 > MAX_TERMS:
            raise CalculatorError(f"sum(): more than {MAX_TERMS:,} terms")
        total, inner = 0.0, dict(env)
        for k in range(int(start), int(stop) + 1):
            inner[counter] = float(k)
            total += evaluate(args[3], inner)
        return _check(total, "sum()")
    xs = [evaluate(a, env) for a in args]
    if fname in ("sqrt",) and xs[0] < 0:
        raise CalculatorError("sqrt() of a negative number")
    if fname in ("log", "log10", "log2") and xs[0] <= 0:
        raise CalculatorError(f"{fname}() of a number that is not positive")
    if fname == "round":
        digits = int(xs[1]) if len(xs) > 1 else 0
        return _round_half_up(xs[0], digits)
    if fname == "erlang_c":
        return erlang_c(xs[0], xs[1])
    functions = {"min": lambda *v: min(v), "max": lambda *v: max(v), "abs": abs, "ceil": math.ceil,
                 "floor": math.floor, "pow": lambda a, b: evaluate(("^", ("num", a), ("num", b)), {}),
                 "exp": math.exp, "log": math.log, "log10": math.log10, "log2": math.log2, "sqrt": math.sqrt}
    try:
        return _check(float(functions[fname](*xs)), f"{fname}()")
    except OverflowError:
        raise CalculatorError(f"{fname}() is not a finite number") from None


def _round_half_up(x: float, digits: int) -> float:
    """Round half away from zero (not Python's banker's rounding); calculator.js does the same."""
    factor = 10.0 ** digits
    scaled = abs(x) * factor
    rounded = math.floor(scaled + 0.5)
    return math.copysign(rounded / factor, x)


def run(calculator: dict, values: dict[str, float] | None = None) -> dict[str, float]:
    """Every output of a page's calculator at `values` (default: the inputs' defaults), in order; an
    output may use the inputs and the outputs above it."""
    env: dict[str, float] = {}
    for spec in calculator.get("inputs", []):
        env[spec["name"]] = float((values or {}).get(spec["name"], spec["default"]))
    results: dict[str, float] = {}
    for spec in calculator.get("outputs", []):
        try:
            value = evaluate(parse(spec["formula"]), env)
        except CalculatorError as exc:
            raise CalculatorError(f"output {spec['name']!r}: {exc}") from None
        env[spec["name"]] = results[spec["name"]] = value
    return results
