"""The ledger's cross-article tables: what `whosaid.crossdoc` reads and writes, in SQL.

All rows are rebuilt together in one transaction, so a reader never sees half a rebuild.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from whosaid.ledger.db import like_pattern
from whosaid.ledger.store import Ledger, _now, fts_match
from whosaid.records import Claim, Figure, FigureConflict, Speaker, SpeakerName, Voice


def speaker_counts(ledger: Ledger) -> dict[str, int]:
    rows = ledger.db.execute("SELECT speaker, count(*) FROM attributions WHERE speaker IS NOT NULL GROUP BY speaker")
    return {r[0]: int(r[1]) for r in rows}


def undescribed(
    ledger: Ledger, after: int = 0, chunk: int = 2000
) -> list[tuple[int, str, tuple[str, ...], tuple[str, ...]]]:
    """The next `chunk` statements (by id, above `after`) whose claim terms are not yet stored:
    (id, content, verb lemmas, subjects)."""
    rows = ledger.db.execute(
        "SELECT id, content_text, predicates, subjects FROM attributions"
        " WHERE claim_terms IS NULL AND id > ? ORDER BY id LIMIT ?",
        (after, chunk),
    ).fetchall()
    return [(r[0], r[1], tuple(json.loads(r[2])), tuple(json.loads(r[3]))) for r in rows]


def set_terms(ledger: Ledger, rows: Sequence[tuple[str, int]]) -> None:
    """(terms JSON, statement id) pairs."""
    with ledger.db.transaction():
        ledger.db.executemany("UPDATE attributions SET claim_terms = ? WHERE id = ?", rows)


# -- the working tables of one rebuild: temporary, this connection's alone --------------------

_TEMP_TABLES = (
    *("tmp_ev", "tmp_claim", "tmp_holder", "tmp_pairs", "tmp_rare", "tmp_df"),
    *("tmp_st", "tmp_fold", "tmp_vocab", "tmp_raw", "tmp_facts"),
)


def drop_work(ledger: Ledger) -> None:
    for table in _TEMP_TABLES:
        ledger.db.execute(f"DROP TABLE IF EXISTS {table}")


def statements(ledger: Ledger) -> Iterator[Any]:
    """Every described statement in article order, streamed: what the facts table needs. (One
    stored by another ingest since this rebuild described the ledger waits for the next.)"""
    return ledger.db.stream(
        "SELECT id, document_id, speaker, stance, cue_text, claim_terms FROM attributions"
        " WHERE claim_terms IS NOT NULL ORDER BY document_id, position"
    )


def create_facts(ledger: Ledger) -> None:
    drop_work(ledger)
    ledger.db.script(
        """
        CREATE TEMP TABLE tmp_facts (
            r INTEGER PRIMARY KEY, a BIGINT NOT NULL, doc BIGINT NOT NULL, speaker_id INTEGER,
            answers INTEGER NOT NULL, short INTEGER NOT NULL, owner TEXT, weight DOUBLE PRECISION NOT NULL DEFAULT 0
        );
        CREATE INDEX tmp_facts_a ON tmp_facts(a);
        CREATE INDEX tmp_facts_doc ON tmp_facts(doc)
        """
    )


def add_facts(ledger: Ledger, rows: Sequence[tuple[int, int, int, int | None, bool, bool, str | None]]) -> None:
    """(rank, statement id, document id, speaker id, answers, short, owner) rows."""
    ledger.db.executemany(
        "INSERT INTO tmp_facts (r, a, doc, speaker_id, answers, short, owner) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(r, a, d, sp, int(an), int(sh), ow) for r, a, d, sp, an, sh, ow in rows],
    )


def _explode(dialect: str, kind: str) -> str:
    """The rows (rank, term, kind) of one kind of each statement's stored claim terms."""
    assert kind in "tnpfs"
    if dialect == "postgresql":
        elements = f"CROSS JOIN LATERAL jsonb_array_elements_text(a.claim_terms::jsonb -> '{kind}') AS j(value)"
    else:
        elements = f"JOIN json_each(a.claim_terms, '$.{kind}') j"
    return f"SELECT f.r, j.value, '{kind}' FROM tmp_facts f JOIN attributions a ON a.id = f.a {elements}"


PAIR_SLICE = 5000


def build_pairs(ledger: Ledger, statements: int, limit: int) -> None:
    """The terms table of this rebuild, and the candidate pairs: statements (neither a bare
    noun phrase) sharing at least two terms that occur in at most `limit` statements, and a
    name or a figure (no pair joins without one).

    Names that are another term plus "n" ("korean", "korea") are folded into it first, in
    that statement's names and terms; term weights are IDF, ln(statements / df) + 1."""
    db = ledger.db
    db.script("CREATE TEMP TABLE tmp_raw (r INTEGER NOT NULL, term TEXT NOT NULL, kind TEXT NOT NULL)")
    for kind in "tnpfs":
        db.execute("INSERT INTO tmp_raw (r, term, kind) " + _explode(ledger.dialect, kind))
    db.script(
        """
        CREATE TEMP TABLE tmp_vocab AS SELECT DISTINCT term FROM tmp_raw WHERE kind = 't';
        CREATE INDEX tmp_vocab_term ON tmp_vocab(term);
        CREATE TEMP TABLE tmp_fold AS SELECT DISTINCT r, term FROM tmp_raw
            WHERE kind = 'n' AND substr(term, length(term), 1) = 'n'
            AND substr(term, 1, length(term) - 1) IN (SELECT term FROM tmp_vocab);
        CREATE INDEX tmp_fold_rt ON tmp_fold(r, term);
        CREATE TEMP TABLE tmp_st AS SELECT DISTINCT t.r,
            CASE WHEN f.r IS NOT NULL AND t.kind IN ('t', 'n') THEN substr(t.term, 1, length(t.term) - 1)
                 ELSE t.term END AS term,
            t.kind
            FROM tmp_raw t LEFT JOIN tmp_fold f ON f.r = t.r AND f.term = t.term;
        CREATE INDEX tmp_st_rkt ON tmp_st(r, kind, term);
        CREATE INDEX tmp_st_tk ON tmp_st(term, kind)
        """
    )
    analyze(ledger, "tmp_st", "tmp_facts")
    db.execute(
        "CREATE TEMP TABLE tmp_df AS SELECT term, count(*) AS n,"
        " ln(CAST(? AS DOUBLE PRECISION) / count(*)) + 1.0 AS idf, ROW_NUMBER() OVER (ORDER BY term) AS id"
        " FROM tmp_st WHERE kind = 't' GROUP BY term",
        (max(statements, 1),),
    )
    db.script(
        """
        CREATE INDEX tmp_df_term ON tmp_df(term);
        UPDATE tmp_facts SET weight = coalesce((SELECT sum(d.idf) FROM tmp_st s JOIN tmp_df d ON d.term = s.term
            WHERE s.r = tmp_facts.r AND s.kind = 't'), 0)
        """
    )
    db.execute(
        "CREATE TEMP TABLE tmp_rare AS SELECT s.r, d.id AS term FROM tmp_st s JOIN tmp_df d ON d.term = s.term"
        " JOIN tmp_facts f ON f.r = s.r WHERE s.kind = 't' AND d.n <= ? AND f.short = 0",
        (limit,),
    )
    # terms by number, indexed both ways: the self-join below took 3.4 s on 924 articles
    # comparing text, 2.9 s comparing integers, 2.2 s with the index by statement too
    db.script("CREATE INDEX tmp_rare_tr ON tmp_rare(term, r);\nCREATE INDEX tmp_rare_rt ON tmp_rare(r, term)")
    analyze(ledger, "tmp_rare")
    db.execute("CREATE TEMP TABLE tmp_pairs (i INTEGER NOT NULL, j INTEGER NOT NULL)")
    # in slices of the earlier statement's rank, so each slice's count fits in memory
    for first in range(1, statements + 1, PAIR_SLICE):
        db.execute(
            "INSERT INTO tmp_pairs (i, j) SELECT x.r, y.r FROM tmp_rare x"
            " JOIN tmp_rare y ON y.term = x.term AND y.r > x.r WHERE x.r >= ? AND x.r < ?"
            " GROUP BY x.r, y.r HAVING count(*) >= 2",
            (first, first + PAIR_SLICE),
        )
    db.execute(
        "DELETE FROM tmp_pairs WHERE NOT EXISTS (SELECT 1 FROM tmp_st x"
        " JOIN tmp_st y ON y.r = tmp_pairs.j AND y.kind = x.kind AND y.term = x.term"
        " WHERE x.r = tmp_pairs.i AND x.kind IN ('n', 'f'))"
    )
    db.execute("CREATE INDEX tmp_pairs_ij ON tmp_pairs(i, j)")
    analyze(ledger, "tmp_pairs", "tmp_rare", "tmp_df", "tmp_st", "tmp_facts")


def analyze(ledger: Ledger, *tables: str) -> None:
    """Statistics for the planner: neither back end gathers them for temporary tables itself."""
    if ledger.dialect == "postgresql":
        ledger.db.execute("ANALYZE " + ", ".join(tables))
    else:
        ledger.db.execute("ANALYZE temp")


_PAIRS_SQL = """
    SELECT fi.a AS first, fj.a AS second, fi.doc AS first_document, fj.doc AS second_document,
        fi.speaker_id AS first_speaker, fj.speaker_id AS second_speaker,
        fi.answers AS first_answers, fj.answers AS second_answers,
        fi.weight AS first_weight, fj.weight AS second_weight, c.common, c.weight,
        EXISTS (SELECT 1 FROM tmp_st x JOIN tmp_st y ON y.r = p.j AND y.kind = 'p' AND y.term = x.term
                WHERE x.r = p.i AND x.kind = 'p') AS same_verb,
        EXISTS (SELECT 1 FROM tmp_st x JOIN tmp_st y ON y.r = p.j AND y.kind = 't' AND y.term = x.term
                WHERE x.r = p.i AND x.kind = 'p') AS first_verb_in_second,
        EXISTS (SELECT 1 FROM tmp_st x JOIN tmp_st y ON y.r = p.i AND y.kind = 't' AND y.term = x.term
                WHERE x.r = p.j AND x.kind = 'p') AS second_verb_in_first,
        EXISTS (SELECT 1 FROM tmp_st x WHERE x.r = p.i AND x.kind = 's')
            AND EXISTS (SELECT 1 FROM tmp_st y WHERE y.r = p.j AND y.kind = 's')
            AND NOT EXISTS (SELECT 1 FROM tmp_st x JOIN tmp_st y ON y.r = p.j AND y.kind = 's' AND y.term = x.term
                WHERE x.r = p.i AND x.kind = 's') AS other_subjects
    FROM tmp_pairs p
    JOIN tmp_facts fi ON fi.r = p.i
    JOIN tmp_facts fj ON fj.r = p.j
    JOIN (SELECT q.i, q.j, count(*) AS common, sum(d.idf) AS weight FROM tmp_pairs q
          JOIN tmp_st x ON x.r = q.i AND x.kind = 't'
          JOIN tmp_st y ON y.r = q.j AND y.kind = 't' AND y.term = x.term
          JOIN tmp_df d ON d.term = x.term
          GROUP BY q.i, q.j) c ON c.i = p.i AND c.j = p.j
    ORDER BY p.i, p.j
"""


def pairs(ledger: Ledger) -> Iterator[Any]:
    """The candidate pairs with their overlaps, streamed in order of the earlier statement."""
    return ledger.db.stream(_PAIRS_SQL)


def reply_articles(ledger: Ledger) -> Iterator[Any]:
    """The statements of every article that holds a reply to link (a confirmation, denial or
    non-answer that is a bare noun phrase or names whose account it answers), in order."""
    return ledger.db.stream(
        "SELECT f.a, f.doc, a.speaker, f.speaker_id, f.answers, f.short, f.owner FROM tmp_facts f"
        " JOIN attributions a ON a.id = f.a WHERE f.doc IN (SELECT doc FROM tmp_facts"
        " WHERE answers = 1 AND (short = 1 OR owner IS NOT NULL)) ORDER BY f.r"
    )


def answer_links(ledger: Ledger) -> list[tuple[int, int]]:
    """(answer, report) for every statement the pipeline found answering another ("…, which
    Russia denies")."""
    rows = ledger.db.execute("SELECT id, answers_id FROM attributions WHERE answers_id IS NOT NULL").fetchall()
    return [(r[0], r[1]) for r in rows]


def common_terms(ledger: Ledger, pairs: Sequence[tuple[int, int]]) -> dict[tuple[int, int], list[str]]:
    """The terms each of these (statement, statement) pairs shares."""
    db = ledger.db
    db.script("CREATE TEMP TABLE tmp_ev (a1 BIGINT NOT NULL, a2 BIGINT NOT NULL)")
    db.executemany("INSERT INTO tmp_ev (a1, a2) VALUES (?, ?)", list(pairs))
    analyze(ledger, "tmp_ev")
    out: dict[tuple[int, int], list[str]] = defaultdict(list)
    for r in db.stream(
        "SELECT e.a1, e.a2, x.term FROM tmp_ev e JOIN tmp_facts f1 ON f1.a = e.a1 JOIN tmp_facts f2 ON f2.a = e.a2"
        " JOIN tmp_st x ON x.r = f1.r AND x.kind = 't' JOIN tmp_st y ON y.r = f2.r AND y.kind = 't' AND y.term = x.term"
    ):
        out[(r[0], r[1])].append(r[2])
    return out


def set_claims(ledger: Ledger, rows: Sequence[tuple[int, int]]) -> None:
    """(statement id, claim root) for every statement joined to another; the rest are their own."""
    db = ledger.db
    db.script("CREATE TEMP TABLE tmp_claim (a BIGINT PRIMARY KEY, root BIGINT NOT NULL)")
    db.executemany("INSERT INTO tmp_claim (a, root) VALUES (?, ?)", list(rows))


def find_holders(ledger: Ledger) -> None:
    """Each figure's voice: the shortest statement whose content holds it (the first such)."""
    ledger.db.script(
        """
        CREATE TEMP TABLE tmp_holder AS SELECT q_id, a_id FROM (
            SELECT q.id AS q_id, a.id AS a_id, ROW_NUMBER() OVER (
                PARTITION BY q.id ORDER BY a.content_end - a.content_start, a.position) AS k
            FROM quantities q JOIN attributions a ON a.document_id = q.document_id
                AND a.content_start <= q.start AND q."end" <= a.content_end
        ) t WHERE k = 1;
        CREATE INDEX tmp_holder_q ON tmp_holder(q_id)
        """
    )


def article_conflicts(ledger: Ledger) -> list[Any]:
    """The pipeline's conflicts within articles, with each figure's voice and claim."""
    return ledger.db.execute(
        "SELECT c.first_quantity_id AS q1, c.second_quantity_id AS q2, c.counts, c.gap,"
        " h1.a_id AS holder1, a1.speaker AS speaker1, coalesce(t1.root, h1.a_id) AS claim1,"
        " h2.a_id AS holder2, a2.speaker AS speaker2, coalesce(t2.root, h2.a_id) AS claim2"
        " FROM conflicts c"
        " LEFT JOIN tmp_holder h1 ON h1.q_id = c.first_quantity_id LEFT JOIN attributions a1 ON a1.id = h1.a_id"
        " LEFT JOIN tmp_claim t1 ON t1.a = h1.a_id"
        " LEFT JOIN tmp_holder h2 ON h2.q_id = c.second_quantity_id LEFT JOIN attributions a2 ON a2.id = h2.a_id"
        " LEFT JOIN tmp_claim t2 ON t2.a = h2.a_id"
        " ORDER BY c.id"
    ).fetchall()


def claim_figures(ledger: Ledger) -> Iterator[Any]:
    """Figures that count something, held by a statement of a claim that spans two or more
    articles, streamed claim by claim (in article and text order within a claim)."""
    return ledger.db.stream(
        'SELECT w.root, q.id, q.document_id, q.start, q."end", q.text, q.value, q.approx, q.bound, q.counts,'
        " a.speaker FROM (SELECT h.q_id, h.a_id, coalesce(t.root, h.a_id) AS root FROM tmp_holder h"
        " LEFT JOIN tmp_claim t ON t.a = h.a_id) w"
        " JOIN quantities q ON q.id = w.q_id JOIN attributions a ON a.id = w.a_id"
        " WHERE q.counts IS NOT NULL AND q.counts <> ''"
        " AND w.root IN (SELECT root FROM tmp_claim)"
        " ORDER BY w.root, q.document_id, q.start"
    )


def claim_statements(ledger: Ledger) -> Iterator[Any]:
    """Every statement with its claim, streamed claim by claim."""
    return ledger.db.stream(
        "SELECT coalesce(t.root, a.id) AS root, a.id, d.doc_id AS document, d.published, a.position, a.stance,"
        " a.anonymous,"
        " f.speaker_id, r.relayed_by_id IS NOT NULL AS relay, substr(a.content_text, 1, 200) AS label"
        " FROM attributions a JOIN documents d ON d.id = a.document_id JOIN tmp_facts f ON f.a = a.id"
        " LEFT JOIN tmp_claim t ON t.a = a.id"
        " LEFT JOIN (SELECT DISTINCT relayed_by_id FROM attributions WHERE relayed_by_id IS NOT NULL) r"
        " ON r.relayed_by_id = a.id ORDER BY coalesce(t.root, a.id)"
    )


def entities(ledger: Ledger) -> list[dict[str, Any]]:
    rows = ledger.db.execute(
        "SELECT d.doc_id AS document, e.name, e.kind, e.aliases"
        " FROM entities e JOIN documents d ON d.id = e.document_id"
    )
    return [dict(r) | {"aliases": tuple(json.loads(r["aliases"]))} for r in rows]


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


def clear(ledger: Ledger, speakers: Sequence[Speaker]) -> None:
    """Empty the cross-article tables and store the speakers (inside the rebuild's transaction)."""
    db = ledger.db
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


def write_claims(ledger: Ledger, numbered: Sequence[tuple[int, ClaimRow]]) -> None:
    """(claim id, claim) rows, with their voices and figure conflicts."""
    db = ledger.db
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
        join, condition, arg = match
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
            " d.published, a.anonymous FROM claim_voices v JOIN attributions a ON a.id = v.attribution_id"
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
                voices=tuple(_voice(v) for v in voices),
                conflicts=tuple(c for _, c in read_conflicts(ledger, r["id"])),
            )
        )
    return out


def _voice(v: Any) -> Voice:
    return Voice(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], anonymous=bool(v[9]))


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
