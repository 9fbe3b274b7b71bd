"""Bad input is classified and reported, the rest goes on; crashes lose and duplicate nothing."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

from whosaid import DEFAULTS, analyze_text
from whosaid.ingest import read_paths
from whosaid.ledger import Ledger
from whosaid.records import Document, Failure

SENTENCES = [
    "The mayor said the bridge would reopen in May.",
    "Officials told reporters that about 300 workers had been hired.",
    "The union denied that talks had collapsed, according to a statement.",
    "“We are not finished,” the contractor said on Tuesday.",
    "Residents say some 2,000 cars use the crossing every day.",
]


def _article(i: int) -> str:
    body = " ".join(SENTENCES[(i + k) % len(SENTENCES)] for k in range(12))
    return f"Report number {i}\n\n{body}\nFiled as item {i} of the series.\n"


def _failures(items: list[Document | Failure]) -> list[Failure]:
    return [x for x in items if isinstance(x, Failure)]


def test_run_on_text_over_the_character_limit_is_refused_naming_the_limit(tmp_path: Path) -> None:
    long = tmp_path / "runon.txt"
    long.write_text(("and the minister said " * 50_000)[:1_000_000], encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text(_article(1), encoding="utf-8")
    items = list(read_paths([str(long), str(good)]))
    (failure,) = _failures(items)
    assert failure.origin == str(long)
    assert "too long to parse" in failure.reason and f"{DEFAULTS.max_chars:,}" in failure.reason
    assert [x.id for x in items if isinstance(x, Document)] == ["good"]


def test_duplicate_id_with_a_different_text_is_refused_naming_the_first(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text(
        '{"id": "a1", "text": "The mayor said the bridge would reopen."}\n'
        '{"id": "a1", "text": "The mayor said the bridge would stay closed."}\n'
        '{"id": "a1", "text": "The mayor said the bridge would reopen."}\n',
        encoding="utf-8",
    )
    items = list(read_paths([str(path)]))
    (failure,) = _failures(items)
    assert failure.origin == f"{path}:2"
    assert "duplicate id 'a1'" in failure.reason and f"{path}:1" in failure.reason


def test_whitespace_only_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "blank.txt"
    path.write_text(" \n\t\n  ", encoding="utf-8")
    (failure,) = _failures(list(read_paths([str(path)])))
    assert failure.reason == "empty file"


def test_permission_error_is_reported_and_the_next_file_read(tmp_path: Path, monkeypatch) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_text(_article(2), encoding="utf-8")
    other = tmp_path / "other.txt"
    other.write_text(_article(3), encoding="utf-8")
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "locked.txt":  # running as root, chmod cannot deny a read
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    items = list(read_paths([str(locked), str(other)]))
    assert _failures(items) == [Failure(str(locked), "permission denied")]
    assert [x.id for x in items if isinstance(x, Document)] == ["other"]


def test_html_nested_beyond_the_parser_limit_is_refused_saying_so(tmp_path: Path) -> None:
    path = tmp_path / "nested.html"
    inner = "<p>" + " ".join(SENTENCES) + "</p>"
    path.write_text("<html><body>" + "<div>" * 5000 + inner + "</div>" * 5000 + "</body></html>", encoding="utf-8")
    (item,) = list(read_paths([str(path)]))
    assert isinstance(item, Failure) and item.origin == str(path)
    assert "nested 5,00" in item.reason and "stops at 255" in item.reason


def test_html_nested_within_the_parser_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "nested.html"
    inner = "<p>" + " ".join(SENTENCES) + "</p>"
    path.write_text("<html><body>" + "<div>" * 200 + inner + "</div>" * 200 + "</body></html>", encoding="utf-8")
    (item,) = list(read_paths([str(path)]))
    assert isinstance(item, Document) and "reopen in May" in item.text


def test_utf16_with_a_byte_order_mark_is_text_not_binary(tmp_path: Path) -> None:
    path = tmp_path / "wide.txt"
    path.write_bytes(" ".join(SENTENCES).encode("utf-16"))
    (item,) = list(read_paths([str(path)]))
    assert isinstance(item, Document)
    assert item.encoding == "utf-16" and item.text.startswith("The mayor said")


def test_broken_html_still_gives_its_main_text(tmp_path: Path) -> None:
    path = tmp_path / "broken.html"
    path.write_text(
        "<html><head><title>Bridge</title><body><article><p>" + " ".join(SENTENCES * 3) + "<p><div></span>",
        encoding="utf-8",
    )
    (item,) = list(read_paths([str(path)]))
    assert isinstance(item, Document)
    assert "reopen in May" in item.text


def test_a_record_the_database_refuses_is_rolled_back_alone(ledger_target: str, nlp) -> None:
    good = analyze_text(_article(4), nlp, doc_id="good")
    bad = analyze_text(_article(5), nlp, doc_id="poison")
    with Ledger(ledger_target) as ledger:
        if ledger.dialect == "sqlite":
            ledger.db.execute(
                "CREATE TRIGGER refuse BEFORE INSERT ON documents WHEN NEW.doc_id = 'poison'"
                " BEGIN SELECT RAISE(ABORT, 'refused by test trigger'); END"
            )
        else:
            ledger.db.script(
                "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                " IF NEW.doc_id = 'poison' THEN RAISE EXCEPTION 'refused by test trigger'; END IF;"
                " RETURN NEW; END $$; CREATE TRIGGER refuse BEFORE INSERT ON documents"
                " FOR EACH ROW EXECUTE FUNCTION refuse()"
            )
        assert ledger.add_batch([good, bad]) == (1, 0, 1)
        assert ledger.count("documents") == 1
        assert ledger.count("attributions") == len(good.attributions)
        (failure,) = ledger.open_failures()
        assert "refused by test trigger" in failure["reason"]
        assert ledger.integrity_ok()


def _stored(db: str) -> int:
    try:
        with Ledger(db, readonly=True) as ledger:
            return ledger.count("documents")
    except Exception:  # noqa: BLE001 - not created yet
        return 0


def test_kill_9_mid_ingest_then_rerun_stores_every_document_exactly_once(tmp_path: Path, ledger_target: str) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    n = 120
    for i in range(n):
        (corpus / f"a{i:03d}.txt").write_text(_article(i), encoding="utf-8")
    db = ledger_target
    cmd = [sys.executable, "-m", "whosaid.cli", "ingest", str(corpus), "--db", db, "--processes", "1"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 180
    while _stored(db) == 0 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the ingest finished before it could be killed"
    partial = _stored(db)
    assert 0 < partial < n

    rerun = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{n - partial} added, {partial} already stored" in rerun.stderr
    with Ledger(db) as ledger:
        assert ledger.count("documents") == n
        distinct = ledger.db.execute("SELECT COUNT(DISTINCT doc_id), COUNT(DISTINCT text_hash) FROM documents")
        assert tuple(distinct.fetchone()) == (n, n)
        assert ledger.integrity_ok()
        if ledger.dialect == "sqlite":
            assert ledger.db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_the_reader_serves_while_an_ingest_holds_a_write_transaction(tmp_path: Path, nlp) -> None:
    from fastapi.testclient import TestClient

    from whosaid.web import create_app

    db = str(tmp_path / "l.db")
    with Ledger(db) as ledger:
        ledger.add_batch([analyze_text(_article(6), nlp, doc_id="first")])
    client = TestClient(create_app(db))
    writer = Ledger(db)
    try:
        with writer.db.transaction():  # an ingest mid-batch: a write transaction left open
            writer.add_batch([analyze_text(_article(7), nlp, doc_id="second")])
            page = client.get("/")
            assert page.status_code == 200
            assert "first" in page.text and "second" not in page.text  # readers see the last commit
        assert "second" in client.get("/").text
    finally:
        writer.close()
