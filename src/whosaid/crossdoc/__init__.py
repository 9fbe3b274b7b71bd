"""Across articles: canonical speakers, claims with their voices, origins and status, and
figures that disagree. `corroborate(ledger)` rebuilds it all from the stored statements.

    from whosaid.ledger import Ledger
    from whosaid.crossdoc import corroborate
    with Ledger("whosaid.db") as ledger:
        summary = corroborate(ledger)

Origins, not echoes: a claim's independent origins are the distinct speakers who state or
confirm it. A statement that relays another ("the NIS said a soldier said ...") is a channel,
not an origin, and a hundred articles quoting one minister are one origin.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from dataclasses import dataclass, replace

from whosaid import lexicons
from whosaid.config import DEFAULTS, Settings
from whosaid.crossdoc.claims import REPLY_STANCES, Statement, describe, group
from whosaid.crossdoc.speakers import EntityRow, canonical_speakers, norm
from whosaid.ledger import crossdoc as sql
from whosaid.ledger.store import Ledger
from whosaid.pipeline.quantities import agree
from whosaid.records import Quantity, Span


@dataclass(frozen=True)
class Summary:
    speakers: int
    claims: int
    corroborated: int
    conflicts: int
    seconds: float


def corroborate(ledger: Ledger, settings: Settings = DEFAULTS) -> Summary:
    started = time.perf_counter()
    # statements are streamed: each is reduced to its terms, names, figures and verbs as it
    # is read, and its text is let go; labels are fetched for the claims' lead statements only
    said = Counter(sql.speaker_counts(ledger))
    speakers, index = canonical_speakers(
        (EntityRow(e["document"], e["name"], e["kind"], e["aliases"]) for e in sql.entities(ledger)),
        said,
        sql.splits(ledger),
    )
    stop = lexicons.stopwords()
    statements: list[Statement] = []
    spans: dict[int, list[tuple[int, int, int, str | None]]] = defaultdict(list)  # doc -> (start, end, id, speaker)
    for r in sql.statements(ledger):
        s = Statement(
            id=r["id"],
            document=r["document"],
            position=r["position"],
            speaker=r["speaker"],
            speaker_id=index.get(norm(r["speaker"])) if r["speaker"] else None,
            stance=r["stance"],
            cue=r["cue_text"],
            content=r["content_text"],
            relayed_by=r["relayed_by_id"],
            published=r["published"],
            verbs=r["predicates"],
        )
        describe(s, stop)
        s.content = ""
        statements.append(s)
        spans[r["document_id"]].append((r["content_start"], r["content_end"], r["id"], r["speaker"]))
    grouping = group(statements, described=True)
    relays = {s.relayed_by for s in statements if s.relayed_by is not None}
    members: dict[int, list[Statement]] = defaultdict(list)
    for s in statements:
        members[grouping.claim_of[s.id]].append(s)

    # figures and the statement (voice) that holds each
    voice_of: dict[int, tuple[str, int | None]] = {}
    figures = sql.quantities(ledger)
    for q in figures:
        holders = [h for h in spans.get(q["document_id"], ()) if h[0] <= q["start"] and q["end"] <= h[1]]
        best = min(holders, key=lambda h: h[1] - h[0], default=None)
        voice_of[q["id"]] = (best[3] or "unnamed source", best[2]) if best else ("the article", None)
    qrec = {
        q["id"]: Quantity(Span(q["start"], q["end"], q["text"]), q["value"], bool(q["approx"]), q["bound"], q["counts"])
        for q in figures
    }
    claim_conflicts: dict[int, list[tuple[int, int, str, float, str, str]]] = defaultdict(list)
    # within an article: the pipeline's conflicts, filed under the claims of both voices
    for q1, q2, counts, gap in sql.document_conflicts(ledger):
        entry = (q1, q2, counts, gap, voice_of[q1][0], voice_of[q2][0])
        for qid in (q1, q2):
            holder = voice_of[qid][1]
            if holder is not None and entry not in claim_conflicts[grouping.claim_of[holder]]:
                claim_conflicts[grouping.claim_of[holder]].append(entry)
    # across articles: figures of the same claim counting the same thing that disagree
    claim_figures: dict[int, list[int]] = defaultdict(list)
    for qid, (_, holder) in voice_of.items():
        if holder is not None and qrec[qid].counts:
            claim_figures[grouping.claim_of[holder]].append(qid)
    docs = {q["id"]: q["document_id"] for q in figures}
    for claim, qids in claim_figures.items():
        for i, a in enumerate(qids):
            for b in qids[i + 1 :]:
                qa, qb = qrec[a], qrec[b]
                if docs[a] == docs[b] or qa.counts != qb.counts or agree(qa, qb, settings.approx_tolerance):
                    continue
                gap = abs(qa.value - qb.value) / max(qa.value, qb.value, 1e-9)
                claim_conflicts[claim].append((a, b, qa.counts or "", round(gap, 4), voice_of[a][0], voice_of[b][0]))

    claims: list[sql.ClaimRow] = []
    for root, group_statements in members.items():
        group_statements.sort(key=lambda s: (s.published or "", s.document, s.position))
        voices = []
        origins: set[int] = set()
        for s in group_statements:
            role = "relay" if s.id in relays else s.stance if s.stance in REPLY_STANCES else "support"
            if role in ("support", "confirm") and s.speaker_id is not None:
                origins.add(s.speaker_id)
            voices.append((s.id, role, s.speaker_id, grouping.evidence.get(s.id)))
        roles = {v[1] for v in voices}
        conflicts = claim_conflicts.get(root, [])
        flags = tuple(
            f
            for f, on in (
                ("confirmed", "confirm" in roles),
                ("denied", "deny" in roles),
                ("unanswered", "non_committal" in roles),
                ("conflicting figures", bool(conflicts)),
            )
            if on
        )
        if "denied" in flags or conflicts:
            status = "disputed"
        elif len(origins) >= 2:
            status = "corroborated"
        elif "unanswered" in flags:
            status = "unanswered"
        else:
            status = "single-origin"
        lead = next(
            (s for s in group_statements if s.stance not in REPLY_STANCES and s.id not in relays), group_statements[0]
        )
        dates = [s.published for s in group_statements if s.published]
        claims.append(
            sql.ClaimRow(
                label=str(lead.id),  # replaced by the lead's text below
                status=status,
                flags=flags,
                origins=len(origins),
                first_seen=min(dates) if dates else None,
                last_seen=max(dates) if dates else None,
                voices=tuple(voices),
                conflicts=tuple(conflicts),
            )
        )
    labels = sql.contents(ledger, [int(c.label) for c in claims])
    claims = [replace(c, label=labels.get(int(c.label), "")) for c in claims]
    claims.sort(key=lambda c: (-c.origins, -len(c.voices), c.label))
    sql.write(ledger, speakers, claims)
    return Summary(
        speakers=len(speakers),
        claims=len(claims),
        corroborated=sum(c.status == "corroborated" or c.origins >= 2 for c in claims),
        conflicts=len({(x[0], x[1]) for c in claims for x in c.conflicts}),
        seconds=time.perf_counter() - started,
    )
