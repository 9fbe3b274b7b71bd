"""Scale bench: PolNeAR train+dev through 1 process, 2 local processes and a 2-worker Dask
LocalCluster; the local and Dask ledgers compared; peak memory per worker at 200 and 924.

    python bench/scale.py [--root ../shared/polnear] [--db postgresql://...] [--repeat N]

Each run is a whole `whosaid ingest` (reading, parsing, storing and the cross-article
rebuild) into a fresh ledger (SQLite in a temp dir, or fresh PostgreSQL databases when
--db names a server). The comparison is over every stored statement: document, position,
cue offsets, content, speaker, stance and whether it is relayed.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _ledgers import drop_created, fresh

from whosaid.ledger import Ledger

DEFAULT_ROOT = Path(__file__).resolve().parents[2] / "shared" / "polnear"


def ingest(inputs: list[str], db: str, *extra: str) -> tuple[float, str]:
    started = time.perf_counter()
    run = subprocess.run(
        [sys.executable, "-m", "whosaid.cli", "ingest", *inputs, "--db", db, *extra], capture_output=True, text=True
    )
    return time.perf_counter() - started, run.stderr


def statements(db: str) -> set[tuple[object, ...]]:
    with Ledger(db) as ledger:
        rows = ledger.db.execute(
            "SELECT d.doc_id, a.position, a.cue_start, a.cue_end, a.content_text, a.speaker, a.stance,"
            " a.relayed_by_id IS NOT NULL FROM attributions a JOIN documents d ON d.id = a.document_id"
        ).fetchall()
    return {tuple(r) for r in rows}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--root", type=Path, default=DEFAULT_ROOT)
    ap.add_argument("--db", default=None, help="a PostgreSQL server URL; default: SQLite files")
    ap.add_argument("--repeat", type=int, default=1, help="run the three ingests this many times (scaling varies)")
    args = ap.parse_args()
    try:
        run(args)
    finally:
        drop_created(args.db)  # the PostgreSQL databases this bench made


def run(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        corpus = tmp / "corpus"
        corpus.mkdir()
        files = sorted((args.root / "train" / "text").glob("*.txt")) + sorted(
            (args.root / "dev" / "text").glob("*.txt")
        )
        for f in files:
            shutil.copy(f, corpus / f.name)
        small = tmp / "small"
        small.mkdir()
        for f in files[:200]:
            shutil.copy(f, small / f.name)
        n = len(files)
        print(f"{n} articles ({'PostgreSQL' if args.db else 'SQLite'} ledger)")
        ratios = []
        for attempt in range(1, args.repeat + 1):
            if args.repeat > 1:
                print(f" run {attempt} of {args.repeat}")
            ratios.append(compare(args, tmp, corpus, n, attempt))
        if args.repeat > 1:
            shown = ", ".join(f"{r:.2f}x" for r in ratios)
            print(
                f"  scaling 1 process -> 2 Dask workers over {args.repeat} runs: {shown};"
                f" lowest {min(ratios):.2f}x, median {statistics.median(ratios):.2f}x"
            )
        db = fresh(args.db, tmp, "small")
        seconds, log = ingest([str(small)], db, "--engine", "dask", "--processes", "2")
        print(f"  200 articles on 2 Dask workers: {seconds:.1f} s")
        print("    " + next((ln for ln in log.splitlines() if ln.startswith("dask:")), "no dask summary"))


def compare(args: argparse.Namespace, tmp: Path, corpus: Path, n: int, attempt: int) -> float:
    """One ingest each way into fresh ledgers; -> the scaling from 1 process to 2 Dask workers."""
    runs = {}
    for label, extra in [
        ("1 process", ["--processes", "1"]),
        ("2 local processes", ["--processes", "2"]),
        ("dask LocalCluster, 2 workers", ["--engine", "dask", "--processes", "2"]),
    ]:
        db = fresh(args.db, tmp, re.sub(r"\W+", "_", label) + f"_{attempt}")
        seconds, log = ingest([str(corpus)], db, *extra)
        runs[label] = (db, seconds, log)
        print(f"  {label:30s} {seconds:7.1f} s  {n / seconds:5.2f} articles/s")
        if "dask" in label:
            print("    " + next((ln for ln in log.splitlines() if ln.startswith("dask:")), "no dask summary"))
    one, two = runs["1 process"][1], runs["dask LocalCluster, 2 workers"][1]
    print(f"  scaling 1 process -> 2 Dask workers: {one / two:.2f}x (bar: >= 1.7x)")
    print(f"  scaling 1 process -> 2 local processes: {one / runs['2 local processes'][1]:.2f}x")
    local, dask = statements(runs["1 process"][0]), statements(runs["dask LocalCluster, 2 workers"][0])
    print(f"  statements: local {len(local)}, dask {len(dask)}, identical: {local == dask}")
    rebuilt = [m.group(1) for _, _, log in runs.values() if (m := re.search(r"rebuilt in ([\d.]+) s", log))]
    print(f"  cross-article rebuild in each: {', '.join(rebuilt)} s")
    return one / two


if __name__ == "__main__":
    main()
