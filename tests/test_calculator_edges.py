"""The calculator language's edges, in Python (atlas.calculator): the precedence of every operator, every
function's number of arguments, comparisons at and around equality, powers and sums at their limits, and
the exact text of the errors a page author reads. Written against the mutants that tests/test_calculator.py
let survive (mutation/survivors.md, "calculators")."""

from __future__ import annotations

import re

import pytest

from atlas.calculator import ARITY, CalculatorError, evaluate, names, parse


def _value(formula: str, **env: float) -> float:
    return evaluate(parse(formula), {k: float(v) for k, v in env.items()})


def _error(formula: str, **env: float) -> str:
    with pytest.raises(CalculatorError) as exc:
        _value(formula, **env)
    return str(exc.value)


# --- precedence: comparisons < + - < * / % < unary - < ^ -------------------------------------------

@pytest.mark.parametrize("formula, value", [
    # a comparison binds looser than + and -: 2 < (1 + 2), not (2 < 1) + 2
    ("2 < 1 + 2", 1), ("3 <= 1 + 1", 0), ("1 > 1 - 1", 1), ("0 >= 1 - 2", 1), ("2 == 1 + 1", 1),
    ("2 != 1 + 1", 0), ("0 < 2 - 1", 1), ("1 <= 0 - 5", 0),
    # the comparisons are one level, left to right: (a op b) op2 c, never a op (b op2 c)
    ("2 < 1 == 0", 1), ("2 <= 1 == 0", 1), ("3 > 2 == 0", 0), ("3 >= 2 == 0", 0), ("2 == 1 < 1", 1),
    ("1 != 2 < 1", 0), ("1 == 2 != 1", 1), ("3 > 2 > 1", 0), ("1 < 3 < 2", 1),
    # * / % bind tighter than + and -, and are one level among themselves, left to right
    ("10 - 2 * 3", 4), ("1 + 6 / 2", 4), ("1 + 7 % 4", 4), ("12 / 2 * 3", 18), ("12 % 5 / 2", 1),
    ("2 * 7 % 4", 2), ("12 / 3 % 3", 1), ("2 < 1 + 2 * 0", 0),
])
def test_every_operator_binds_as_the_language_says(formula, value):
    assert _value(formula) == value


@pytest.mark.parametrize("formula, value", [
    ("2 ^ -3 * 4", 0.5),    # (2 ^ -3) * 4: the exponent's minus takes the 3 only
    ("2 ^ +3 * 4", 32),     # (2 ^ 3) * 4
    ("-2 ^ 2 * 3", -12),
    ("2 ^ -1 ^ 2", 0.5),    # 2 ^ (-(1 ^ 2))
])
def test_a_signed_exponent_takes_only_its_own_operand(formula, value):
    assert _value(formula) == value


def test_a_long_formula_is_read_to_its_end():
    """More than 256 characters and tokens (small integers are shared objects in CPython; a position
    or index compared by identity would stop working past them)."""
    formula = " + ".join(["1"] * 200)
    assert len(formula) > 256 and len(formula.split()) > 256
    assert _value(formula) == 200
    assert _value(f"({formula}) * 2") == 400


# --- every function's number of arguments ------------------------------------------------------------

def _call_with(fname: str, n: int) -> str:
    return f"{fname}({', '.join(['1'] * n)})" if fname != "sum" else f"sum(k, {', '.join(['1'] * (n - 1))})"


@pytest.mark.parametrize("fname", sorted(f for f, (low, high) in ARITY.items() if low == high))
def test_a_function_with_a_fixed_number_of_arguments_refuses_one_more_or_one_less(fname):
    n = ARITY[fname][0]
    assert _error(_call_with(fname, n + 1)) == f"{fname}() takes {n} argument(s), got {n + 1}"
    if fname == "sum":
        assert _error("sum(k, 1, 1)") == "sum() takes 4 argument(s), got 3"
    else:
        assert _error(_call_with(fname, n - 1)) == f"{fname}() takes {n} argument(s), got {n - 1}"


def test_the_arguments_each_function_takes():
    assert {f: ARITY[f] for f in ("abs", "ceil", "floor", "sqrt", "log", "log10", "log2", "exp")} == \
        dict.fromkeys(("abs", "ceil", "floor", "sqrt", "log", "log10", "log2", "exp"), (1, 1))
    assert _error("log(8, 2)") == "log() takes 1 argument(s), got 2"  # no base: log10 and log2 exist
    assert _error("round()") == "round() takes 1 to 2 argument(s), got 0"
    assert _error("round(1, 2, 3)") == "round() takes 1 to 2 argument(s), got 3"
    assert _value("round(7.25, 1)") == 7.3 and _value("round(7.25)") == 7
    for fname in ("min", "max"):
        assert _error(f"{fname}()") == f"{fname}() takes at least 1 argument(s), got 0"
        assert _value(f"{fname}(5)") == 5
        assert _value(f"{fname}(5, 1, 9, 3)") == {"min": 1, "max": 9}[fname]
    assert _value("erlang_c(1, 0.5)") == 0.5
    assert _error("erlang_c(3)") == "erlang_c() takes 2 argument(s), got 1"
    assert _error("erlang_c(3, 2, 1)") == "erlang_c() takes 2 argument(s), got 3"


def test_sum_counts_over_a_name_only():
    for formula in ("sum(k + 1, 1, 3, k)", "sum(-k, 1, 3, 1)", "sum(max(k), 1, 3, 1)", "sum(2, 1, 3, 4)"):
        assert _error(formula, k=1) == "sum(k, from, to, expression): k must be a name", formula


# --- comparisons, if(), division and powers -------------------------------------------------------

@pytest.mark.parametrize("a, b", [(2, 3), (3, 2), (2, 2), (-1, 1), (1, -1)])
@pytest.mark.parametrize("op", ["<", "<=", ">", ">=", "==", "!="])
def test_each_comparison_is_one_or_zero_below_at_and_above_equality(op, a, b):
    want = {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b, "==": a == b, "!=": a != b}[op]
    assert _value(f"a {op} b", a=a, b=b) == float(want)


def test_if_takes_any_number_but_zero_as_true():
    assert _value("if(-1, 10, 20)") == 10
    assert _value("if(0.5 - 1, 10, 20)") == 10
    assert _value("if(0, 10, 20)") == 20


def test_dividing_by_a_negative_number_is_no_division_by_zero():
    assert _value("6 / -2") == -3
    assert _value("7 % -3") == 1
    assert _value("-7 % -3") == -1


@pytest.mark.parametrize("formula, value", [
    ("2 ^ -1", 0.5), ("(-2) ^ -1", -0.5), ("(-2) ^ 3", -8), ("(-2) ^ -2", 0.25),
    ("4 ^ 0.5", 2), ("0.25 ^ 0.5", 0.5), ("0 ^ 0.5", 0), ("1 ^ 0.5", 1),
])
def test_powers_of_negative_and_fractional_numbers(formula, value):
    assert _value(formula) == value


@pytest.mark.parametrize("formula", ["(-8) ^ -0.5", "(-0.5) ^ 0.5", "(-1) ^ 1.5", "(-2) ^ -1.5"])
def test_a_negative_number_to_a_fractional_power_is_refused_by_name(formula):
    assert _error(formula) == "a negative number to a fractional power"


@pytest.mark.parametrize("formula, message", [
    ("1e308 * 10", "the result is not a finite number"),
    ("-1e308 - 1e308", "the result is not a finite number"),
    ("1e308 / 1e-10", "a quotient is not a finite number"),
    ("sum(k, 1, 20, 1e307)", "sum() is not a finite number"),
])
def test_an_overflow_that_python_lets_through_is_still_an_error(formula, message):
    assert _error(formula) == message


# --- sum(): its bounds ------------------------------------------------------------------------------

@pytest.mark.parametrize("start, stop", [(-0.5, 2), (0.5, 2), (1, 2.5), (-3, -0.5), (1, 1.000001)])
def test_sum_refuses_bounds_that_are_not_whole_numbers(start, stop):
    assert _error("sum(k, a, b, k)", a=start, b=stop) == "sum(): from and to must be whole numbers"


def test_sum_counts_from_negative_bounds():
    assert _value("sum(k, -3, -1, k)") == -6
    assert _value("sum(k, -2, 2, k * k)") == 10
    assert _value("sum(k, 3, 1, k)") == 0  # an empty range sums to 0


# --- erlang_c ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("servers, traffic", [(1, 1), (3, 3), (7, 7), (2, 3), (3, 10), (1, 2.5)])
def test_erlang_c_is_exactly_one_when_the_servers_cannot_keep_up(servers, traffic):
    assert _value("erlang_c(s, t)", s=servers, t=traffic) == 1.0


# --- names(): the free names, with and without sum()'s counter --------------------------------------

@pytest.mark.parametrize("formula, free", [
    ("a + a", {"a"}),
    ("a * b - a", {"a", "b"}),
    ("sum(k, n, n, 1)", {"n"}),               # the same name in from and to
    ("sum(k, 1, n, n * k)", {"n"}),           # in to and in the term
    ("sum(k, n, 3, n)", {"n"}),               # in from and in the term
    ("sum(k, a, b, c)", {"a", "b", "c"}),
    ("sum(k, 1, 3, sum(k, 1, 2, k))", set()),  # a counter bound twice stays bound
    ("sum(k, 1, 3, sum(j, 1, k, j * k))", set()),
])
def test_names_unions_every_part_of_a_formula(formula, free):
    assert names(parse(formula)) == free


# --- the errors' text -------------------------------------------------------------------------------

@pytest.mark.parametrize("formula, message", [
    ("$", "unexpected '$' at character 1 of '$'"),
    ("12+$", "unexpected '$' at character 4 of '12+$'"),
    ("a * b ? c", "unexpected '?' at character 6 of 'a * b ? c'"),  # the blank before it counts
    ("(1, 2)", "expected ')' but found ',' in '(1, 2)'"),
    ("(1 (2))", "expected ')' but found '(' in '(1 (2))'"),
    ("(1 2)", "expected ')' but found '2' in '(1 2)'"),
    ("max(1 x)", "expected ')' but found 'x' in 'max(1 x)'"),
    ("1 + )", "expected a number, a name or '(' but found ')' in '1 + )'"),
    ("/ 2", "expected a number, a name or '(' but found '/' in '/ 2'"),
    ("2 * / 3", "expected a number, a name or '(' but found '/' in '2 * / 3'"),
    ("1 + <= 2", "expected a number, a name or '(' but found '<=' in '1 + <= 2'"),
    ("* 2)", "expected a number, a name or '(' but found '*' in '* 2)'"),
    (") 1)", "expected a number, a name or '(' but found ')' in ') 1)'"),
    (", 1)", "expected a number, a name or '(' but found ',' in ', 1)'"),
    ("1 )", "unexpected ')' in '1 )'"),
])
def test_a_formula_that_does_not_parse_says_where(formula, message):
    assert _error(formula) == message


def test_an_unknown_character_is_reported_with_its_position_wherever_it_is():
    for i in range(0, 30, 3):
        formula = "1" + "+1" * i + "#"
        position = re.search(r"at character (\d+) ", _error(formula)).group(1)
        assert int(position) == len(formula), formula
