"""Shared fixtures: the real spaCy pipeline with whosaid's components, loaded once."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from spacy.language import Language

import whosaid

# ../shared beside the checkout, or wherever WHOSAID_SHARED points
SHARED = Path(os.environ.get("WHOSAID_SHARED", Path(__file__).resolve().parents[2] / "shared"))
SEED_TEXT = Path(whosaid.__file__).parent / "data" / "kursk-pows.txt"


@pytest.fixture(scope="session")
def nlp() -> Language:
    return whosaid.load()


@pytest.fixture(scope="session")
def analyze(nlp: Language):  # type: ignore[no-untyped-def]
    def run(text: str) -> whosaid.Analysis:
        return whosaid.analyze_text(text, nlp)

    return run


@pytest.fixture(scope="session")
def seed(analyze) -> whosaid.Analysis:  # type: ignore[no-untyped-def]
    return analyze(SEED_TEXT.read_text(encoding="utf-8"))
