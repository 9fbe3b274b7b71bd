"""The golden article as a whole, checked against its hand annotation."""

from __future__ import annotations

import json
import unicodedata

import pytest
from conftest import SEED_TEXT, SHARED

GOLD = SHARED / "corpus" / "kursk-pows.gold.json"


def _norm(name: str) -> str:
    name = unicodedata.normalize("NFKC", name).replace("’", "'").lower().strip()
    return name[4:] if name.startswith("the ") else name


def _names_for(gold: dict, canonical: str) -> set[str]:
    return {_norm(canonical)} | {_norm(a) for a in gold["entities"].get(canonical, [])}


@pytest.fixture(scope="module")
def gold() -> dict:
    if not GOLD.exists():
        pytest.skip("seed gold annotation not available")
    return json.loads(GOLD.read_text(encoding="utf-8"))


def test_bundled_example_is_the_seed_article() -> None:
    shared = SHARED / "corpus" / "kursk-pows.txt"
    if shared.exists():
        assert SEED_TEXT.read_bytes() == shared.read_bytes()


def test_seed_attributions_found_with_the_right_speaker(seed, gold) -> None:
    text = seed.document.text
    found = 0
    missed = []
    for g in gold["attributions"]:
        start = text.find(g["content"])
        assert start >= 0, g["content"]
        end = start + len(g["content"])
        names = _names_for(gold, g["source"])
        ok = any(
            any(c.start < end and start < c.end for c in at.contents) and at.speaker and _norm(at.speaker) in names
            for at in seed.attributions
        )
        found += ok
        if not ok:
            missed.append(g["content"][:60])
    assert found == len(gold["attributions"]), f"{found}/{len(gold['attributions'])}; missed: {missed}"


def test_seed_troop_figures_are_approximate_counts_of_troops(seed) -> None:
    troops = {q.value: q for q in seed.quantities if q.counts == "troops"}
    assert set(troops) >= {10000, 11000}
    assert troops[10000].approx and troops[11000].approx


def test_seed_troop_figures_conflict(seed) -> None:
    pairs = {(c.first.value, c.second.value) for c in seed.conflicts}
    assert (10000, 11000) in pairs


def test_seed_confirmation_and_non_denial_have_their_stance(seed) -> None:
    stances = {at.cue.text: at.stance for at in seed.attributions}
    assert stances["confirmed"] == "confirm"
    assert stances["neither confirmed nor denied"] == "non_committal"


def test_seed_furniture_and_second_headline_are_set_apart(seed, gold) -> None:
    kinds = {r.span.text: r.kind for r in seed.regions}
    assert kinds[gold["boilerplate"][0]] == "furniture"
    assert kinds[gold["headings"][0]] == "heading"


def test_every_seed_span_points_into_the_text(seed) -> None:
    text = seed.document.text
    spans = [s for at in seed.attributions for s in (at.cue, at.source, *at.contents) if s is not None]
    spans += [m.span for e in seed.entities for m in e.mentions] + [q.span for q in seed.quantities]
    assert spans
    assert all(text[s.start : s.end] == s.text for s in spans)
