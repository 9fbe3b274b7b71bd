"""Reading inputs: every bad input is a Failure naming the path (and line) and the reason."""

from __future__ import annotations

from pathlib import Path

from whosaid.config import Settings
from whosaid.ingest import read_paths
from whosaid.records import Document, Failure


def _read(*paths: Path, **settings: int) -> list[Document | Failure]:
    return list(read_paths([str(p) for p in paths], Settings(**settings)))  # type: ignore[arg-type]


def test_text_file_is_read_unmodified(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_text("  Officials said it rained.\n", encoding="utf-8")
    (doc,) = _read(p)
    assert isinstance(doc, Document) and doc.text == "  Officials said it rained.\n" and doc.id == "a"


def test_binary_empty_and_missing_files_fail_with_reasons(tmp_path: Path) -> None:
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02abc")
    (tmp_path / "empty.txt").write_bytes(b"   \n")
    results = _read(tmp_path / "bin.txt", tmp_path / "empty.txt", tmp_path / "nope.txt")
    reasons = {Path(f.origin).name: f.reason for f in results if isinstance(f, Failure)}
    assert "binary" in reasons["bin.txt"]
    assert "empty" in reasons["empty.txt"]
    assert "no such file" in reasons["nope.txt"]


def test_latin1_text_is_decoded_and_its_encoding_kept(tmp_path: Path) -> None:
    p = tmp_path / "l.txt"
    p.write_bytes("Le ministre a déclaré que la réforme était nécessaire.".encode("latin-1"))
    (doc,) = _read(p)
    assert isinstance(doc, Document) and "déclaré" in doc.text and doc.encoding not in (None, "utf-8")


def test_oversized_file_is_refused_with_the_limit(tmp_path: Path) -> None:
    p = tmp_path / "big.txt"
    p.write_text("word " * 100, encoding="utf-8")
    (f,) = _read(p, max_bytes=100)
    assert isinstance(f, Failure) and "too large" in f.reason


def test_jsonl_bad_lines_name_their_line_and_good_lines_go_on(tmp_path: Path) -> None:
    p = tmp_path / "r.jsonl"
    p.write_text('{"id": "x", "text": "He said so."}\n{oops\n{"id": "y"}\n{"text": "Two."}\n', encoding="utf-8")
    results = _read(p)
    assert [r.id for r in results if isinstance(r, Document)] == ["x", "r:4"]
    failures = {f.origin: f.reason for f in results if isinstance(f, Failure)}
    assert "malformed JSON" in failures[f"{p}:2"]
    assert "no 'text'" in failures[f"{p}:3"]


def test_html_main_text_and_title_are_extracted(tmp_path: Path) -> None:
    p = tmp_path / "page.html"
    body = " ".join(["The governor said on Tuesday that the new bridge would open next spring."] * 4)
    p.write_text(
        f"<html><head><title>Bridge news</title></head><body><nav>Home | About</nav>"
        f"<article><h1>Bridge to open</h1><p>{body}</p></article></body></html>",
        encoding="utf-8",
    )
    (doc,) = _read(p)
    assert isinstance(doc, Document)
    assert "governor said" in doc.text and "Home | About" not in doc.text
    assert doc.title


def test_html_without_main_text_fails(tmp_path: Path) -> None:
    p = tmp_path / "nav.html"
    p.write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>", encoding="utf-8")
    (f,) = _read(p)
    assert isinstance(f, Failure) and "no main text" in f.reason


def test_directory_is_walked_without_following_symlink_loops(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("The mayor said hello.", encoding="utf-8")
    (tmp_path / "sub" / "loop").symlink_to(tmp_path, target_is_directory=True)
    docs = [d for d in _read(tmp_path) if isinstance(d, Document)]
    assert [d.id for d in docs] == ["a"]
