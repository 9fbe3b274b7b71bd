"""Fresh ledgers for the benches: a SQLite file in a temp dir, or a new database on a
PostgreSQL server (dropped again by `drop_created`)."""

from __future__ import annotations

import uuid
from pathlib import Path

CREATED: list[str] = []


def fresh(base: str | None, tmp: Path, name: str) -> str:
    if not base:
        return str(tmp / f"{name}.db")
    import psycopg

    db = f"bench_{name}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(base, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{db}"')  # type: ignore[arg-type]
    CREATED.append(db)
    return base.rsplit("/", 1)[0] + "/" + db


def drop_created(base: str | None) -> None:
    if not base:
        return
    import psycopg

    with psycopg.connect(base, autocommit=True) as admin:
        for db in CREATED:
            admin.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')  # type: ignore[arg-type]
