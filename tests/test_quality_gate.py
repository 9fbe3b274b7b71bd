"""The quality gate: attribution F1 on PolNeAR dev never drops below its pinned floor."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SHARED

from whosaid.gate import corpus_hash, polnear_score

ROOT = SHARED / "polnear"
FLOORS = Path(__file__).resolve().parents[1] / "bench" / "floors.json"


@pytest.mark.slow
def test_polnear_dev_f1_stays_above_its_floor(nlp) -> None:
    if not (ROOT / "dev").exists():
        pytest.skip("PolNeAR dev not available")
    floors = json.loads(FLOORS.read_text())
    assert corpus_hash(ROOT, "dev") == floors["polnear_dev_sha256"], "dev corpus changed: re-pin with whosaid.gate"
    score = polnear_score(nlp, ROOT)
    assert score.full_prf[2] >= floors["polnear_dev_full_f1"]
    assert score.matched_prf[2] >= floors["polnear_dev_matched_f1"]
