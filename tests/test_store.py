"""The ledger, on every back end: schema, idempotent re-ingest, search that never reaches SQL
as text; and the SQLite file as plain SQLite."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from whosaid.ledger import Ledger
from whosaid.ledger.reader import search
from whosaid.records import Failure


def test_reingest_of_same_text_adds_nothing(ledger_target: str, seed) -> None:
    with Ledger(ledger_target) as ledger:
        assert ledger.add_batch([seed]) == (1, 0, 0)
        before = {t: ledger.count(t) for t in ("documents", "attributions", "quantities", "entities")}
        assert ledger.add_batch([seed]) == (0, 1, 0)
        assert {t: ledger.count(t) for t in before} == before
        assert before["attributions"] == len(seed.attributions)


def test_relay_is_stored_as_a_foreign_key_to_the_relaying_statement(ledger_target: str, seed) -> None:
    with Ledger(ledger_target) as ledger:
        ledger.add_batch([seed])
        rows = ledger.db.execute(
            "SELECT relayed.content_text, relay.speaker FROM attributions relayed JOIN attributions relay"
            " ON relayed.relayed_by_id = relay.id"
        ).fetchall()
    assert any(speaker == "National Intelligence Service" for _, speaker in rows)


def test_failures_are_recorded_and_listed(ledger_target: str) -> None:
    with Ledger(ledger_target) as ledger:
        ledger.add_batch([Failure("x.txt", "binary file (NUL bytes)")])
        assert ledger.open_failures()[0]["origin"] == "x.txt"


def test_search_finds_statements_and_treats_query_syntax_as_text(ledger_target: str, seed) -> None:
    with Ledger(ledger_target) as ledger:
        ledger.add_batch([seed])
        assert any(r["speaker"] == "National Intelligence Service" for r in search(ledger, "NIS"))
        assert search(ledger, '"; DROP TABLE attributions; --') == []
        assert search(ledger, "NEAR(OR AND *") == []
        assert ledger.count("attributions") == len(seed.attributions)


def test_ledger_file_is_plain_sqlite_with_foreign_keys(tmp_path: Path, seed) -> None:
    with Ledger(tmp_path / "l.db") as ledger:
        ledger.add_batch([seed])
        assert ledger.integrity_ok()
    db = sqlite3.connect(tmp_path / "l.db")
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {
        "documents",
        "entities",
        "mentions",
        "attributions",
        "quantities",
        "conflicts",
        "regions",
        "errors",
    } <= tables
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    text, start, end, cue = db.execute(
        "SELECT d.text, a.cue_start, a.cue_end, a.cue_text FROM attributions a JOIN documents d ON d.id = a.document_id"
    ).fetchone()
    assert text[start:end] == cue


def test_integrity_holds_and_a_second_open_migrates_nothing(ledger_target: str, seed) -> None:
    with Ledger(ledger_target) as ledger:
        ledger.add_batch([seed])
        assert ledger.integrity_ok()
        applied = [r[0] for r in ledger.db.execute("SELECT name FROM migrations ORDER BY name")]
    with Ledger(ledger_target) as again:
        assert [r[0] for r in again.db.execute("SELECT name FROM migrations ORDER BY name")] == applied
        assert again.count("documents") == 1
