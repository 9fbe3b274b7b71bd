"""Claims: statements about the same proposition, grouped across sentences and articles.

A lexical method, measured against the alternatives in the README: each statement's content
becomes a set of terms (lower-cased, lightly stemmed, function words out; `describe`, run
once per statement when it is stored); two statements are one claim when their IDF-weighted
term overlap is high and they share a name or a figure. Candidate pairs and their overlaps
are computed in the database from an inverted index over the rarer terms
(`whosaid.ledger.crossdoc`), so the cost grows with the number of statements that share a
rare term, not with the square of the ledger; this module decides, pair by pair, as the
pairs stream past, and holds only the union-find.

Replies are linked, not compared: a confirmation, denial or non-answer whose content is a
pronoun or a short noun phrase ("neither confirmed nor denied their presence") joins the
nearest earlier claim in its article by another speaker; one that names whose account it
confirms ("confirmed Ukraine's account") joins the claim its speaker already confirms of
that owner, or the owner's nearest earlier claim.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from whosaid.crossdoc.unionfind import UnionFind

_WORD = re.compile(r"[\w'’-]+")
# stances that answer a claim rather than make one; each is also the voice's role
REPLY_STANCES = frozenset({"confirm", "deny", "non_committal"})
# Cues that answer someone else's claim. "admitted", "agreed", "conceded" also carry the
# confirm stance, but they mostly introduce the speaker's own proposition.
_ANSWERING = re.compile(
    r"\b(confirm|corroborat|verif|den(y|ied|ies|ial)|disput|reject|refut|rebut|contradict|dismiss)", re.IGNORECASE
)
_ACCOUNT_NOUNS = frozenset(
    {"account", "announcement", "claim", "claims", "report", "reports", "statement", "assertion", "version", "story"}
)
# what a reply's content is when it only points back at the report before it
_BACK = frozenset({"which", "that", "it", "this"})
_POSSESSIVE = re.compile(r"^(?:the\s+)?(.+?)['’]s?\s+(\w+)", re.IGNORECASE)


def stem(word: str) -> str:
    """A light suffix-stripper: "captured", "capture" and "captures" share "captur"."""
    w = word.lower().replace("’", "'")
    w = w[:-2] if w.endswith("'s") else w.rstrip("'")
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 4:
            w = w[: len(w) - len(suffix)] + keep
            break
    return w[:-1] if w.endswith("e") and len(w) > 4 else w


@dataclass(frozen=True)
class Terms:
    """What a statement's content says, reduced for comparison with other statements."""

    terms: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()
    predicates: frozenset[str] = frozenset()  # inflected verbs: "captured", "deploying"
    subjects: frozenset[str] = frozenset()  # the heads of the main clauses' subjects: "clinton"
    figures: frozenset[str] = frozenset()
    owner: str | None = None  # "Ukraine" in "confirmed Ukraine's account"
    short: bool = False  # a bare noun phrase ("their presence") that points back

    def to_json(self) -> str:
        return json.dumps(
            {
                "t": sorted(self.terms),
                "n": sorted(self.names),
                "p": sorted(self.predicates),
                "f": sorted(self.figures),
                "s": sorted(self.subjects),
                "owner": self.owner,
                "short": self.short,
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str) -> Terms:
        d = json.loads(text)
        return cls(
            terms=frozenset(d["t"]),
            names=frozenset(d["n"]),
            predicates=frozenset(d["p"]),
            subjects=frozenset(d.get("s", ())),  # none in terms stored before subjects were
            figures=frozenset(d["f"]),
            owner=d["owner"],
            short=bool(d["short"]),
        )


def describe(content: str, verbs: Sequence[str], stop: frozenset[str], subjects: Sequence[str] = ()) -> Terms:
    """A statement's terms, names, verbs and figures; `verbs` are its content's verb lemmas,
    `subjects` the heads of its main clauses' subjects (`Attribution.subjects`)."""
    text = content
    owner = None
    m = _POSSESSIVE.match(text)
    if m and m.group(2).lower() in _ACCOUNT_NOUNS:
        # "Ukraine's announcement that it had captured ...": the owner is whose claim it is,
        # the proposition is what follows
        owner = m.group(1)
        text = text[m.end() :]
    words = _WORD.findall(text)
    terms = frozenset(stem(w) for w in words if w.lower() not in stop and not w.isdigit() and len(w) > 1)
    names = frozenset(stem(w) for i, w in enumerate(words) if w[:1].isupper() and (i > 0 or len(words) == 1))
    return Terms(
        terms=terms,
        names=frozenset(n for n in names if n.lower() not in stop),
        predicates=frozenset(stem(v) for v in verbs),
        subjects=frozenset(stem(s) for s in subjects),
        figures=frozenset(w.replace(",", "") for w in re.findall(r"\d[\d,.]*", text)),
        owner=owner,
        # a bare noun phrase ("their presence", "the meeting") points back, and so does a lone
        # relative pronoun (", which Russia denies"); a clause ("where he stands") and a
        # counted thing ("68 judicial nominees") do not
        short=text.strip().lower() in _BACK
        or (
            len(terms) <= 3
            and not re.match(r"(that|whether|if|how|why|when|where|what|who|which)\b", text.strip(), re.IGNORECASE)
            and not re.search(r"\d", text)
        ),
    )


def answers(stance: str, cue: str) -> bool:
    """A reply to another's claim: a non-answer, or a confirming/denying cue proper."""
    return stance == "non_committal" or (stance in REPLY_STANCES and bool(_ANSWERING.search(cue)))


@dataclass(frozen=True)
class Pair:
    """Two statements that share at least two rare terms and a name or a figure, `first` the
    earlier, with what the database measured of their overlap."""

    first: int
    second: int
    first_document: int
    second_document: int
    first_speaker: int | None
    second_speaker: int | None
    first_answers: bool
    second_answers: bool
    first_weight: float  # the IDF sum of each one's terms
    second_weight: float
    common: int  # terms they share
    weight: float  # the IDF sum of the shared terms
    same_verb: bool  # their verbs meet
    first_verb_in_second: bool  # a verb of the first is a term of the second
    second_verb_in_first: bool
    other_subjects: bool = False  # both name their subject, and no subject is shared


@dataclass
class Grouping:
    union: UnionFind[int] = field(default_factory=UnionFind)
    # statement id -> (other statement, the pair whose shared terms explain it, how it joined)
    joined: dict[int, tuple[int, tuple[int, int], str]] = field(default_factory=dict)
    replied: set[int] = field(default_factory=set)  # replies joined by their own proposition

    def claim_of(self, statement: int) -> int:
        return self.union.find(statement) if statement in self.union.parent else statement


def group(pairs: Iterable[Pair], similarity: float = 0.5, overlap: float = 0.5, min_common: int = 4) -> Grouping:
    """Union statements into claims, one candidate pair at a time (pairs in order of their
    first statement). `similarity`: IDF-weighted Jaccard for two statements; `overlap`:
    IDF-weighted share of a reply's proposition found in a claim's statement; `min_common`:
    terms two statements must share."""
    out = Grouping()
    best_reply: dict[int, tuple[float, int, tuple[int, int]]] = {}
    for p in pairs:
        if p.other_subjects:
            continue  # "Clinton released her returns" and "Trump released his" are two propositions
        if p.first_answers != p.second_answers:
            # a confirmation or denial with its own proposition joins the one claim that
            # shares its predicate and most of its weight
            if p.first_answers:
                reply, other, reply_weight, verb_met = p.first, p.second, p.first_weight, p.first_verb_in_second
            else:
                reply, other, reply_weight, verb_met = p.second, p.first, p.second_weight, p.second_verb_in_first
            contained = p.weight / max(reply_weight, 1e-9)
            if p.common >= min_common and verb_met and contained >= overlap:
                if contained > best_reply.get(reply, (0.0, 0, (0, 0)))[0]:
                    best_reply[reply] = (contained, other, (p.first, p.second))
            continue
        if p.first_document == p.second_document and p.first_speaker != p.second_speaker:
            continue  # in one article, two speakers' statements are two claims unless one replies
        if not p.same_verb:
            continue  # one proposition shares a verb ("should win" and "block" do not); names alone do not
        if p.first_answers or p.second_answers:
            continue
        jaccard = p.weight / (p.first_weight + p.second_weight - p.weight)
        if p.common >= min_common and jaccard >= similarity:
            out.union.union(p.first, p.second)
            if p.second not in out.joined:
                out.joined[p.second] = (p.first, (p.first, p.second), "shares")
    for reply, (_, other, pair) in best_reply.items():
        out.union.union(other, reply)
        out.joined.setdefault(reply, (other, pair, "confirms"))
    out.replied = set(best_reply)
    return out


def evidence(how: str, other: int, common: Sequence[str]) -> str:
    shared = ", ".join(sorted(common)[:6])
    if how == "shares":
        return f"shares {shared} with statement {other}"
    if how == "confirms":
        return f"confirms or disputes statement {other} (shares {shared})"
    return f"replies to statement {other}"


@dataclass(frozen=True)
class Fact:
    """One statement of an article, as reply linking needs it."""

    id: int
    speaker: str | None
    speaker_id: int | None
    answers: bool
    short: bool
    owner: str | None


def link_replies(article: Sequence[Fact], grouping: Grouping) -> None:
    """In one article (statements in order): a reply that is a bare noun phrase or names whose
    account it answers joins the claim it answers."""
    for k, s in enumerate(article):
        if not s.answers or not (s.short or s.owner) or s.id in grouping.replied:
            continue
        earlier = [o for o in article[:k] if o.speaker_id != s.speaker_id or o.speaker_id is None]
        target: Fact | None = None
        if s.owner is not None:
            # the same speaker's other confirmation of this owner's account, then the owner's claim
            owner = s.owner.lower()
            same = [
                o
                for o in article
                if o is not s and o.speaker_id == s.speaker_id and o.owner and o.owner.lower() == owner
            ]
            later_with_content = [o for o in same if not o.short]
            if later_with_content:
                target = later_with_content[0]
            else:
                owned = [o for o in earlier if o.speaker and owner[:5] in o.speaker.lower()]
                target = owned[-1] if owned else None
        elif earlier:
            target = earlier[-1]
        if target is not None:
            grouping.union.union(target.id, s.id)
            grouping.joined.setdefault(s.id, (target.id, (target.id, s.id), "replies"))
