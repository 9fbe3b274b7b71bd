"""Reliability bench: bad inputs of every class we know, a kill -9 mid-ingest, and the re-run.

    python bench/reliability.py [--root ../shared/polnear] [--good 120]

Prints how many bad-input classes were tried and reported, crashes (must be 0), good records
lost (must be 0), and the time of a full ingest vs the re-ingest after a kill -9 at about
half way. Good articles are PolNeAR dev texts when the corpus is there, else generated ones.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEFAULT_ROOT = Path(__file__).resolve().parents[2] / "shared" / "polnear"
SENTENCE = "The mayor said the bridge would reopen in May, according to officials. "


def bad_inputs(d: Path) -> dict[str, str]:
    """Write one input per bad class; returns class -> the path (or path:line) that must be named."""
    out: dict[str, str] = {}

    def write(name: str, data: bytes, cls: str, where: str | None = None) -> None:
        (d / name).write_bytes(data)
        out[cls] = where or str(d / name)

    write("binary.txt", bytes(range(256)) * 40, "binary file")
    write("empty.txt", b"", "empty file")
    write("blank.txt", b"  \n\t \n", "whitespace-only file")
    write("huge.txt", SENTENCE.encode() * 80_000, "file over the size limit")
    write("runon.txt", ("and the minister said " * 46_000).encode(), "1 MB single sentence")
    write("nav.html", b"<html><body><nav><a href='/'>Home</a></nav></body></html>", "HTML with no main text")
    feed = d / "feed.jsonl"
    lines = [
        json.dumps({"id": "ok1", "text": SENTENCE * 3}),
        '{"id": "trunc", "text": "The mayor sa',
        "not json at all",
        json.dumps({"id": "notext", "title": "no body"}),
        json.dumps(["a", "list"]),
        json.dumps({"id": "ok1", "text": SENTENCE * 4}),
    ]
    feed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out["truncated JSONL line"] = f"{feed}:2"
    out["malformed JSONL line"] = f"{feed}:3"
    out["JSONL record missing text"] = f"{feed}:4"
    out["JSONL record not an object"] = f"{feed}:5"
    out["duplicate id with different text"] = f"{feed}:6"
    write("deep.html", b"<html><body>" + b"<div>" * 20_000 + SENTENCE.encode() * 5 + b"</body>", "HTML nested too deep")
    out["missing path"] = str(d / "missing.txt")  # given on the command line, never created
    loop = d / "loop"
    loop.mkdir()
    os.symlink(loop, loop / "again")
    os.symlink(d / "does-not-exist.txt", d / "dangling.txt")
    out["dangling symlink"] = str(d / "dangling.txt")
    return out


# Inputs that look odd but are articles: each must be stored (name -> bytes).
def odd_but_good(d: Path) -> list[str]:
    files = {
        "cp1252.txt": ("Le maire a déclaré que le pont rouvrirait — « bientôt ». " * 4).encode("cp1252"),
        "utf16.txt": (SENTENCE * 4).encode("utf-16"),
        "nested.html": b"<html><body>" + b"<div>" * 200 + b"<p>Deep. " + SENTENCE.encode() * 5 + b"</p></body>",
        "broken.html": b"<html><p>" + SENTENCE.encode() * 5 + b"<div></span><p",
    }
    for name, data in files.items():
        (d / name).write_bytes(data)
    return [Path(name).stem for name in files]


def good_inputs(d: Path, root: Path, n: int) -> list[str]:
    texts = sorted((root / "dev" / "text").glob("*.txt")) if root.exists() else []
    ids = []
    for i in range(n):
        body = texts[i % len(texts)].read_text(encoding="utf-8") if texts else SENTENCE * 30
        name = f"good{i:04d}"
        (d / f"{name}.txt").write_text(f"{body}\n\nCopy {i}.\n", encoding="utf-8")
        ids.append(name)
    return ids


def ingest(paths: list[str], db: Path) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "whosaid.cli", "ingest", *paths, "--db", str(db), "--processes", "1"]
    return subprocess.run(cmd, capture_output=True, text=True)


def stored(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return int(conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0])
    except sqlite3.Error:
        return 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--root", type=Path, default=DEFAULT_ROOT)
    ap.add_argument("--good", type=int, default=120)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        bad_dir, good_dir = base / "bad", base / "good"
        bad_dir.mkdir()
        good_dir.mkdir()
        expected = bad_inputs(bad_dir)
        odd = odd_but_good(bad_dir)
        good = good_inputs(good_dir, args.root, args.good)

        run = ingest([str(bad_dir), expected["missing path"], str(good_dir)], base / "mixed.db")
        crashed = run.returncode not in (0, 1) or "Traceback" in run.stderr
        reported = {cls for cls, where in expected.items() if where in run.stderr}
        with sqlite3.connect(base / "mixed.db") as conn:
            ids = {r[0] for r in conn.execute("SELECT doc_id FROM documents")}
            errors = conn.execute("SELECT COUNT(*) FROM errors").fetchone()[0]
            integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        lost = [g for g in good + odd + ["ok1"] if g not in ids]
        print(f"bad-input classes tried: {len(expected)}, reported with their path: {len(reported)}")
        print(f"odd but valid inputs tried: {len(odd)} ({', '.join(odd)}); each must be stored")
        for cls in sorted(set(expected) - reported):
            print(f"  NOT reported: {cls} ({expected[cls]})")
        print(f"crashes: {int(crashed)} (exit status {run.returncode}); errors recorded: {errors}")
        print(f"good records lost: {len(lost)} {lost[:5] if lost else ''}; integrity_check: {integrity}")

        started = time.perf_counter()
        ingest([str(good_dir)], base / "full.db")
        full = time.perf_counter() - started
        db = base / "killed.db"
        cmd = [sys.executable, "-m", "whosaid.cli", "ingest", str(good_dir), "--db", str(db), "--processes", "1"]
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while stored(db) < len(good) // 2 and proc.poll() is None:
            time.sleep(0.02)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        at_kill = stored(db)
        started = time.perf_counter()
        again = ingest([str(good_dir)], db)
        rerun = time.perf_counter() - started
        with sqlite3.connect(db) as conn:
            n, distinct = conn.execute("SELECT COUNT(*), COUNT(DISTINCT text_hash) FROM documents").fetchone()
            integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        print(f"full ingest of {len(good)} articles: {full:.1f}s")
        print(
            f"kill -9 with {at_kill} stored; re-run: {rerun:.1f}s (exit {again.returncode}), "
            f"{n} stored, {distinct} distinct, {len(good) - n} missing; integrity_check: {integrity}"
        )


if __name__ == "__main__":
    main()
