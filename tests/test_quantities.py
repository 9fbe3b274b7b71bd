"""Figures: values, approximations, bounds, and when two figures disagree."""

from __future__ import annotations

import pytest

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


def _figures(analysis) -> dict[str, tuple[float, str | None]]:  # type: ignore[no-untyped-def]
    return {q.span.text: (round(q.value, 1), q.counts) for q in analysis.quantities}


def test_one_in_four_is_a_share_in_percent_of_what_it_counts(analyze) -> None:
    figures = _figures(analyze("A study found that 1 in 4 residents lived in distressed neighborhoods."))
    assert figures == {"1 in 4 residents": (25.0, "percent of residents")}
    figures = _figures(analyze("About two out of three voters said the economy mattered most."))
    assert figures == {"About two out of three voters": (66.7, "percent of voters")}


def test_a_percentage_is_of_the_noun_after_it(analyze) -> None:
    figures = _figures(analyze("Clinton won 55% of women in the exit poll."))
    assert figures == {"55% of women": (55.0, "percent of women")}
    figures = _figures(analyze("About 20 per cent of voters backed the plan."))
    assert figures == {"About 20 per cent of voters": (20.0, "percent of voters")}


def test_one_voices_comparison_in_a_sentence_is_not_a_conflict(analyze) -> None:
    a = analyze("In the Kursk poll, Zelenskyy leads 46 percent to 42 percent among Ukrainians.")
    assert not a.conflicts
    a = analyze("Ukraine deployed 10,000 troops to Kursk in May, up from 6,000 troops in March.")
    assert not a.conflicts


def test_the_articles_own_tallies_do_not_conflict(analyze) -> None:
    a = analyze("Trump won 36 delegates in Alabama on Tuesday. Trump won four delegates in Colorado.")
    assert not a.conflicts


def test_two_voices_figures_in_one_sentence_conflict(analyze) -> None:
    a = analyze(
        "Kyiv says 10,000 North Korean troops are in Kursk, while Moscow says 3,000 North Korean troops are there."
    )
    (conflict,) = a.conflicts
    assert {conflict.first.value, conflict.second.value} == {10000, 3000}


@pytest.mark.parametrize(
    ("text", "figure", "value", "counts"),
    [
        ("The council said it had spent £2m on flood defences.", "£2m", 2e6, "pounds"),
        ("The firm lost $1.5bn last year.", "$1.5bn", 1.5e9, "dollars"),
        ("The fund holds €40m.", "€40m", 4e7, "euros"),
        ("Revenue rose to 2.3bn euros.", "2.3bn euros", 2.3e9, "euros"),
        ("Some 3.4m people voted.", "Some 3.4m people", 3.4e6, "people"),
        ("The aid package is worth $20 million.", "$20 million", 2e7, "dollars"),
        ("Russia bought nearly $250 billion worth of arms.", "nearly $250 billion", 2.5e11, "dollars"),
    ],
)
def test_a_scale_written_short_and_a_currency_symbol_are_read(
    analyze, text: str, figure: str, value: float, counts: str
) -> None:
    (q,) = analyze(text).quantities
    assert (q.span.text, q.value, q.counts) == (figure, value, counts)


def test_a_short_m_that_is_neither_money_nor_a_count_of_things_stays_as_written(analyze) -> None:
    (q,) = analyze("The flood wall is 3.4m high.").quantities
    assert q.value == 3.4


def test_sums_of_money_for_different_things_do_not_conflict_by_currency_alone(analyze) -> None:
    a = analyze("Kyiv says the repairs cost $300 million, while Moscow says the new bridge in Kursk cost $1.2 billion.")
    assert {q.counts for q in a.quantities} == {"dollars"}
    assert not a.conflicts


@pytest.mark.parametrize(
    "text",
    [
        "According to a 2023 study by the University of Vienna, the river is unique.",
        "Sat 23 Nov 2026 08.00 GMT\n\nThe river runs free.",
        "The talks resumed at 10:30 in Doha.",
    ],
)
def test_dates_and_times_the_tagger_missed_are_not_figures(analyze, text: str) -> None:
    assert not analyze(text).quantities


def test_a_four_digit_count_of_things_is_a_figure_not_a_year(analyze) -> None:
    (q,) = analyze("Officials said 1,500 troops and 3000 volunteers arrived.").quantities[1:]
    assert (q.value, q.counts) == (3000, "volunteers")
