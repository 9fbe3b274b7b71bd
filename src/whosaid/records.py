"""The typed records every stage passes on.

Offsets are the contract: every `Span` indexes the document's original text, so
`text[span.start:span.end] == span.text` holds everywhere.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, Literal

Stance = Literal["assert", "claim", "confirm", "deny", "non_committal", "predict", "intend", "believe", "ask"]
Bound = Literal["at_most", "at_least"]


@dataclass(frozen=True)
class Span:
    """A stretch of the original text: `text == doc_text[start:end]`."""

    start: int
    end: int
    text: str

    @classmethod
    def of(cls, doc_text: str, start: int, end: int) -> Span:
        return cls(start, end, doc_text[start:end])

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end


@dataclass(frozen=True)
class Document:
    """One article as read from its source; `text` is never rewritten."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    published: str | None = None
    author: str | None = None
    origin: str | None = None  # path (and line) the document came from
    encoding: str | None = None  # how the bytes were decoded, when they were bytes

    @property
    def text_hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Region:
    """A part of the text that is not article body: page furniture or a glued-in headline."""

    kind: Literal["furniture", "heading", "caption"]
    span: Span
    reason: str


@dataclass(frozen=True)
class Attribution:
    """One attributed statement: who (source/speaker), the cue, the content and its stance."""

    cue: Span
    content: Span
    source: Span | None = None
    speaker: str | None = None
    stance: str = "assert"
    hedged: bool = False
    # the source names no one on purpose: "sources familiar with the talks", "an official who
    # spoke on condition of anonymity" (`whosaid.pipeline.speakers.anonymous_source`)
    anonymous: bool = False
    relayed_by: int | None = None
    # the index of the report this one answers: Russia's "denies" in "Kyiv accused Moscow of …,
    # which Russia denies" answers Kyiv's "accused"
    answers: int | None = None
    kind: Literal["indirect", "direct", "according_to", "quote_paragraph", "nominal"] = "indirect"
    recipient: Span | None = None  # "told South Korean lawmakers"
    # Further pieces of a discontinuous content: “A,” she said. “B.” -> content A, more (B,)
    content_more: tuple[Span, ...] = ()
    # The lemmas of the content's verbs ("capture", "deploy"): what the statement asserts
    # happened, used to tell propositions apart across articles.
    predicates: tuple[str, ...] = ()
    # Who or what the content's main clause is about: the head of its subject ("Clinton" in
    # "Clinton released her returns", "we" in "we can build a wall"; "Deal" in "Deal vowed to
    # block …"), none for a clause whose subject is a third-person pronoun or that has none.
    # Two statements with different subjects are two claims (`whosaid.pipeline.stance`).
    subjects: tuple[str, ...] = ()

    @property
    def contents(self) -> tuple[Span, ...]:
        return (self.content, *self.content_more)


@dataclass(frozen=True)
class Mention:
    """One place in the text where an entity is named or referred to."""

    span: Span
    kind: Literal["name", "alias", "title", "pronoun", "acronym", "description"] = "name"


@dataclass(frozen=True)
class Entity:
    """A speaker, organisation, place or group, with a canonical name and its mentions."""

    name: str
    kind: str
    mentions: tuple[Mention, ...] = field(default_factory=tuple)
    aliases: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Quantity:
    """A figure in the text: its value, whether it is approximate or a bound, and what it counts."""

    span: Span
    value: float
    approx: bool = False
    bound: Bound | None = None
    counts: str | None = None


@dataclass(frozen=True)
class Conflict:
    """Two figures about the same thing that disagree beyond what their approximations allow."""

    counts: str
    first: Quantity
    second: Quantity
    gap: float  # relative gap, |a - b| / max(a, b)


@dataclass(frozen=True)
class Analysis:
    """Everything whosaid found in one document."""

    document: Document
    attributions: tuple[Attribution, ...] = ()
    entities: tuple[Entity, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    regions: tuple[Region, ...] = ()
    conflicts: tuple[Conflict, ...] = ()


@dataclass(frozen=True)
class Failure:
    """An input that could not be read or analysed, with where and why."""

    origin: str
    reason: str


def span_json(span: Span | None) -> dict[str, Any] | None:
    return None if span is None else {"start": span.start, "end": span.end, "text": span.text}


def analysis_json(a: Analysis) -> dict[str, Any]:
    """The stable JSONL contract (fields may be added, never renamed)."""
    doc = a.document
    return {
        "id": doc.id,
        "text": doc.text,
        "title": doc.title,
        "url": doc.url,
        "published": doc.published,
        "attributions": [
            {
                "speaker": at.speaker,
                "source": span_json(at.source),
                "cue": span_json(at.cue),
                "content": span_json(at.content) if not at.content_more else [span_json(s) for s in at.contents],
                "stance": at.stance,
                "hedged": at.hedged,
                "anonymous": at.anonymous,
                "relayed_by": at.relayed_by,
                "answers": at.answers,
                "predicates": list(at.predicates),
                "kind": at.kind,
                "recipient": span_json(at.recipient),
            }
            for at in a.attributions
        ],
        "entities": [
            {
                "name": e.name,
                "kind": e.kind,
                "aliases": list(e.aliases),
                "mentions": [dict(span_json(m.span) or {}, kind=m.kind) for m in e.mentions],
            }
            for e in a.entities
        ],
        "quantities": [
            {
                "span": span_json(q.span),
                "value": q.value,
                "approx": q.approx,
                "bound": q.bound,
                "counts": q.counts,
            }
            for q in a.quantities
        ],
        "regions": [{"kind": r.kind, "span": span_json(r.span), "reason": r.reason} for r in a.regions],
        "conflicts": [
            {"counts": c.counts, "values": [span_json(c.first.span), span_json(c.second.span)], "gap": round(c.gap, 4)}
            for c in a.conflicts
        ],
    }


__all__ = [
    "Analysis",
    "Attribution",
    "Conflict",
    "Document",
    "Entity",
    "Failure",
    "Mention",
    "Quantity",
    "Region",
    "Span",
    "analysis_json",
]


# -- across articles (whosaid.crossdoc; stored by the ledger) ---------------------------------

Role = Literal["support", "confirm", "deny", "non_committal", "relay"]
ClaimStatus = Literal["corroborated", "single-origin", "disputed", "unanswered"]


@dataclass(frozen=True)
class SpeakerName:
    """One name under which a ledger speaker appears, and why it was merged into it."""

    name: str
    evidence: str  # "canonical", "same name", "alias in <doc>", "surname of <name>", "title in <doc>"


@dataclass(frozen=True)
class Speaker:
    """One real speaker/organisation across the whole ledger."""

    id: int
    name: str
    kind: str
    names: tuple[SpeakerName, ...] = ()
    statements: int = 0


@dataclass(frozen=True)
class Voice:
    """One statement's part in a claim."""

    attribution_id: int
    document: str
    speaker: str | None
    speaker_id: int | None
    role: Role
    stance: str
    cue: str
    content: str
    published: str | None = None
    anonymous: bool = False  # the source names no one on purpose (`Attribution.anonymous`)


@dataclass(frozen=True)
class Figure:
    quantity_id: int
    document: str
    text: str
    value: float
    approx: bool
    bound: str | None
    counts: str | None
    voice: str  # the speaker whose statement holds the figure, or "the article"


@dataclass(frozen=True)
class FigureConflict:
    counts: str
    first: Figure
    second: Figure
    gap: float


@dataclass(frozen=True)
class Claim:
    """Statements about one proposition, across sentences and articles."""

    id: int
    label: str
    status: ClaimStatus
    flags: tuple[str, ...]
    origins: int  # independent origins: distinct speakers who state or confirm it, not relays
    voices: tuple[Voice, ...]
    conflicts: tuple[FigureConflict, ...] = ()


def _figure_json(f: Figure) -> dict[str, Any]:
    return {
        "document": f.document,
        "text": f.text,
        "value": f.value,
        "approx": f.approx,
        "bound": f.bound,
        "counts": f.counts,
        "voice": f.voice,
    }


def conflict_json(c: FigureConflict) -> dict[str, Any]:
    return {
        "counts": c.counts,
        "gap": round(c.gap, 4),
        "first": _figure_json(c.first),
        "second": _figure_json(c.second),
    }


def claim_json(c: Claim) -> dict[str, Any]:
    return {
        "id": c.id,
        "claim": c.label,
        "status": c.status,
        "flags": list(c.flags),
        "independent_origins": c.origins,
        "voices": [
            {
                "role": v.role,
                "speaker": v.speaker,
                "stance": v.stance,
                "cue": v.cue,
                "content": v.content,
                "document": v.document,
                "published": v.published,
                "anonymous": v.anonymous,
                "attribution_id": v.attribution_id,
            }
            for v in c.voices
        ],
        "conflicts": [conflict_json(x) for x in c.conflicts],
    }


def speaker_json(s: Speaker) -> dict[str, Any]:
    return {
        "id": s.id,
        "name": s.name,
        "kind": s.kind,
        "statements": s.statements,
        "names": [{"name": n.name, "evidence": n.evidence} for n in s.names],
    }
