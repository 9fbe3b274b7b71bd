"""The scoring rule, and annotators scored against each other by it."""

from __future__ import annotations

from whosaid.evaluate import Frame, annotator_agreement, score_document

TEXT = "The mayor said the bridge would reopen in May. Critics doubted it."


def _frame(cue: tuple[int, int], content: tuple[int, int], source: tuple[int, int] | None = None) -> Frame:
    return Frame((cue,), (content,), (source,) if source else ())


SAID = _frame((10, 14), (15, 45), (0, 9))
DOUBTED = _frame((55, 62), (63, 65), (47, 54))


def test_a_half_overlapping_content_with_the_wrong_source_matches_but_is_not_full() -> None:
    other = _frame((10, 14), (15, 31), (47, 54))  # "the bridge would": 3 of 6 words, F1 0.67
    score = score_document(TEXT, [other], [SAID])
    assert (score.matched, score.full) == (1, 0)


def test_identical_annotators_agree_fully() -> None:
    score = annotator_agreement([(TEXT, [[SAID, DOUBTED], [SAID, DOUBTED]])])
    assert score.full_prf == (1.0, 1.0, 1.0)
    assert score.gold == 4  # two ordered pairs, two attributions each


def test_an_attribution_one_annotator_missed_costs_recall_one_way_and_precision_the_other() -> None:
    score = annotator_agreement([(TEXT, [[SAID, DOUBTED], [SAID]])])
    # A as gold: 1 of 2 found; B as gold: 1 of 1 found, with one extra prediction
    assert (score.gold, score.predicted, score.full) == (3, 3, 2)
