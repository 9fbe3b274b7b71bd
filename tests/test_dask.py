"""The Dask engine on a real LocalCluster with 2 worker processes gives what the local engine gives."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SEED_TEXT, SHARED
from typer.testing import CliRunner

from whosaid.cli import app
from whosaid.ledger import Ledger

runner = CliRunner()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    texts = sorted((SHARED / "polnear" / "dev" / "text").glob("*.txt"))[:10]
    if len(texts) < 10:
        pytest.skip("PolNeAR dev texts not available")
    for t in texts:
        shutil.copy(t, root / t.name)
    shutil.copy(SEED_TEXT, root / "kursk-pows.txt")
    (root / "broken.txt").write_bytes(b"\x00\x01binary")
    return root


def _statements(db: str) -> set[tuple[object, ...]]:
    with Ledger(db) as ledger:
        rows = ledger.db.execute(
            "SELECT d.doc_id, a.position, a.cue_start, a.cue_end, a.content_text, a.speaker, a.stance, a.relayed_by_id"
            " IS NOT NULL FROM attributions a JOIN documents d ON d.id = a.document_id"
        ).fetchall()
    return {tuple(r) for r in rows}


def test_two_dask_workers_store_what_one_local_process_stores(corpus: Path, ledger_target: str, tmp_path: Path) -> None:
    local = str(tmp_path / "local.db")
    one = runner.invoke(app, ["ingest", str(corpus), "--db", local, "--processes", "1"])
    assert one.exit_code == 1 and "broken.txt" in one.output  # the binary file is reported either way
    args = ["ingest", str(corpus), "--db", ledger_target, "--engine", "dask", "--processes", "2"]
    two = runner.invoke(app, [*args, "--partition-size", "3"])
    assert two.exit_code == 1 and "broken.txt" in two.output, two.output
    assert "dask: 4 partitions, 0 failed" in two.output
    assert _statements(ledger_target) == _statements(local)
    assert len(_statements(local)) > 100
    again = runner.invoke(app, [*args, "--partition-size", "3"])
    assert "0 added, 11 already stored" in again.output
    with Ledger(ledger_target) as ledger:
        assert ledger.count("documents") == 11


def test_unknown_engine_is_a_clear_error(corpus: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["ingest", str(corpus), "--db", str(tmp_path / "l.db"), "--engine", "spark"])
    assert result.exit_code == 2 and "unknown engine 'spark'" in result.output


def test_a_batch_is_cut_into_groups_bounded_by_characters() -> None:
    from whosaid.engine.local import by_size
    from whosaid.records import Document

    docs = [Document(str(i), "x" * n) for i, n in enumerate([30, 30, 50, 120, 10, 10])]
    groups = [[d.id for d in g] for g in by_size(docs, 100)]
    assert groups == [["0", "1"], ["2"], ["3"], ["4", "5"]]  # a document longer than the bound goes alone
    assert [d.id for g in by_size(docs, 100) for d in g] == [d.id for d in docs]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_a_scheduler_and_a_worker_started_by_hand_run_an_ingest(corpus: Path, tmp_path: Path) -> None:
    """The README's multi-machine recipe on one machine: `dask scheduler` and `dask worker` as
    processes of their own, the ingest a client of them through --scheduler."""
    from distributed import Client

    address = f"tcp://127.0.0.1:{_free_port()}"
    dask = [sys.executable, "-m", "dask"]
    port = address.rsplit(":", 1)[1]
    scheduler = subprocess.Popen([*dask, "scheduler", "--host", "127.0.0.1", "--port", port, "--no-dashboard"])
    worker = subprocess.Popen([*dask, "worker", address, "--nworkers", "1", "--nthreads", "1", "--no-dashboard"])
    try:
        with Client(address, timeout=60) as client:
            client.wait_for_workers(1, timeout=120)
        texts = tmp_path / "texts"
        texts.mkdir()
        for f in sorted(corpus.glob("*.txt"))[:3]:
            shutil.copy(f, texts / f.name)
        local, remote = str(tmp_path / "local.db"), str(tmp_path / "remote.db")
        assert runner.invoke(app, ["ingest", str(texts), "--db", local, "--processes", "1"]).exit_code == 0
        result = runner.invoke(app, ["ingest", str(texts), "--db", remote, "--engine", "dask", "--scheduler", address])
        assert result.exit_code == 0, result.output
        assert "dask: 1 partitions, 0 failed" in result.output
        assert _statements(remote) == _statements(local) and _statements(local)
    finally:
        for process in (worker, scheduler):
            process.terminate()
            process.wait(timeout=60)
