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

import re
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from whosaid import lexicons
from whosaid.config import DEFAULTS, Settings
from whosaid.crossdoc.claims import (
    REPLY_STANCES,
    Fact,
    Grouping,
    Pair,
    Terms,
    answers,
    describe,
    evidence,
    group,
    link_replies,
)
from whosaid.crossdoc.speakers import EntityRow, canonical_speakers, norm
from whosaid.crossdoc.unionfind import UnionFind
from whosaid.engine.local import batches
from whosaid.ledger import crossdoc as sql
from whosaid.ledger.store import Ledger
from whosaid.pipeline.quantities import agree, comparable
from whosaid.records import Quantity, Span, Speaker, SpeakerName

Conflict = tuple[int, int, str, float, str, str]  # q1, q2, counts, gap, voice1, voice2
# statements that do not propose pairs: terms in more than this share of the ledger's statements
MAX_DF = 0.02
CHUNK = 2000


@dataclass(frozen=True)
class Summary:
    speakers: int
    claims: int
    corroborated: int
    conflicts: int
    seconds: float


def describe_new(ledger: Ledger) -> int:
    """Store the claim terms of every statement that has none yet (new since the last rebuild,
    or from a ledger older than the terms); -> how many."""
    stop = lexicons.stopwords()
    done = last = 0
    while rows := sql.undescribed(ledger, last, CHUNK):
        sql.set_terms(
            ledger,
            [(describe(content, verbs, stop, subjects).to_json(), sid) for sid, content, verbs, subjects in rows],
        )
        done += len(rows)
        last = rows[-1][0]
    return done


def corroborate(ledger: Ledger, settings: Settings = DEFAULTS) -> Summary:
    """Rebuild speakers, claims and figure conflicts from the stored statements. The heavy
    part runs in the database: statements' terms, their weights and the candidate pairs;
    this process streams the pairs and keeps the union-find, then streams the statements claim
    by claim. Everything is replaced in one transaction."""
    started = time.perf_counter()
    said = Counter(sql.speaker_counts(ledger))
    speakers, index = canonical_speakers(
        (EntityRow(e["document"], e["name"], e["kind"], e["aliases"]) for e in sql.entities(ledger)),
        said,
        sql.splits(ledger),
    )
    describe_new(ledger)
    try:
        with ledger.db.transaction():
            grouping = _group(ledger, index)
            claims, conflicts = _claims(ledger, speakers, grouping, settings)
    finally:
        sql.drop_work(ledger)
    return Summary(
        speakers=len(speakers),
        claims=claims[0],
        corroborated=claims[1],
        conflicts=conflicts,
        seconds=time.perf_counter() - started,
    )


def _group(ledger: Ledger, index: dict[str, int]) -> Grouping:
    """Statements into claims: the facts table, the pairs from the database, the decisions here."""
    sql.create_facts(ledger)
    n = 0

    def facts() -> Iterator[tuple[int, int, int, int | None, bool, bool, str | None]]:
        nonlocal n
        for r in sql.statements(ledger):
            n += 1
            terms = Terms.from_json(r["claim_terms"])
            speaker_id = index.get(norm(r["speaker"])) if r["speaker"] else None
            replies = answers(r["stance"], r["cue_text"])
            yield (n, r["id"], r["document_id"], speaker_id, replies, terms.short, terms.owner)

    for batch in batches(facts(), CHUNK):
        sql.add_facts(ledger, batch)
    sql.build_pairs(ledger, n, max(20, int(MAX_DF * n)))
    grouping = group(Pair(*r) for r in sql.pairs(ledger))
    for answer, report in sql.answer_links(ledger):
        # the pipeline saw which report the answer takes up: "…, which Russia denies"
        grouping.union.union(report, answer)
        grouping.joined.setdefault(answer, (report, (report, answer), "replies"))
        grouping.replied.add(answer)
    for _, rows in groupby(sql.reply_articles(ledger), key=lambda r: r[1]):
        article = [Fact(r[0], r[2], r[3], bool(r[4]), bool(r[5]), r[6]) for r in rows]
        link_replies(article, grouping)
    return grouping


def _claims(
    ledger: Ledger, speakers: list[Speaker], grouping: Grouping, settings: Settings
) -> tuple[tuple[int, int], int]:
    """Assemble and store every claim: its voices, origins, status and figure conflicts."""
    why = {k: v for k, v in grouping.joined.items() if v[2] != "replies"}
    shared = sql.common_terms(ledger, sorted({pair for _, pair, _ in why.values()}))
    reasons = {sid: evidence(how, other, shared.get(pair, [])) for sid, (other, pair, how) in grouping.joined.items()}
    sql.set_claims(ledger, [(sid, grouping.claim_of(sid)) for sid in grouping.union.parent])
    sql.find_holders(ledger)

    claim_conflicts: dict[int, list[Conflict]] = defaultdict(list)

    def voice(holder: int | None, speaker: str | None) -> str:
        return (speaker or "unnamed source") if holder is not None else "the article"

    # within an article: the pipeline's conflicts, filed under the claims of both voices
    for r in sql.article_conflicts(ledger):
        voices = voice(r["holder1"], r["speaker1"]), voice(r["holder2"], r["speaker2"])
        entry = (r["q1"], r["q2"], r["counts"], r["gap"], *voices)
        for holder, claim in ((r["holder1"], r["claim1"]), (r["holder2"], r["claim2"])):
            if holder is not None and entry not in claim_conflicts[claim]:
                claim_conflicts[claim].append(entry)
    # across articles: figures of the same claim counting the same thing that disagree
    for claim, rows in groupby(sql.claim_figures(ledger), key=lambda r: r[0]):
        figures = [
            (r[1], r[2], Quantity(Span(r[3], r[4], r[5]), r[6], bool(r[7]), r[8], r[9]), voice(r[1], r[10]))
            for r in rows
        ]
        for i, (a, doc_a, qa, voice_a) in enumerate(figures):
            for b, doc_b, qb, voice_b in figures[i + 1 :]:
                if doc_a == doc_b or qa.counts != qb.counts or not comparable(qa, money=True):
                    continue
                if agree(qa, qb, settings.approx_tolerance):
                    continue
                gap = abs(qa.value - qb.value) / max(qa.value, qb.value, 1e-9)
                claim_conflicts[claim].append((a, b, qa.counts or "", round(gap, 4), voice_a, voice_b))

    sql.clear(ledger, speakers)
    persons = _persons(speakers)
    count = corroborated = 0
    conflict_pairs: set[tuple[int, int]] = set()
    batch: list[tuple[int, sql.ClaimRow]] = []
    for root, rows in groupby(sql.claim_statements(ledger), key=lambda r: r["root"]):
        members = sorted(rows, key=lambda r: (r["published"] or "", r["document"], r["position"]))
        claim = _claim(members, reasons, claim_conflicts.get(root, []), persons)
        count += 1
        corroborated += claim.status == "corroborated" or claim.origins >= 2
        conflict_pairs.update((x[0], x[1]) for x in claim.conflicts)
        batch.append((count, claim))
        if len(batch) >= CHUNK:
            sql.write_claims(ledger, batch)
            batch = []
    sql.write_claims(ledger, batch)
    return (count, corroborated), len(conflict_pairs)


_MEMBERS = re.compile(r",\s*(?:and\s+)?|\s+and\s+")


def _persons(speakers: list[Speaker]) -> dict[int, frozenset[int]]:
    """speaker id -> the speakers it stands for, for groups ("Laurence H. Tribe and Lee
    Epstein", named together in an article): a group and its member, or two groups that share
    one, are not independent origins."""
    by_name = {norm(n.name): sp.id for sp in speakers for n in (*sp.names, SpeakerName(sp.name, ""))}
    out: dict[int, frozenset[int]] = {}
    for sp in speakers:
        if sp.kind == "group":
            members = {by_name.get(norm(m)) for m in _MEMBERS.split(sp.name) if m}
            out[sp.id] = frozenset(m for m in members if m is not None) or frozenset({sp.id})
    return out


def _independent(origins: set[int], persons: dict[int, frozenset[int]]) -> int:
    """How many of these speakers are independent of each other: groups that share a member
    with another origin count once with it."""
    union = UnionFind[int]()
    owner: dict[int, int] = {}
    for origin in origins:
        union.find(origin)
        for person in persons.get(origin, frozenset({origin})):
            if person in owner:
                union.union(owner[person], origin)
            else:
                owner[person] = origin
    return len({union.find(o) for o in origins})


def _claim(
    members: list[Any], reasons: dict[int, str], conflicts: list[Conflict], persons: dict[int, frozenset[int]]
) -> sql.ClaimRow:
    voices = []
    origins: set[int] = set()
    named = False  # an origin that is not an anonymous source
    for s in members:
        role = "relay" if s["relay"] else s["stance"] if s["stance"] in REPLY_STANCES else "support"
        if role in ("support", "confirm") and s["speaker_id"] is not None:
            origins.add(s["speaker_id"])
            named = named or not s["anonymous"]
        voices.append((s["id"], role, s["speaker_id"], reasons.get(s["id"])))
    roles = {v[1] for v in voices}
    flags = tuple(
        f
        for f, on in (
            ("confirmed", "confirm" in roles),
            ("denied", "deny" in roles),
            ("unanswered", "non_committal" in roles),
            ("conflicting figures", bool(conflicts)),
            ("anonymous sources only", bool(origins) and not named),
        )
        if on
    )
    independent = _independent(origins, persons)
    if "denied" in flags or conflicts:
        status = "disputed"
    elif independent >= 2:
        status = "corroborated"
    elif "unanswered" in flags:
        status = "unanswered"
    else:
        status = "single-origin"
    lead = next((s for s in members if s["stance"] not in REPLY_STANCES and not s["relay"]), members[0])
    dates = [s["published"] for s in members if s["published"]]
    return sql.ClaimRow(
        label=lead["label"],
        status=status,
        flags=flags,
        origins=independent,
        first_seen=min(dates) if dates else None,
        last_seen=max(dates) if dates else None,
        voices=tuple(voices),
        conflicts=tuple(conflicts),
    )
