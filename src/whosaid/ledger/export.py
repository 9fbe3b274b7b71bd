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
from typing import Any

from whosaid.ledger.store import TABLES, Ledger

FORMATS = ("jsonl", "csv", "parquet")


class ExportError(Exception):
    pass


def _columns(ledger: Ledger, table: str) -> dict[str, str]:
    """Column -> "int" | "float" | "str", from the declared schema (so every Parquet part of
    a table has the same types, whatever its rows hold). PostgreSQL's search vector is left out."""
    if ledger.dialect == "sqlite":
        rows = [(r[1], r[2]) for r in ledger.db.execute(f'PRAGMA table_info("{table}")')]
    else:
        rows = [
            (r[0], r[1])
            for r in ledger.db.execute(
                "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ?"
                " ORDER BY ordinal_position",
                (table,),
            )
        ]
    out = {}
    for name, kind in rows:
        k = kind.upper()
        if "TSVECTOR" in k:
            continue
        out[name] = "int" if "INT" in k else "float" if any(x in k for x in ("REAL", "DOUBLE", "NUMERIC")) else "str"
    return out


def _arrow_types() -> dict[str, Any]:
    import pyarrow as pa

    return {"int": pa.int64, "float": pa.float64, "str": pa.string}


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
    _ARROW = _arrow_types() if fmt == "parquet" else {}
    for table in TABLES:
        declared = _columns(ledger, table)
        names = ", ".join(f'"{c}"' for c in declared)
        cur = ledger.db.execute(f'SELECT {names} FROM "{table}"')  # table and column names are ours
        columns = list(declared)
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
            schema = pa.schema([(c, _ARROW[t]()) for c, t in declared.items()])
            while rows := cur.fetchmany(batch):
                data = {c: [r[i] for r in rows] for i, c in enumerate(columns)}
                pq.write_table(pa.table(data, schema=schema), folder / f"part-{part:05d}.parquet")
                n += len(rows)
                part += 1
            if part == 0:
                pq.write_table(schema.empty_table(), folder / "part-00000.parquet")
        counts[table] = n
    return counts
