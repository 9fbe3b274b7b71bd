"""One storage interface, two back ends: SQLite (the embedded default) and PostgreSQL.

The ledger's SQL is written once, in the subset both speak (`?` placeholders,
`ON CONFLICT ... DO NOTHING/UPDATE`, `LIKE ... ESCAPE`); `PostgresDB` turns the
placeholders into psycopg's and adds `RETURNING id` where a caller wants the new row's id.
Full-text search is the one place the SQL differs (FTS5 vs tsvector); callers ask `dialect`.
Transactions are explicit on both: `with db.transaction():` (nested: a savepoint).
"""

from __future__ import annotations

import math
import re
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

POSTGRES_PREFIXES = ("postgresql://", "postgres://")
_TABLES_WITH_ID = frozenset(
    {"documents", "entities", "mentions", "attributions", "quantities", "conflicts", "regions", "errors"}
    | {"speakers", "claims", "figure_conflicts"}
)
_INSERT = re.compile(r"^\s*INSERT\s+INTO\s+(\w+)", re.IGNORECASE)


class Row(tuple):  # type: ignore[type-arg]
    """A result row readable by position or by column name, and convertible with dict()."""

    _names: dict[str, int]

    def __new__(cls, values: Sequence[Any], names: dict[str, int]) -> Row:
        row = super().__new__(cls, values)
        row._names = names
        return row

    def __getitem__(self, key: Any) -> Any:  # type: ignore[override]
        if isinstance(key, str):
            return tuple.__getitem__(self, self._names[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._names)


class Cursor(Protocol):
    rowcount: int
    lastrowid: int | None
    description: Any

    def fetchone(self) -> Any: ...
    def fetchall(self) -> list[Any]: ...
    def fetchmany(self, size: int) -> list[Any]: ...
    def __iter__(self) -> Iterator[Any]: ...


class Database(Protocol):
    dialect: str

    def execute(self, sql: str, args: Sequence[Any] = ()) -> Cursor: ...
    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None: ...
    def insert_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> list[int]: ...
    def stream(self, sql: str, args: Sequence[Any] = (), chunk: int = 2000) -> Iterator[Any]: ...
    def script(self, sql: str) -> None: ...
    def transaction(self) -> Any: ...
    def close(self) -> None: ...


def like_pattern(text: str) -> str:
    """`%text%` for `LIKE ? ESCAPE '!'`, with the user's wildcards made literal."""
    return "%" + text.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%"


class SqliteDB:
    dialect = "sqlite"

    def __init__(self, path: str, readonly: bool = False) -> None:
        if readonly:
            self.conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True, timeout=30)
        else:
            self.conn = sqlite3.connect(path, timeout=30)
        self.conn.isolation_level = None  # explicit transactions only
        self.conn.row_factory = sqlite3.Row
        self.depth = 0
        try:
            self.conn.execute("SELECT ln(1)")
        except sqlite3.OperationalError:  # an SQLite built without its math functions
            self.conn.create_function("ln", 1, math.log, deterministic=True)

    def execute(self, sql: str, args: Sequence[Any] = ()) -> Cursor:
        return self.conn.execute(sql, tuple(args))  # type: ignore[return-value]

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        self.conn.executemany(sql, rows)

    def insert_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> list[int]:
        """INSERT each row; -> the new rows' ids, in order."""
        ids = []
        for row in rows:
            rowid = self.conn.execute(sql, tuple(row)).lastrowid
            assert rowid is not None
            ids.append(rowid)
        return ids

    def stream(self, sql: str, args: Sequence[Any] = (), chunk: int = 2000) -> Iterator[Any]:
        """Rows of a query, fetched `chunk` at a time (a cursor over the result, not a copy)."""
        cur = self.conn.execute(sql, tuple(args))
        while rows := cur.fetchmany(chunk):
            yield from rows

    def script(self, sql: str) -> None:
        """Run several statements inside the current transaction (executescript would commit
        first), split where sqlite3 says a statement is complete (triggers hold semicolons)."""
        buffer = ""
        for line in sql.splitlines(keepends=True):
            buffer += line
            if sqlite3.complete_statement(buffer):
                self.conn.execute(buffer)
                buffer = ""
        if buffer.strip():
            self.conn.execute(buffer)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        outer = self.depth == 0
        name = f"sp{self.depth}"
        self.conn.execute("BEGIN" if outer else f"SAVEPOINT {name}")
        self.depth += 1
        try:
            yield
        except BaseException:
            self.depth -= 1
            self.conn.execute("ROLLBACK" if outer else f"ROLLBACK TO {name}")
            if not outer:
                self.conn.execute(f"RELEASE {name}")
            raise
        self.depth -= 1
        self.conn.execute("COMMIT" if outer else f"RELEASE {name}")

    def close(self) -> None:
        self.conn.close()


class _PgCursor:
    def __init__(self, cur: Any, lastrowid: int | None) -> None:
        self.cur = cur
        self.rowcount = cur.rowcount
        self.lastrowid = lastrowid
        self.description = cur.description

    def _wrap(self, values: Any) -> Row | None:
        if values is None:
            return None
        names = {c.name: i for i, c in enumerate(self.cur.description or ())}
        return Row(values, names)

    def fetchone(self) -> Row | None:
        return self._wrap(self.cur.fetchone())

    def fetchall(self) -> list[Row]:
        return [r for r in (self._wrap(v) for v in self.cur.fetchall()) if r is not None]

    def fetchmany(self, size: int) -> list[Row]:
        return [r for r in (self._wrap(v) for v in self.cur.fetchmany(size)) if r is not None]

    def __iter__(self) -> Iterator[Row]:
        return iter(self.fetchall())


class PostgresDB:
    dialect = "postgresql"

    def __init__(self, url: str, readonly: bool = False) -> None:
        import psycopg

        self.conn = psycopg.connect(url, autocommit=True)
        if readonly:
            self.conn.execute("SET default_transaction_read_only = on")
        self.depth = 0
        self.streams = 0

    @staticmethod
    def translate(sql: str) -> str:
        return sql.replace("%", "%%").replace("?", "%s")

    def execute(self, sql: str, args: Sequence[Any] = ()) -> Cursor:
        m = _INSERT.match(sql)
        wants_id = m is not None and m.group(1).lower() in _TABLES_WITH_ID and "RETURNING" not in sql.upper()
        text = self.translate(sql) + (" RETURNING id" if wants_id else "")
        cur = self.conn.execute(text, tuple(args))  # type: ignore[arg-type]
        lastrowid = None
        if wants_id and cur.rowcount:
            row = cur.fetchone()
            lastrowid = row[0] if row else None
        return _PgCursor(cur, lastrowid)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            with self.conn.cursor() as cur:
                cur.executemany(self.translate(sql), [tuple(r) for r in rows])  # type: ignore[arg-type]

    def insert_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> list[int]:
        """INSERT each row; -> the new rows' ids, in order. One pipelined batch (psycopg's
        executemany), not a round trip per row."""
        if not rows:
            return []
        with self.conn.cursor() as cur:
            text = self.translate(sql) + " RETURNING id"
            cur.executemany(text, [tuple(r) for r in rows], returning=True)  # type: ignore[arg-type]
            ids = []
            while True:
                row = cur.fetchone()
                assert row is not None
                ids.append(int(row[0]))
                if not cur.nextset():
                    break
        return ids

    def stream(self, sql: str, args: Sequence[Any] = (), chunk: int = 2000) -> Iterator[Any]:
        """Rows of a query through a server-side cursor, `chunk` at a time: the client never
        holds the whole result (psycopg's ordinary cursor would)."""
        self.streams += 1
        with self.conn.cursor(name=f"whosaid_stream_{self.streams}", withhold=True) as cur:
            cur.execute(self.translate(sql), tuple(args))  # type: ignore[arg-type]
            names: dict[str, int] | None = None
            while rows := cur.fetchmany(chunk):
                if names is None:
                    names = {c.name: i for i, c in enumerate(cur.description or ())}
                for values in rows:
                    yield Row(values, names)

    def script(self, sql: str) -> None:
        self.conn.execute(sql)  # type: ignore[arg-type]

    @contextmanager
    def transaction(self) -> Iterator[None]:
        outer = self.depth == 0
        name = f"sp{self.depth}"
        self.conn.execute("BEGIN" if outer else f"SAVEPOINT {name}")  # type: ignore[arg-type]
        self.depth += 1
        try:
            yield
        except BaseException:
            self.depth -= 1
            self.conn.execute("ROLLBACK" if outer else f"ROLLBACK TO SAVEPOINT {name}")  # type: ignore[arg-type]
            raise
        self.depth -= 1
        self.conn.execute("COMMIT" if outer else f"RELEASE SAVEPOINT {name}")  # type: ignore[arg-type]

    def close(self) -> None:
        self.conn.close()


def is_postgres(target: str | Path) -> bool:
    return str(target).startswith(POSTGRES_PREFIXES)


def connect(target: str | Path, readonly: bool = False) -> SqliteDB | PostgresDB:
    if is_postgres(target):
        return PostgresDB(str(target), readonly)
    return SqliteDB(str(target), readonly)
