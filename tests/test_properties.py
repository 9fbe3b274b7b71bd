"""Property tests: any Unicode text goes through without an exception and every span
points into the original text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from whosaid.ledger import Ledger
from whosaid.pipeline.bounds import text_of, token_text
from whosaid.pipeline.quotes import find_quotes
from whosaid.pipeline.regions import find_regions

PIECES = [
    *"abcdefghij ABCDEFGHIJ.,;:“”\"'‘’—–-\n0123456789()",
    " said ",
    " told ",
    " according to ",
    "The NIS",
    "PENCE:",
]
NEWSY = st.lists(st.sampled_from(PIECES), max_size=120).map("".join)


@given(st.text(max_size=400))
@settings(max_examples=200, deadline=None)
def test_regions_and_quotes_hold_for_any_text(text: str) -> None:
    for r in find_regions(text):
        assert text[r.span.start : r.span.end] == r.span.text
    for q in find_quotes(text):
        assert 0 <= q.start < q.end <= len(text)


@given(st.one_of(st.text(max_size=300), NEWSY), st.data())
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_cached_text_and_token_runs_read_as_spacy_reads_them(nlp, text: str, data: st.DataObject) -> None:
    doc = nlp.make_doc(text)
    assert text_of(doc) == doc.text == text_of(doc)
    if len(doc):
        first = data.draw(st.integers(0, len(doc) - 1))
        last = data.draw(st.integers(first, len(doc) - 1))
        assert token_text(doc, first, last) == doc[first : last + 1].text


@given(st.one_of(st.text(max_size=300), NEWSY))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_pipeline_spans_hold_for_any_text(analyze, text: str) -> None:
    a = analyze(text)
    spans = [s for at in a.attributions for s in (at.cue, at.source, at.recipient, *at.contents) if s is not None]
    spans += [m.span for e in a.entities for m in e.mentions] + [q.span for q in a.quantities]
    spans += [r.span for r in a.regions]
    for s in spans:
        assert text[s.start : s.end] == s.text
    for at in a.attributions:
        assert at.relayed_by is None or 0 <= at.relayed_by < len(a.attributions)


@given(st.one_of(st.text(min_size=1, max_size=200), NEWSY))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_store_keeps_any_text_exactly_and_reingest_is_a_no_op(analyze, tmp_path_factory, text: str) -> None:
    a = analyze(text)
    with Ledger(tmp_path_factory.mktemp("ledger") / "l.db") as ledger:
        assert ledger.add_batch([a]) == (1, 0, 0)
        counts = {t: ledger.count(t) for t in ("documents", "attributions", "entities", "quantities", "regions")}
        assert ledger.add_batch([a]) == (0, 1, 0)
        assert {t: ledger.count(t) for t in counts} == counts
        (stored,) = ledger.db.execute("SELECT text FROM documents").fetchone()
        assert stored == text
        for start, end, body in ledger.db.execute("SELECT cue_start, cue_end, cue_text FROM attributions"):
            assert text[start:end] == body
