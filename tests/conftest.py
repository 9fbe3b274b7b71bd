"""Shared fixtures: the real spaCy pipeline with whosaid's components, loaded once."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
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
def rules_only():  # type: ignore[no-untyped-def]
    """The hand-written rules alone, without the learned scorer."""
    nlp = whosaid.load(learned=False)
    return lambda text: whosaid.analyze_text(text, nlp)


@pytest.fixture(scope="session")
def seed(analyze) -> whosaid.Analysis:  # type: ignore[no-untyped-def]
    return analyze(SEED_TEXT.read_text(encoding="utf-8"))


# -- storage back ends: every ledger test runs on SQLite, and on PostgreSQL when a server is
# given (.ci/run starts one with .ci/pg-test-server and sets WHOSAID_TEST_PG).
PG_URL = os.environ.get("WHOSAID_TEST_PG")
if os.environ.get("WHOSAID_REQUIRE_PG") and not PG_URL:
    raise RuntimeError("WHOSAID_REQUIRE_PG is set but WHOSAID_TEST_PG is not")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])


def _fresh_target(backend: str, directory: Path) -> Iterator[str]:
    if backend == "sqlite":
        yield str(directory / "ledger.db")
        return
    import psycopg

    assert PG_URL is not None
    name = "whosaid_" + uuid.uuid4().hex[:12]
    with psycopg.connect(PG_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')  # type: ignore[arg-type]
    yield PG_URL.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(PG_URL, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # type: ignore[arg-type]


@pytest.fixture(params=BACKENDS)
def ledger_target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    yield from _fresh_target(request.param, tmp_path)


@pytest.fixture(scope="module", params=BACKENDS)
def module_ledger_target(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from _fresh_target(request.param, tmp_path_factory.mktemp(request.param))
