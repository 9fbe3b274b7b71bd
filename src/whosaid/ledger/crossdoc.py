"""The ledger's cross-article tables: what `whosaid.crossdoc` reads and writes, in SQL.

All rows are rebuilt together in one transaction, so a reader never sees half a rebuild.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from whosaid.ledger.db import like_pattern
from whosaid.ledger.store import Ledger, _now, fts_match
from whosaid.records import Claim, Figure, FigureConflict, Speaker, SpeakerName, Voice


def statements(ledger: Ledger, chunk: int = 5000) -> Iterator[dict[str, Any]]:
    """Every statement, streamed in chunks of `chunk` rows (the caller keeps what it needs)."""
    cur = ledger.db.execute(
        "SELECT a.id, d.doc_id AS document, d.published, a.position, a.speaker, a.stance, a.cue_text,"
        " a.content_text, a.content_start, a.content_end, a.relayed_by_id, a.document_id, a.predicates"
        " FROM attributions a JOIN documents d ON d.id = a.document_id ORDER BY a.document_id, a.position"
    )
    while rows := cur.fetchmany(chunk):
        for r in rows:
            yield dict(r) | {"predicates": tuple(json.loads(r["predicates"]))}


def speaker_counts(ledger: Ledger) -> dict[str, int]:
    rows = ledger.db.execute("SELECT speaker, count(*) FROM attributions WHERE speaker IS NOT NULL GROUP BY speaker")
    return {r[0]: int(r[1]) for r in rows}


def contents(ledger: Ledger, ids: Sequence[int], width: int = 200, chunk: int = 500) -> dict[int, str]:
    """The first `width` characters of these statements' contents."""
    out: dict[int, str] = {}
    for k in range(0, len(ids), chunk):
        part = list(ids[k : k + chunk])
        marks = ", ".join("?" for _ in part)
        for r in ledger.db.execute(f"SELECT id, content_text FROM attributions WHERE id IN ({marks})", part):
            out[r[0]] = r[1][:width]
    return out


def entities(ledger: Ledger) -> list[dict[str, Any]]:
    rows = ledger.db.execute(
        "SELECT d.doc_id AS document, e.name, e.kind, e.aliases"
        " FROM entities e JOIN documents d ON d.id = e.document_id"
    )
    return [dict(r) | {"aliases": tuple(json.loads(r["aliases"]))} for r in rows]


def quantities(ledger: Ledger) -> list[dict[str, Any]]:
    rows = ledger.db.execute(
        'SELECT q.id, q.document_id, d.doc_id AS document, q.start, q."end", q.text, q.value, q.approx, q.bound,'
        " q.counts FROM quantities q JOIN documents d ON d.id = q.document_id ORDER BY q.document_id, q.start"
    )
    return [dict(r) for r in rows]


def document_conflicts(ledger: Ledger) -> list[tuple[int, int, str, float]]:
    rows = ledger.db.execute("SELECT first_quantity_id, second_quantity_id, counts, gap FROM conflicts")
    return [(r[0], r[1], r[2], r[3]) for r in rows]


def splits(ledger: Ledger) -> frozenset[str]:
    return frozenset(r[0] for r in ledger.db.execute("SELECT name FROM speaker_splits"))


def add_split(ledger: Ledger, name: str) -> None:
    with ledger.db.transaction():
        ledger.db.execute(
            "INSERT INTO speaker_splits (name, split_at) VALUES (?, ?)"
            " ON CONFLICT (name) DO UPDATE SET split_at = excluded.split_at",
            (name, _now()),
        )


@dataclass(frozen=True)
class ClaimRow:
    label: str
    status: str
    flags: tuple[str, ...]
    origins: int
    first_seen: str | None
    last_seen: str | None
    voices: tuple[tuple[int, str, int | None, str | None], ...]  # attribution, role, speaker id, evidence
    conflicts: tuple[tuple[int, int, str, float, str, str], ...]  # q1, q2, counts, gap, voice1, voice2


def write(ledger: Ledger, speakers: Sequence[Speaker], claims: Sequence[ClaimRow]) -> None:
    db = ledger.db
    with db.transaction():
        for table in ("figure_conflicts", "claim_voices", "claims", "speaker_names", "speakers"):
            db.execute(f"DELETE FROM {table}")
        db.executemany(
            "INSERT INTO speakers (id, name, kind, statements) VALUES (?, ?, ?, ?)",
            [(s.id, s.name, s.kind, s.statements) for s in speakers],
        )
        db.executemany(
            "INSERT INTO speaker_names (name, speaker_id, evidence) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING",
            [(n.name, s.id, n.evidence) for s in speakers for n in s.names],
        )
        numbered = list(enumerate(claims, start=1))
        db.executemany(
            "INSERT INTO claims (id, label, status, flags, origins, voices, first_seen, last_seen)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (i, c.label, c.status, json.dumps(list(c.flags)), c.origins, len(c.voices), c.first_seen, c.last_seen)
                for i, c in numbered
            ],
        )
        db.executemany(
            "INSERT INTO claim_voices (claim_id, attribution_id, role, speaker_id, evidence) VALUES (?, ?, ?, ?, ?)",
            [(i, *v) for i, c in numbered for v in c.voices],
        )
        db.executemany(
            "INSERT INTO figure_conflicts (claim_id, first_quantity_id, second_quantity_id, counts, gap,"
            " first_voice, second_voice) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(i, *x) for i, c in numbered for x in c.conflicts],
        )


def _figure(r: Any, prefix: str, voice: str) -> Figure:
    return Figure(
        quantity_id=r[f"{prefix}_id"],
        document=r[f"{prefix}_doc"],
        text=r[f"{prefix}_text"],
        value=r[f"{prefix}_value"],
        approx=bool(r[f"{prefix}_approx"]),
        bound=r[f"{prefix}_bound"],
        counts=r[f"{prefix}_counts"],
        voice=voice,
    )


_CONFLICT_SQL = """
    SELECT f.claim_id, f.counts, f.gap, f.first_voice, f.second_voice,
           q1.id AS q1_id, d1.doc_id AS q1_doc, q1.text AS q1_text, q1.value AS q1_value, q1.approx AS q1_approx,
           q1.bound AS q1_bound, q1.counts AS q1_counts,
           q2.id AS q2_id, d2.doc_id AS q2_doc, q2.text AS q2_text, q2.value AS q2_value, q2.approx AS q2_approx,
           q2.bound AS q2_bound, q2.counts AS q2_counts, f.id AS fid,
           coalesce(d1.published, '') AS seen1, coalesce(d2.published, '') AS seen2
    FROM figure_conflicts f
    JOIN quantities q1 ON q1.id = f.first_quantity_id JOIN documents d1 ON d1.id = q1.document_id
    JOIN quantities q2 ON q2.id = f.second_quantity_id JOIN documents d2 ON d2.id = q2.document_id
"""


def read_conflicts(ledger: Ledger, claim_id: int | None = None) -> list[tuple[int | None, FigureConflict]]:
    """Figure conflicts, newest first, each with the claim it belongs to."""
    # a conflict between two claims' figures is filed under both; listed once without a claim
    where = " WHERE f.claim_id = ?" if claim_id is not None else ""
    rows = ledger.db.execute(_CONFLICT_SQL + where, (claim_id,) if claim_id is not None else ()).fetchall()
    rows.sort(key=lambda r: (max(r["seen1"], r["seen2"]), -r["fid"]), reverse=True)
    out: list[tuple[int | None, FigureConflict]] = []
    seen: set[tuple[int, int]] = set()
    for r in rows:
        if (r["q1_id"], r["q2_id"]) in seen:
            continue
        seen.add((r["q1_id"], r["q2_id"]))
        first, second = _figure(r, "q1", r["first_voice"]), _figure(r, "q2", r["second_voice"])
        out.append((r["claim_id"], FigureConflict(r["counts"], first, second, r["gap"])))
    return out


def read_claims(
    ledger: Ledger,
    speaker: str | None = None,
    about: str | None = None,
    status: str | None = None,
    claim_id: int | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[Claim]:
    """Claims with their voices. Filters are bound parameters: `speaker` matches any name of
    a voice's speaker, `about` any statement's text (FTS5 phrase search), `status` the status
    or one of the flags."""
    where: list[str] = ["1 = 1"]
    args: list[str | int] = []
    if claim_id is not None:
        where.append("c.id = ?")
        args.append(claim_id)
    if status:
        where.append("(c.status = ? OR c.flags LIKE ? ESCAPE '!')")
        args += [status, like_pattern(json.dumps(status))]
    if speaker:
        where.append(
            "c.id IN (SELECT v.claim_id FROM claim_voices v JOIN speaker_names n ON n.speaker_id = v.speaker_id"
            " WHERE n.name = lower(?) OR lower((SELECT s.name FROM speakers s WHERE s.id = v.speaker_id)) = lower(?))"
        )
        args += [speaker.strip(), speaker.strip()]
    match = fts_match(ledger.dialect, about or "")
    if match is not None:
        join, condition, arg, _ = match
        where.append(
            "c.id IN (SELECT v.claim_id FROM claim_voices v JOIN attributions a ON a.id = v.attribution_id"
            + join
            + " WHERE "
            + condition
            + ")"
        )
        args.append(arg)
    rows = ledger.db.execute(
        "SELECT c.* FROM claims c WHERE " + " AND ".join(where) + " ORDER BY c.origins DESC, c.voices DESC, c.id"
        " LIMIT ? OFFSET ?",
        (*args, limit, offset),
    ).fetchall()
    out = []
    for r in rows:
        voices = ledger.db.execute(
            "SELECT v.attribution_id, d.doc_id, a.speaker, v.speaker_id, v.role, a.stance, a.cue_text, a.content_text,"
            " d.published FROM claim_voices v JOIN attributions a ON a.id = v.attribution_id"
            " JOIN documents d ON d.id = a.document_id WHERE v.claim_id = ?"
            " ORDER BY coalesce(d.published, ''), a.document_id, a.position",
            (r["id"],),
        )
        out.append(
            Claim(
                id=r["id"],
                label=r["label"],
                status=r["status"],
                flags=tuple(json.loads(r["flags"])),
                origins=r["origins"],
                voices=tuple(Voice(*v) for v in voices),
                conflicts=tuple(c for _, c in read_conflicts(ledger, r["id"])),
            )
        )
    return out


def read_speakers(ledger: Ledger, name: str | None = None, limit: int = 100, offset: int = 0) -> list[Speaker]:
    where = ""
    args: list[str | int] = []
    if name:
        where = " WHERE s.id IN (SELECT speaker_id FROM speaker_names WHERE name LIKE ? ESCAPE '!')"
        args.append(like_pattern(name.strip().lower()))
    rows = ledger.db.execute(
        "SELECT s.* FROM speakers s" + where + " ORDER BY s.statements DESC, s.name LIMIT ? OFFSET ?",
        (*args, limit, offset),
    ).fetchall()
    out = []
    for r in rows:
        names = ledger.db.execute(
            "SELECT name, evidence FROM speaker_names WHERE speaker_id = ? ORDER BY name", (r["id"],)
        )
        out.append(Speaker(r["id"], r["name"], r["kind"], tuple(SpeakerName(*n) for n in names), r["statements"]))
    return out
