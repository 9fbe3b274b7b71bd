"""Read-only queries the web reader needs. Every value from a user is a bound parameter;
search text goes to FTS5 as quoted phrases, never as syntax."""

from __future__ import annotations

import json
from typing import Any

from whosaid.ledger.db import like_pattern
from whosaid.ledger.store import Ledger, fts_match


def _rows(ledger: Ledger, sql: str, args: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
    return [dict(r) for r in ledger.db.execute(sql, args)]


def documents(ledger: Ledger, limit: int, offset: int) -> list[dict[str, Any]]:
    return _rows(
        ledger,
        "SELECT d.id, d.doc_id, d.title, d.published, d.url, length(d.text) AS chars,"
        " (SELECT count(*) FROM attributions a WHERE a.document_id = d.id) AS statements"
        " FROM documents d ORDER BY coalesce(d.published, '') DESC, d.id DESC LIMIT ? OFFSET ?",
        (limit, offset),
    )


def document(ledger: Ledger, document_id: int) -> dict[str, Any] | None:
    rows = _rows(ledger, "SELECT * FROM documents WHERE id = ?", (document_id,))
    return rows[0] if rows else None


def statements_of(ledger: Ledger, document_id: int) -> list[dict[str, Any]]:
    rows = _rows(
        ledger,
        "SELECT a.*, v.claim_id, v.role, v.speaker_id AS ledger_speaker_id, c.status AS claim_status,"
        " c.label AS claim_label, c.origins AS claim_origins"
        " FROM attributions a LEFT JOIN claim_voices v ON v.attribution_id = a.id"
        " LEFT JOIN claims c ON c.id = v.claim_id WHERE a.document_id = ? ORDER BY a.position",
        (document_id,),
    )
    for r in rows:
        r["pieces"] = [tuple(p) for p in json.loads(r["content_pieces"])]
    return rows


def quantities_of(ledger: Ledger, document_id: int) -> list[dict[str, Any]]:
    return _rows(ledger, "SELECT * FROM quantities WHERE document_id = ? ORDER BY start", (document_id,))


def regions_of(ledger: Ledger, document_id: int) -> list[dict[str, Any]]:
    return _rows(ledger, "SELECT * FROM regions WHERE document_id = ? ORDER BY start", (document_id,))


def conflicts_of(ledger: Ledger, document_id: int) -> list[dict[str, Any]]:
    return _rows(
        ledger,
        "SELECT c.id, c.counts, c.gap, q1.text AS first_text, q2.text AS second_text, q1.start AS first_start,"
        " q2.start AS second_start FROM conflicts c JOIN quantities q1 ON q1.id = c.first_quantity_id"
        " JOIN quantities q2 ON q2.id = c.second_quantity_id WHERE c.document_id = ?",
        (document_id,),
    )


def speaker(ledger: Ledger, speaker_id: int) -> dict[str, Any] | None:
    rows = _rows(ledger, "SELECT * FROM speakers WHERE id = ?", (speaker_id,))
    if not rows:
        return None
    out = rows[0]
    out["names"] = _rows(ledger, "SELECT name, evidence FROM speaker_names WHERE speaker_id = ?", (speaker_id,))
    return out


def statements_by(ledger: Ledger, speaker_id: int, limit: int, offset: int) -> list[dict[str, Any]]:
    return _rows(
        ledger,
        "SELECT a.id, a.stance, a.hedged, a.anonymous, a.cue_text, a.content_text, a.document_id, d.doc_id, d.title,"
        " d.published, v.claim_id, v.role, c.status AS claim_status, c.origins AS claim_origins, c.label AS claim_label"
        " FROM claim_voices v JOIN attributions a ON a.id = v.attribution_id"
        " JOIN documents d ON d.id = a.document_id LEFT JOIN claims c ON c.id = v.claim_id"
        " WHERE v.speaker_id = ? ORDER BY coalesce(d.published, '') DESC, a.document_id, a.position LIMIT ? OFFSET ?",
        (speaker_id, limit, offset),
    )


def speaker_ids(ledger: Ledger, document_id: int) -> dict[int, int]:
    """attribution id -> ledger speaker id, for one document."""
    rows = ledger.db.execute(
        "SELECT v.attribution_id, v.speaker_id FROM claim_voices v JOIN attributions a ON a.id = v.attribution_id"
        " WHERE a.document_id = ? AND v.speaker_id IS NOT NULL",
        (document_id,),
    )
    return {r[0]: r[1] for r in rows}


def search(
    ledger: Ledger,
    query: str,
    speaker: str | None = None,
    stance: str | None = None,
    status: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Statements matching `query` (full-text; user text is a bound parameter, never syntax),
    filtered by speaker, stance and claim status, newest article first."""
    where = ["1 = 1"]
    args: list[Any] = []
    join = ""
    match = fts_match(ledger.dialect, query)
    if match is not None:
        join, condition, arg = match
        where.append(condition)
        args.append(arg)
    if speaker:
        where.append("lower(coalesce(a.speaker, '')) LIKE ? ESCAPE '!'")
        args.append(like_pattern(speaker.lower()))
    if stance:
        where.append("a.stance = ?")
        args.append(stance)
    if status:
        where.append("c.status = ?")
        args.append(status)
    return _rows(
        ledger,
        "SELECT a.id, a.speaker, a.stance, a.cue_text, a.content_text, a.document_id, d.doc_id, d.title,"
        " v.claim_id, v.speaker_id, c.status AS claim_status FROM attributions a" + join + " JOIN documents d ON"
        " d.id = a.document_id LEFT JOIN claim_voices v ON v.attribution_id = a.id LEFT JOIN claims c ON"
        " c.id = v.claim_id WHERE " + " AND ".join(where) + " ORDER BY a.document_id DESC, a.position"
        " LIMIT ? OFFSET ?",
        (*args, limit, offset),
    )


def denials(ledger: Ledger, limit: int, offset: int) -> list[dict[str, Any]]:
    return _rows(
        ledger,
        "SELECT a.id, a.speaker, a.stance, a.cue_text, a.content_text, a.document_id, d.doc_id, d.published,"
        " v.claim_id FROM attributions a JOIN documents d ON d.id = a.document_id"
        " LEFT JOIN claim_voices v ON v.attribution_id = a.id WHERE a.stance IN ('deny', 'non_committal')"
        " ORDER BY coalesce(d.published, '') DESC, a.document_id DESC LIMIT ? OFFSET ?",
        (limit, offset),
    )
