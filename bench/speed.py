"""Throughput of `whosaid extract --processes 1` against bare `nlp.pipe` on the same texts.

    python bench/speed.py [--split dev] [--root ../shared/polnear] [--rounds 3]

Both runs use the same spaCy model on the same PolNeAR texts; prints tokens/s for each and the
ratio. The whosaid run is the real command (a subprocess writing JSONL), so reading files,
the components and JSON output are all counted; model loading is timed separately and left
out of both figures. Each round times the two runs one right after the other, so that a
shared machine's changing load touches both alike; the median round is the figure.

Then it times each whosaid component on its own (the texts parsed once without them, each
component then run over the parsed documents, best of three passes), as a share of the
whole pipeline's time: what whosaid adds to the parse.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import spacy

import whosaid

DEFAULT_ROOT = Path(__file__).resolve().parents[2] / "shared" / "polnear"


def bare_seconds(nlp: spacy.Language, texts: list[str]) -> tuple[float, int]:
    started = time.perf_counter()
    words = sum(len(d) for d in nlp.pipe(texts, batch_size=whosaid.DEFAULTS.batch_size))
    return time.perf_counter() - started, words


def whosaid_seconds(text_dir: Path, model: str) -> tuple[float, float, int]:
    """Seconds of `whosaid extract --processes 1` less its start-up, the start-up, documents out."""
    load_cmd = [sys.executable, "-c", f"import whosaid; whosaid.load({model!r})"]
    started = time.perf_counter()
    subprocess.run(load_cmd, check=True)
    load_time = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.jsonl"
        cmd = [sys.executable, "-m", "whosaid.cli", "extract", str(text_dir)]
        cmd += ["--processes", "1", "--model", model, "-o", str(out)]
        started = time.perf_counter()
        subprocess.run(cmd, check=True)
        full = time.perf_counter() - started - load_time
        n_docs = sum(1 for _ in out.open(encoding="utf-8"))
    return full, load_time, n_docs


def component_seconds(texts: list[str], model: str) -> tuple[float, dict[str, float]]:
    """Seconds of the pipeline without whosaid's components after the parser, and of each of those."""
    nlp = whosaid.load(model)
    after_parser = nlp.pipe_names[nlp.pipe_names.index("parser") + 1 :]
    ours = [n for n in after_parser if n.startswith("whosaid_")]
    with nlp.select_pipes(disable=ours):
        started = time.perf_counter()
        docs = list(nlp.pipe(texts, batch_size=whosaid.DEFAULTS.batch_size))
        parse = time.perf_counter() - started
    best: dict[str, float] = {}
    for _ in range(3):
        spent = dict.fromkeys(ours, 0.0)
        for doc in docs:
            for name in ours:
                started = time.perf_counter()
                doc = nlp.get_pipe(name)(doc)
                spent[name] += time.perf_counter() - started
        best = {n: min(best.get(n, s), s) for n, s in spent.items()}
    return parse, best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--root", type=Path, default=DEFAULT_ROOT)
    ap.add_argument("--split", default="dev")
    ap.add_argument("--model", default=whosaid.DEFAULTS.model)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    text_dir = args.root / args.split / "text"
    texts = [p.read_text(encoding="utf-8") for p in sorted(text_dir.glob("*.txt"))]

    nlp = spacy.load(args.model)
    sum(len(d) for d in nlp.pipe(texts[:4]))  # warm up
    ratios = []
    for k in range(args.rounds):
        bare, words = bare_seconds(nlp, texts)
        full, load_time, n_docs = whosaid_seconds(text_dir, args.model)
        ratios.append(bare / full)
        if k == 0:
            print(f"{len(texts)} PolNeAR {args.split} texts, {words:,} tokens, model {args.model}")
        print(
            f"  round {k + 1}: bare nlp.pipe {bare:6.2f}s {words / bare:7,.0f} tokens/s;"
            f" whosaid extract --processes 1 {full:6.2f}s {words / full:7,.0f} tokens/s"
            f" ({n_docs} documents; {load_time:.2f}s start-up excluded); ratio {bare / full:.2f}x"
        )
    print(f"  ratio, median of {len(ratios)} rounds: {statistics.median(ratios):.2f}x of bare nlp.pipe throughput")

    parse, spent = component_seconds(texts, args.model)
    total = parse + sum(spent.values())
    print(f"whosaid's components after the parser, timed alone (share of the pipeline's {total:.2f}s):")
    for name, seconds in spent.items():
        print(f"  {name:24} {seconds:6.2f}s  {seconds / total:5.1%}")
    print(f"  {'all of them':24} {sum(spent.values()):6.2f}s  {sum(spent.values()) / total:5.1%}")


if __name__ == "__main__":
    main()
