"""Throughput of `whosaid extract --processes 1` against bare `nlp.pipe` on the same texts.

    python bench/speed.py [--split dev] [--root ../shared/polnear]

Both runs use the same spaCy model on the same PolNeAR texts; prints words/s for each and the
ratio. The whosaid run is the real command (a subprocess writing JSONL), so reading files,
the components and JSON output are all counted; model loading is timed separately and left
out of both figures.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import spacy

import whosaid

DEFAULT_ROOT = Path(__file__).resolve().parents[2] / "shared" / "polnear"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--root", type=Path, default=DEFAULT_ROOT)
    ap.add_argument("--split", default="dev")
    ap.add_argument("--model", default=whosaid.DEFAULTS.model)
    args = ap.parse_args()
    text_dir = args.root / args.split / "text"
    texts = [p.read_text(encoding="utf-8") for p in sorted(text_dir.glob("*.txt"))]

    nlp = spacy.load(args.model)
    words = sum(len(d) for d in nlp.pipe(texts[:4]))  # warm up
    started = time.perf_counter()
    words = sum(len(d) for d in nlp.pipe(texts, batch_size=whosaid.DEFAULTS.batch_size))
    bare = time.perf_counter() - started

    load_cmd = [sys.executable, "-c", f"import whosaid; whosaid.load({args.model!r})"]
    started = time.perf_counter()
    subprocess.run(load_cmd, check=True)
    load_time = time.perf_counter() - started

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.jsonl"
        cmd = [
            sys.executable,
            "-m",
            "whosaid.cli",
            "extract",
            str(text_dir),
            "--processes",
            "1",
            "--model",
            args.model,
            "-o",
            str(out),
        ]
        started = time.perf_counter()
        subprocess.run(cmd, check=True)
        full = time.perf_counter() - started - load_time
        n_docs = sum(1 for _ in out.open(encoding="utf-8"))

    print(f"{len(texts)} PolNeAR {args.split} texts, {words:,} tokens, model {args.model}")
    print(f"  bare nlp.pipe:                {bare:6.2f}s  {words / bare:8,.0f} tokens/s")
    print(
        f"  whosaid extract --processes 1: {full:6.2f}s  {words / full:8,.0f} tokens/s"
        f"  ({n_docs} documents; {load_time:.2f}s start-up excluded)"
    )
    print(f"  ratio: {bare / full:.2f}x of bare nlp.pipe throughput")


if __name__ == "__main__":
    main()
