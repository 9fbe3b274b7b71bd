"""The command line, run in-process through typer's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from whosaid.cli import app

runner = CliRunner()


def test_demo_prints_speakers_and_the_conflict() -> None:
    result = runner.invoke(app, ["demo"])
    assert result.exit_code == 0, result.output
    assert "Volodymyr Zelenskyy" in result.output
    assert "National Intelligence Service" in result.output
    assert "figures disagree" in result.output


def test_extract_writes_the_jsonl_contract(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_text("The minister said the plan would fail.", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(p), "--processes", "1"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout.splitlines()[0])
    assert record["id"] == "a" and record["text"] == p.read_text(encoding="utf-8")
    (at,) = record["attributions"]
    assert set(at) >= {"speaker", "source", "cue", "content", "stance", "hedged", "relayed_by"}
    assert record["text"][at["cue"]["start"] : at["cue"]["end"]] == "said"


def test_extract_reads_stdin() -> None:
    result = runner.invoke(app, ["extract", "-", "--processes", "1"], input="Police said the road was closed.")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["attributions"][0]["cue"]["text"] == "said"


def test_bad_input_is_reported_and_the_rest_goes_on_with_exit_1(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("The mayor said the park would reopen.", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\x00\x00\x00")
    result = runner.invoke(app, ["ingest", str(tmp_path), "--db", str(tmp_path / "l.db"), "--processes", "1"])
    assert result.exit_code == 1
    assert "bad.txt" in result.output and "binary" in result.output
    assert "1 added" in result.output


def test_ingest_twice_adds_nothing_and_exits_0(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("The mayor said the park would reopen.", encoding="utf-8")
    args = ["ingest", str(tmp_path / "good.txt"), "--db", str(tmp_path / "l.db"), "--processes", "1"]
    assert runner.invoke(app, args).exit_code == 0
    second = runner.invoke(app, args)
    assert second.exit_code == 0 and "0 added, 1 already stored" in second.output


def test_unknown_model_is_a_clear_error(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_text("He said so.", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(p), "--model", "no_such_model", "--processes", "1"])
    assert result.exit_code != 0
    assert "not installed" in result.output


def test_two_processes_give_the_same_output_as_one(tmp_path: Path) -> None:
    for i, sentence in enumerate(["The mayor said the park would reopen.", "Police said the road was closed."] * 3):
        (tmp_path / f"{i}.txt").write_text(sentence, encoding="utf-8")
    one = runner.invoke(app, ["extract", str(tmp_path), "--processes", "1"])
    two = runner.invoke(app, ["extract", str(tmp_path), "--processes", "2"])
    assert one.exit_code == two.exit_code == 0
    assert one.stdout == two.stdout and len(one.stdout.splitlines()) == 6


def test_the_same_text_twice_in_one_run_is_stored_once_and_counted(tmp_path: Path) -> None:
    for name in ("a.txt", "copy-of-a.txt"):
        (tmp_path / name).write_text("The mayor said the park would reopen.", encoding="utf-8")
    args = ["ingest", str(tmp_path), "--db", str(tmp_path / "l.db"), "--processes", "1"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0
    assert "1 added, 1 already stored, 0 failed" in result.output
