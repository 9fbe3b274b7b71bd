"""Export the whole ledger, one file per table (JSONL, CSV), or one partitioned Parquet
dataset per table: `out/<table>/part-00000.parquet`, ... of `batch` rows each.

    whosaid export --db whosaid.db --format parquet -o out/
    duckdb -c "SELECT count(*) FROM read_parquet('out/attributions/*.parquet')"

Rows are streamed from the ledger (SQLite or PostgreSQL), never loaded whole.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from whosaid.ledger.store import Ledger

TABLES = (
    "documents",
    "entities",
    "mentions",
    "attributions",
    "quantities",
    "conflicts",
    "regions",
    "speakers",
    "speaker_names",
    "claims",
    "claim_voices",
    "figure_conflicts",
    "errors",
)
FORMATS = ("jsonl", "csv", "parquet")


class ExportError(Exception):
    pass


def export(ledger: Ledger, out: Path, fmt: str, batch: int = 5000) -> dict[str, int]:
    """Write every table to `out/<table>.<fmt>`; -> rows written per table."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    if fmt == "parquet":
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError as exc:
            raise ExportError('Parquet export needs pyarrow: pip install "whosaid[parquet]"') from exc
    out.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    for table in TABLES:
        cur = ledger.db.execute(f'SELECT * FROM "{table}"')  # table names are ours, not the user's
        columns = [d[0] for d in cur.description]
        path = out / f"{table}.{fmt}"
        n = 0
        if fmt == "jsonl":
            with path.open("w", encoding="utf-8") as f:
                for row in cur:
                    f.write(json.dumps(dict(zip(columns, row, strict=True)), ensure_ascii=False) + "\n")
                    n += 1
        elif fmt == "csv":
            with path.open("w", encoding="utf-8", newline="") as f:
                w = csv.writer(f)
                w.writerow(columns)
                for row in cur:
                    w.writerow(row)
                    n += 1
        else:
            folder = out / table
            folder.mkdir(exist_ok=True)
            for old in folder.glob("part-*.parquet"):
                old.unlink()  # a re-export replaces the dataset, never mixes two
            part = 0
            while rows := cur.fetchmany(batch):
                data = {c: [r[i] for r in rows] for i, c in enumerate(columns)}
                pq.write_table(pa.table(data), folder / f"part-{part:05d}.parquet")
                n += len(rows)
                part += 1
            if part == 0:
                pq.write_table(pa.table({c: pa.array([], pa.string()) for c in columns}), folder / "part-00000.parquet")
        counts[table] = n
    return counts
