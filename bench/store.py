"""Storing alone: analyse N PolNeAR articles once, then time `Ledger.add_batch` (partitions of
16, as the Dask path stores them) into a fresh SQLite ledger and, with --db, a fresh
PostgreSQL database on that server.

    python bench/store.py [--n 150] [--db postgresql://user@host:port/postgres] [--repeat 2]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from _ledgers import drop_created, fresh

from whosaid.config import DEFAULTS
from whosaid.engine.local import analyze_documents
from whosaid.ingest import read_paths
from whosaid.ledger import Ledger
from whosaid.pipeline import load

DEFAULT_ROOT = Path(__file__).resolve().parents[2] / "shared" / "polnear"
TABLES = ("documents", "entities", "mentions", "attributions", "quantities", "conflicts", "regions")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--root", type=Path, default=DEFAULT_ROOT)
    ap.add_argument("--n", type=int, default=150)
    ap.add_argument("--db", default=None, help="a PostgreSQL server URL (its postgres database)")
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    files = sorted((args.root / "train" / "text").glob("*.txt"))[: args.n]
    documents = list(read_paths([str(f) for f in files], DEFAULTS))
    results = list(analyze_documents(documents, load(DEFAULTS.model), DEFAULTS))  # type: ignore[arg-type]
    print(f"{len(results)} articles analysed")
    with tempfile.TemporaryDirectory() as tmp:
        try:
            for attempt in range(args.repeat):
                targets = [("SQLite", fresh(None, Path(tmp), f"store_{attempt}"))]
                if args.db:
                    targets.append(("PostgreSQL", fresh(args.db, Path(tmp), f"store_{attempt}")))
                for name, target in targets:
                    with Ledger(target) as ledger:
                        started = time.perf_counter()
                        for i in range(0, len(results), 16):
                            ledger.add_batch(results[i : i + 16])
                        seconds = time.perf_counter() - started
                        counts = ", ".join(f"{ledger.count(t)} {t}" for t in TABLES)
                    print(f"  {name:10s} {seconds:6.2f} s  ({counts})")
        finally:
            drop_created(args.db)  # the PostgreSQL databases this bench made


if __name__ == "__main__":
    main()
