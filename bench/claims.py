"""Cross-article bench: ingest PolNeAR train+dev, count claims with 2+ independent origins,
print 20 random ones with their voices for a human to judge, and time the cross-article
stage against extraction alone.

    python bench/claims.py [--root ../shared/polnear] [--processes 2] [--seed 7]

Times: `whosaid extract` of all articles (extraction alone) vs `whosaid ingest` of the same
(extraction, storage and the cross-article rebuild), both with the same --processes.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from whosaid.crossdoc import corroborate
from whosaid.ledger import Ledger
from whosaid.ledger.crossdoc import read_claims

DEFAULT_ROOT = Path(__file__).resolve().parents[2] / "shared" / "polnear"


def timed(cmd: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--root", type=Path, default=DEFAULT_ROOT)
    ap.add_argument("--processes", type=int, default=2)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--show", type=int, default=20)
    args = ap.parse_args()
    inputs = [str(args.root / "train" / "text"), str(args.root / "dev" / "text")]
    n_articles = sum(len(list(Path(p).glob("*.txt"))) for p in inputs)
    whosaid = [sys.executable, "-m", "whosaid.cli"]
    proc = ["--processes", str(args.processes)]
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "polnear.db"
        extract = timed([*whosaid, "extract", *inputs, *proc, "-o", str(Path(tmp) / "out.jsonl")])
        ingest = timed([*whosaid, "ingest", *inputs, *proc, "--db", str(db)])
        with Ledger(db) as ledger:
            summary = corroborate(ledger)
            multi = read_claims(ledger, limit=1_000_000)
        multi = [c for c in multi if c.origins >= 2]
        print(f"{n_articles} articles; extraction alone {extract:.1f}s; ingest end to end {ingest:.1f}s")
        print(f"  ratio ingest / extraction: {ingest / extract:.2f} (bar: <= 1.3)")
        print(f"  cross-article rebuild alone: {summary.seconds:.1f}s")
        print(
            f"{summary.claims} claims, {len(multi)} with 2+ independent origins, {summary.speakers} speakers,"
            f" {summary.conflicts} figure conflicts"
        )
        rng = random.Random(args.seed)
        for c in rng.sample(multi, min(args.show, len(multi))):
            print(f"\n[{c.id}] {c.status} {list(c.flags)} origins={c.origins}: {c.label[:160]}")
            for v in c.voices:
                print(f"    {v.role:13s} {v.speaker or '-'} ({v.document}) {v.cue}: {v.content[:140]}")


if __name__ == "__main__":
    main()
