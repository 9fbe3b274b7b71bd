"""Figures: values, approximations, bounds, and when two figures disagree."""

from __future__ import annotations

from whosaid.pipeline.quantities import agree, parse_number
from whosaid.records import Quantity, Span


def _q(value: float, approx: bool = False, bound: str | None = None) -> Quantity:
    return Quantity(Span(0, 1, "x"), value, approx, bound, "days")  # type: ignore[arg-type]


def test_parse_number_reads_digits_words_and_scales() -> None:
    assert parse_number(["10,000"]) == 10000
    assert parse_number(["two"]) == 2
    assert parse_number(["1.5", "million"]) == 1_500_000
    assert parse_number(["twenty-six"]) == 26
    assert parse_number(["banana"]) is None


def test_up_to_bound_admits_a_smaller_figure() -> None:
    assert agree(_q(5, bound="at_most"), _q(4), tolerance=0.05)


def test_up_to_bound_conflicts_with_a_larger_figure() -> None:
    assert not agree(_q(5, bound="at_most"), _q(7), tolerance=0.05)


def test_approximate_figures_ten_percent_apart_disagree() -> None:
    assert not agree(_q(10000, approx=True), _q(11000, approx=True), tolerance=0.05)


def test_approximate_figures_two_percent_apart_agree() -> None:
    assert agree(_q(10000, approx=True), _q(10200), tolerance=0.05)


def test_hedge_words_set_approx_and_bounds(analyze) -> None:
    a = analyze("Some 300 people fled, at least 12 were hurt and up to five days of rain are expected.")
    by_value = {q.value: q for q in a.quantities}
    assert by_value[300].approx and by_value[300].counts == "people"
    assert by_value[12].bound == "at_least"
    assert by_value[5].bound == "at_most" and by_value[5].counts == "days"
