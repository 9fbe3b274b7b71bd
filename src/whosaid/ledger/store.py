"""The ledger: the schema, its migrations, and the queries that write it.

One table per record (documents, entities, mentions, attributions, quantities, conflicts,
regions) plus `errors` for inputs that failed; a full-text index over statement content.
Plain columns and foreign keys, so a SQLite file opens as is in sqlite3, Datasette or
DuckDB. The same schema and behaviour on PostgreSQL (`Ledger("postgresql://...")`), with
its own full-text search; see `whosaid.ledger.db`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from whosaid.ledger.db import Database, connect
from whosaid.records import Analysis, Failure, Span


class LedgerError(Exception):
    """The ledger file cannot be opened or is not a whosaid ledger."""


def _m001_initial(db: Database) -> None:
    db.script(
        """
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            doc_id TEXT NOT NULL,
            text_hash TEXT NOT NULL UNIQUE,
            title TEXT, url TEXT, published TEXT, author TEXT,
            origin TEXT, encoding TEXT,
            text TEXT NOT NULL,
            ingested_at TEXT NOT NULL
        );
        CREATE INDEX documents_doc_id ON documents(doc_id);
        CREATE TABLE entities (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            kind TEXT NOT NULL,
            aliases TEXT NOT NULL DEFAULT '[]'
        );
        CREATE INDEX entities_name ON entities(name);
        CREATE TABLE mentions (
            id INTEGER PRIMARY KEY,
            entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
            kind TEXT NOT NULL
        );
        CREATE TABLE attributions (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            speaker TEXT,
            speaker_entity_id INTEGER REFERENCES entities(id) ON DELETE SET NULL,
            source_start INTEGER, source_end INTEGER, source_text TEXT,
            cue_start INTEGER NOT NULL, cue_end INTEGER NOT NULL, cue_text TEXT NOT NULL,
            content_start INTEGER NOT NULL, content_end INTEGER NOT NULL, content_text TEXT NOT NULL,
            content_pieces TEXT NOT NULL,
            stance TEXT NOT NULL,
            hedged INTEGER NOT NULL,
            relayed_by_id INTEGER REFERENCES attributions(id) ON DELETE SET NULL,
            kind TEXT NOT NULL,
            recipient_text TEXT,
            UNIQUE (document_id, position)
        );
        CREATE INDEX attributions_speaker ON attributions(speaker);
        CREATE TABLE quantities (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
            value REAL NOT NULL, approx INTEGER NOT NULL, bound TEXT, counts TEXT
        );
        CREATE TABLE conflicts (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            counts TEXT NOT NULL,
            first_quantity_id INTEGER NOT NULL REFERENCES quantities(id) ON DELETE CASCADE,
            second_quantity_id INTEGER NOT NULL REFERENCES quantities(id) ON DELETE CASCADE,
            gap REAL NOT NULL
        );
        CREATE TABLE regions (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
            reason TEXT NOT NULL
        );
        CREATE TABLE errors (
            id INTEGER PRIMARY KEY,
            origin TEXT NOT NULL,
            reason TEXT NOT NULL,
            occurred_at TEXT NOT NULL,
            resolved INTEGER NOT NULL DEFAULT 0
        );
        CREATE VIRTUAL TABLE attributions_fts USING fts5(
            content_text, speaker, source_text, content='attributions', content_rowid='id',
            tokenize='porter unicode61'
        );
        CREATE TRIGGER attributions_ai AFTER INSERT ON attributions BEGIN
            INSERT INTO attributions_fts(rowid, content_text, speaker, source_text)
            VALUES (new.id, new.content_text, new.speaker, new.source_text);
        END;
        CREATE TRIGGER attributions_ad AFTER DELETE ON attributions BEGIN
            INSERT INTO attributions_fts(attributions_fts, rowid, content_text, speaker, source_text)
            VALUES ('delete', old.id, old.content_text, old.speaker, old.source_text);
        END;
        """
    )


def _m002_crossdoc(db: Database) -> None:
    """Across articles: speakers, claims and their voices, figure conflicts. Rebuilt by
    `whosaid.crossdoc.corroborate`; `speaker_splits` holds the user's undo of a merge."""
    db.script(
        """
        CREATE TABLE speakers (
            id INTEGER PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, statements INTEGER NOT NULL
        );
        CREATE TABLE speaker_names (
            name TEXT PRIMARY KEY,
            speaker_id INTEGER NOT NULL REFERENCES speakers(id) ON DELETE CASCADE,
            evidence TEXT NOT NULL
        );
        CREATE TABLE speaker_splits (name TEXT PRIMARY KEY, split_at TEXT NOT NULL);
        CREATE TABLE claims (
            id INTEGER PRIMARY KEY, label TEXT NOT NULL, status TEXT NOT NULL, flags TEXT NOT NULL,
            origins INTEGER NOT NULL, voices INTEGER NOT NULL, first_seen TEXT, last_seen TEXT
        );
        CREATE INDEX claims_status ON claims(status);
        CREATE TABLE claim_voices (
            claim_id INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
            attribution_id INTEGER NOT NULL UNIQUE REFERENCES attributions(id) ON DELETE CASCADE,
            role TEXT NOT NULL,
            speaker_id INTEGER REFERENCES speakers(id) ON DELETE SET NULL,
            evidence TEXT
        );
        CREATE INDEX claim_voices_claim ON claim_voices(claim_id);
        CREATE TABLE figure_conflicts (
            id INTEGER PRIMARY KEY,
            claim_id INTEGER REFERENCES claims(id) ON DELETE CASCADE,
            counts TEXT NOT NULL,
            first_quantity_id INTEGER NOT NULL REFERENCES quantities(id) ON DELETE CASCADE,
            second_quantity_id INTEGER NOT NULL REFERENCES quantities(id) ON DELETE CASCADE,
            first_voice TEXT NOT NULL, second_voice TEXT NOT NULL,
            gap REAL NOT NULL
        );
        """
    )


def _m003_predicates(db: Database) -> None:
    """The content's verb lemmas per statement (JSON list), for comparing propositions."""
    db.execute("ALTER TABLE attributions ADD COLUMN predicates TEXT NOT NULL DEFAULT '[]'")


def _m004_claim_terms(db: Database) -> None:
    """Each statement's terms, names, verbs and figures (JSON), stored once by the first
    cross-article rebuild that meets it, so later rebuilds compare statements in SQL."""
    db.execute("ALTER TABLE attributions ADD COLUMN claim_terms TEXT")


def _m005_reference_indexes(db: Database) -> None:
    """Indexes on the columns that point at speakers and claims, so emptying those tables at a
    rebuild does not scan the referring tables once per row (PostgreSQL: 4.3 s of 22)."""
    db.script(
        """
        CREATE INDEX speaker_names_speaker ON speaker_names(speaker_id);
        CREATE INDEX claim_voices_speaker ON claim_voices(speaker_id);
        CREATE INDEX figure_conflicts_claim ON figure_conflicts(claim_id)
        """
    )


def _m006_subjects(db: Database) -> None:
    """The head of each statement's subject (JSON list), so that statements about different
    subjects are not one claim; the stored claim terms are described again with them."""
    db.execute("ALTER TABLE attributions ADD COLUMN subjects TEXT NOT NULL DEFAULT '[]'")
    db.execute("UPDATE attributions SET claim_terms = NULL")


def _m007_anonymous(db: Database) -> None:
    """Whether each statement's source names no one on purpose ("sources familiar with …"),
    and the statement it answers ("…, which Russia denies"). Statements stored before this
    migration read as not anonymous and answering none."""
    db.execute("ALTER TABLE attributions ADD COLUMN anonymous INTEGER NOT NULL DEFAULT 0")
    db.execute("ALTER TABLE attributions ADD COLUMN answers_id INTEGER REFERENCES attributions(id) ON DELETE SET NULL")


MIGRATIONS: tuple[tuple[str, Callable[[Database], None]], ...] = (
    ("001_initial", _m001_initial),
    ("002_crossdoc", _m002_crossdoc),
    ("003_predicates", _m003_predicates),
    ("004_claim_terms", _m004_claim_terms),
    ("005_reference_indexes", _m005_reference_indexes),
    ("006_subjects", _m006_subjects),
    ("007_anonymous", _m007_anonymous),
)


# Every table a ledger holds, in the order an export writes them.
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


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _span_cols(span: Span | None) -> tuple[int | None, int | None, str | None]:
    return (None, None, None) if span is None else (span.start, span.end, span.text)


def fts_match(dialect: str, query: str) -> tuple[str, str, str] | None:
    """(join, where, argument) matching statements against `query`, or None for an
    empty query. SQLite: FTS5 with each term quoted as a phrase. PostgreSQL: the stored
    tsvector against plainto_tsquery. Either way the text is a bound parameter."""
    terms = [t for t in query.split() if t]
    if not terms:
        return None
    if dialect == "postgresql":
        where = "a.fts @@ plainto_tsquery('english', ?)"
        return "", where, " ".join(terms)
    fts = " ".join('"' + t.replace('"', '""') + '"' for t in terms)
    return " JOIN attributions_fts f ON f.rowid = a.id", "attributions_fts MATCH ?", fts


class _PgSchema:
    """The SQLite DDL, spoken as PostgreSQL: identity keys, double precision, and a stored
    tsvector with a GIN index in place of the FTS5 table and its triggers."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.dialect = db.dialect

    def script(self, sql: str) -> None:
        sql = sql.split("CREATE VIRTUAL TABLE")[0]
        sql = sql.replace("INTEGER PRIMARY KEY", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY")
        sql = re.sub(r"\bINTEGER REFERENCES", "BIGINT REFERENCES", sql)
        sql = re.sub(r"\bINTEGER NOT NULL UNIQUE REFERENCES", "BIGINT NOT NULL UNIQUE REFERENCES", sql)
        sql = re.sub(r"\bINTEGER NOT NULL REFERENCES", "BIGINT NOT NULL REFERENCES", sql)
        sql = sql.replace(" REAL", " DOUBLE PRECISION")
        self.db.script(sql)
        if "CREATE TABLE attributions" in sql:
            self.db.script(
                "ALTER TABLE attributions ADD COLUMN fts tsvector GENERATED ALWAYS AS (to_tsvector('english',"
                " coalesce(content_text, '') || ' ' || coalesce(speaker, '') || ' ' || coalesce(source_text, '')))"
                " STORED; CREATE INDEX attributions_fts ON attributions USING gin (fts)"
            )

    def execute(self, sql: str, args: Any = ()) -> Any:
        return self.db.execute(sql, args)


class Ledger:
    """A whosaid ledger: a SQLite file (WAL, foreign keys on), or a PostgreSQL database when
    given a `postgresql://` URL. Same schema, same behaviour."""

    def __init__(self, path: str | Path, readonly: bool = False) -> None:
        """`readonly=True` opens read-only (the web reader): no migrations, no writes, and a
        reader never blocks an ingest (WAL on SQLite, MVCC on PostgreSQL)."""
        self.path = str(path)
        try:
            self.db = connect(self.path, readonly)
        except Exception as exc:  # noqa: BLE001 - sqlite3 and psycopg raise their own kinds
            raise LedgerError(f"{self.path}: cannot open the ledger ({exc})") from exc
        self.dialect = self.db.dialect
        try:
            if readonly:
                self.db.execute("SELECT count(*) FROM migrations").fetchone()
                return
            if self.dialect == "sqlite":
                self.db.execute("PRAGMA foreign_keys = ON")
                self.db.execute("PRAGMA journal_mode = WAL")
                self.db.execute("PRAGMA synchronous = NORMAL")
            self._migrate()
        except Exception as exc:  # noqa: BLE001
            self.db.close()
            raise LedgerError(f"{self.path}: not a usable whosaid ledger ({exc})") from exc

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- schema -------------------------------------------------------------------------
    def _migrate(self) -> None:
        with self.db.transaction():
            if self.dialect == "postgresql":
                # one ingest at a time migrates: others wait here, then find the work done
                self.db.execute("SELECT pg_advisory_xact_lock(7162)")
            self.db.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
            done = {r[0] for r in self.db.execute("SELECT name FROM migrations")}
            target: Any = _PgSchema(self.db) if self.dialect == "postgresql" else self.db
            for name, fn in MIGRATIONS:
                if name in done:
                    continue
                fn(target)
                self.db.execute("INSERT INTO migrations VALUES (?, ?)", (name, _now()))

    # -- writing ------------------------------------------------------------------------
    def add_batch(self, items: Iterable[Analysis | Failure]) -> tuple[int, int, int]:
        """Store a batch in one transaction: (documents added, duplicates skipped, failures).
        A crash mid-batch leaves the ledger as it was before the batch. A record the database
        refuses is rolled back alone (a savepoint each) and recorded as a failure; the rest of
        the batch is stored."""
        added = skipped = failed = 0
        with self.db.transaction():
            for item in items:
                if isinstance(item, Failure):
                    self._add_failure(item)
                    failed += 1
                    continue
                try:
                    with self.db.transaction():  # a savepoint: this record alone
                        stored = self._add_analysis(item)
                except Exception as exc:  # noqa: BLE001 - the database refused this record
                    origin = item.document.origin or item.document.id
                    self._add_failure(Failure(origin, f"could not be stored: {exc}"))
                    failed += 1
                    continue
                added += stored
                skipped += not stored
        return added, skipped, failed

    def _add_failure(self, failure: Failure) -> None:
        self.db.execute(
            "INSERT INTO errors (origin, reason, occurred_at) VALUES (?, ?, ?)",
            (failure.origin, failure.reason, _now()),
        )

    def _add_analysis(self, a: Analysis) -> bool:
        doc = a.document
        cur = self.db.execute(
            "INSERT INTO documents (doc_id, text_hash, title, url, published, author, origin, encoding, text,"
            " ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (text_hash) DO NOTHING",
            (
                doc.id,
                doc.text_hash,
                doc.title,
                doc.url,
                doc.published,
                doc.author,
                doc.origin,
                doc.encoding,
                doc.text,
                _now(),
            ),
        )
        if cur.rowcount == 0:
            return False  # same text already stored: re-ingest adds nothing
        document_id = cur.lastrowid
        # a document that now succeeded clears its earlier failures
        if doc.origin:
            self.db.execute("UPDATE errors SET resolved = 1 WHERE origin = ? AND resolved = 0", (doc.origin,))
        # each table in one batch (on PostgreSQL one pipelined round trip, not one per row)
        eids = self.db.insert_many(
            "INSERT INTO entities (document_id, name, kind, aliases) VALUES (?, ?, ?, ?)",
            [(document_id, e.name, e.kind, json.dumps(list(e.aliases), ensure_ascii=False)) for e in a.entities],
        )
        entity_ids: dict[str, int] = {}
        for e, eid in zip(a.entities, eids, strict=True):
            entity_ids.setdefault(e.name, eid)
        self.db.executemany(
            'INSERT INTO mentions (entity_id, document_id, start, "end", text, kind) VALUES (?, ?, ?, ?, ?, ?)',
            [
                (eid, document_id, m.span.start, m.span.end, m.span.text, m.kind)
                for e, eid in zip(a.entities, eids, strict=True)
                for m in e.mentions
            ],
        )
        row_ids = self.db.insert_many(
            "INSERT INTO attributions (document_id, position, speaker, speaker_entity_id, source_start, source_end,"
            " source_text, cue_start, cue_end, cue_text, content_start, content_end, content_text, content_pieces,"
            " stance, hedged, kind, recipient_text, predicates, subjects, anonymous)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    document_id,
                    position,
                    at.speaker,
                    entity_ids.get(at.speaker or ""),
                    *_span_cols(at.source),
                    at.cue.start,
                    at.cue.end,
                    at.cue.text,
                    at.content.start,
                    at.content.end,
                    " … ".join(c.text for c in at.contents),
                    json.dumps([[c.start, c.end] for c in at.contents]),
                    at.stance,
                    int(at.hedged),
                    at.kind,
                    at.recipient.text if at.recipient else None,
                    json.dumps(list(at.predicates)),
                    json.dumps(list(at.subjects)),
                    int(at.anonymous),
                )
                for position, at in enumerate(a.attributions)
            ],
        )
        self.db.executemany(
            "UPDATE attributions SET relayed_by_id = ? WHERE id = ?",
            [
                (row_ids[at.relayed_by], rid)
                for at, rid in zip(a.attributions, row_ids, strict=True)
                if at.relayed_by is not None
            ],
        )
        self.db.executemany(
            "UPDATE attributions SET answers_id = ? WHERE id = ?",
            [
                (row_ids[at.answers], rid)
                for at, rid in zip(a.attributions, row_ids, strict=True)
                if at.answers is not None
            ],
        )
        qids = self.db.insert_many(
            'INSERT INTO quantities (document_id, start, "end", text, value, approx, bound, counts)'
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (document_id, q.span.start, q.span.end, q.span.text, q.value, int(q.approx), q.bound, q.counts)
                for q in a.quantities
            ],
        )
        quantity_ids = {(q.span.start, q.span.end): qid for q, qid in zip(a.quantities, qids, strict=True)}
        self.db.executemany(
            "INSERT INTO conflicts (document_id, counts, first_quantity_id, second_quantity_id, gap)"
            " VALUES (?, ?, ?, ?, ?)",
            [
                (
                    document_id,
                    c.counts,
                    quantity_ids[(c.first.span.start, c.first.span.end)],
                    quantity_ids[(c.second.span.start, c.second.span.end)],
                    c.gap,
                )
                for c in a.conflicts
            ],
        )
        self.db.executemany(
            'INSERT INTO regions (document_id, kind, start, "end", text, reason) VALUES (?, ?, ?, ?, ?, ?)',
            [(document_id, r.kind, r.span.start, r.span.end, r.span.text, r.reason) for r in a.regions],
        )
        return True

    # -- reading ------------------------------------------------------------------------
    def count(self, table: str) -> int:
        if table not in TABLES:
            raise ValueError(f"unknown table {table!r}")
        return int(self.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

    def has_text(self, text_hash: str) -> bool:
        """Whether a document with this text is stored (so ingest can skip parsing it)."""
        return self.db.execute("SELECT 1 FROM documents WHERE text_hash = ?", (text_hash,)).fetchone() is not None

    def open_failures(self) -> list[dict[str, Any]]:
        rows = self.db.execute(
            "SELECT origin, reason, max(occurred_at) AS occurred_at FROM errors WHERE resolved = 0"
            " GROUP BY origin, reason ORDER BY origin"
        )
        return [dict(r) for r in rows]

    def resolve_failures(self, origins: Iterable[str]) -> None:
        with self.db.transaction():
            self.db.executemany("UPDATE errors SET resolved = 1 WHERE origin = ?", [(o,) for o in origins])

    def attributions(self, document_id: int | None = None) -> Iterator[dict[str, Any]]:
        sql = "SELECT * FROM attributions" + (" WHERE document_id = ?" if document_id is not None else "")
        yield from (
            dict(r)
            for r in self.db.execute(
                sql + " ORDER BY document_id, position", (document_id,) if document_id is not None else ()
            )
        )

    def integrity_ok(self) -> bool:
        """SQLite: `PRAGMA integrity_check`. PostgreSQL keeps its own pages consistent; there
        we check that no statement, mention or figure points at a missing document."""
        if self.dialect == "sqlite":
            return bool(self.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok")
        orphans = 0
        for table in ("attributions", "mentions", "quantities", "entities"):
            orphans += self.db.execute(
                f"SELECT count(*) FROM {table} t"
                " WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = t.document_id)"
            ).fetchone()[0]
        return orphans == 0
