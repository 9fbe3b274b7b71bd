"""Claims: statements about the same proposition, grouped across sentences and articles.

A lexical method, measured against the alternatives in the README: each statement's content
becomes a set of terms (lower-cased, lightly stemmed, function words out); two statements
are one claim when their IDF-weighted term overlap is high and they share a name or a
figure. Candidate pairs come from an inverted index over the rarer terms, so the cost grows
with the number of statements that share a rare term, not with the square of the ledger.

Replies are linked, not compared: a confirmation, denial or non-answer whose content is a
pronoun or a short noun phrase ("neither confirmed nor denied their presence") joins the
nearest earlier claim in its article by another speaker; one that names whose account it
confirms ("confirmed Ukraine's account") joins the claim its speaker already confirms of
that owner, or the owner's nearest earlier claim.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from whosaid import lexicons
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


@dataclass
class Statement:
    id: int
    document: str
    position: int
    speaker: str | None
    speaker_id: int | None
    stance: str
    cue: str
    content: str
    relayed_by: int | None
    published: str | None = None
    verbs: tuple[str, ...] = ()  # the content's verb lemmas, from the parse
    terms: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()
    predicates: frozenset[str] = frozenset()  # inflected verbs: "captured", "deploying"
    figures: frozenset[str] = frozenset()
    weight: float = 0.0
    owner: str | None = None  # "Ukraine" in "confirmed Ukraine's account"
    short: bool = False

    @property
    def answers(self) -> bool:
        """A reply to another's claim: a non-answer, or a confirming/denying cue proper."""
        return self.stance == "non_committal" or (self.stance in REPLY_STANCES and bool(_ANSWERING.search(self.cue)))


def describe(s: Statement, stop: frozenset[str]) -> None:
    text = s.content
    m = _POSSESSIVE.match(text)
    if m and m.group(2).lower() in _ACCOUNT_NOUNS:
        # "Ukraine's announcement that it had captured ...": the owner is whose claim it is,
        # the proposition is what follows
        s.owner = m.group(1)
        text = text[m.end() :]
    words = _WORD.findall(text)
    s.terms = frozenset(stem(w) for w in words if w.lower() not in stop and not w.isdigit() and len(w) > 1)
    s.names = frozenset(stem(w) for i, w in enumerate(words) if w[:1].isupper() and (i > 0 or len(words) == 1))
    s.names = frozenset(n for n in s.names if n.lower() not in stop)
    s.predicates = frozenset(stem(v) for v in s.verbs)
    s.figures = frozenset(w.replace(",", "") for w in re.findall(r"\d[\d,.]*", text))
    # a bare noun phrase ("their presence", "the meeting") points back; a clause does not
    s.short = len(s.terms) <= 3 and not re.match(r"(that|whether|if|how|why|when)\b", text.strip(), re.IGNORECASE)


@dataclass
class Grouping:
    claim_of: dict[int, int] = field(default_factory=dict)  # statement id -> claim root id
    evidence: dict[int, str] = field(default_factory=dict)  # statement id -> why it joined


def group(
    statements: Sequence[Statement],
    similarity: float = 0.5,
    overlap: float = 0.5,
    min_common: int = 4,
    max_df: float = 0.02,
    described: bool = False,
) -> Grouping:
    """Union statements into claims. `similarity`: IDF-weighted Jaccard for two statements;
    `overlap`: IDF-weighted share of a reply's proposition found in a claim's statement;
    `min_common`: terms two statements must share; `max_df`: terms in more than this share of
    statements do not propose pairs. `described`: `describe` already ran on each statement."""
    if not described:
        stop = lexicons.stopwords()
        for s in statements:
            describe(s, stop)
    # "Korean" and "Korea", "Russian" and "Russia": a name that is another name plus "n"
    vocabulary = {t for s in statements for t in s.terms}
    for s in statements:
        fold = {t: t[:-1] for t in s.names if t.endswith("n") and t[:-1] in vocabulary}
        if fold:
            s.names = frozenset(fold.get(t, t) for t in s.names)
            s.terms = frozenset(fold.get(t, t) for t in s.terms)
    n = max(len(statements), 1)
    df: Counter[str] = Counter(t for s in statements for t in s.terms)
    idf = {t: math.log(n / c) + 1.0 for t, c in df.items()}
    for s in statements:
        s.weight = sum(idf[t] for t in s.terms)
    limit = max(20, int(max_df * n))
    index: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(statements):
        for t in s.terms:
            if df[t] <= limit:
                index[t].append(i)
    union = UnionFind[int]()
    out = Grouping()
    best_reply: dict[int, tuple[float, int, str]] = {}
    for i, s in enumerate(statements):
        union.find(s.id)
        if s.short or not s.terms:
            continue
        shared: Counter[int] = Counter()
        for t in s.terms:
            if df.get(t, 0) <= limit:
                for j in index.get(t, ()):
                    if j > i:
                        shared[j] += 1
        for j, k in shared.items():
            if k < 2:
                continue
            o = statements[j]
            if o.short:
                continue
            common = s.terms & o.terms
            w = sum(idf.get(t, 1.0) for t in common)
            anchored = bool((s.names & o.names) or (s.figures & o.figures))
            if not anchored:
                continue
            if s.answers != o.answers:
                # a confirmation or denial with its own proposition joins the one claim that
                # shares its predicate and most of its weight
                reply, other = (s, o) if s.answers else (o, s)
                contained = w / max(reply.weight, 1e-9)
                if len(common) >= min_common and reply.predicates & other.terms and contained >= overlap:
                    if contained > best_reply.get(reply.id, (0.0, 0, ""))[0]:
                        best_reply[reply.id] = (contained, other.id, ", ".join(sorted(common)[:6]))
                continue
            if s.document == o.document and s.speaker_id != o.speaker_id:
                continue  # in one article, two speakers' statements are two claims unless one replies
            if not (s.predicates & o.predicates):
                continue  # one proposition shares a verb ("should win" and "block" do not); names alone do not
            if s.answers or o.answers:
                continue
            if len(common) >= min_common and w / (s.weight + o.weight - w) >= similarity:
                union.union(s.id, o.id)
                out.evidence.setdefault(o.id, f"shares {', '.join(sorted(common)[:6])} with statement {s.id}")
    for reply_id, (_, other_id, common_terms) in best_reply.items():
        union.union(other_id, reply_id)
        out.evidence.setdefault(reply_id, f"confirms or disputes statement {other_id} (shares {common_terms})")
    _link_replies(statements, union, out, linked=set(best_reply))
    out.claim_of = {s.id: union.find(s.id) for s in statements}
    return out


def _link_replies(statements: Sequence[Statement], union: UnionFind[int], out: Grouping, linked: set[int]) -> None:
    by_doc: dict[str, list[Statement]] = defaultdict(list)
    for s in statements:
        by_doc[s.document].append(s)
    for doc_statements in by_doc.values():
        doc_statements.sort(key=lambda s: s.position)
        for k, s in enumerate(doc_statements):
            if not s.answers or not (s.short or s.owner) or s.id in linked:
                continue
            earlier = [o for o in doc_statements[:k] if o.speaker_id != s.speaker_id or o.speaker_id is None]
            target: Statement | None = None
            if s.owner is not None:
                # the same speaker's other confirmation of this owner's account, then the owner's claim
                owner = s.owner.lower()
                same = [
                    o
                    for o in doc_statements
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
                union.union(target.id, s.id)
                out.evidence.setdefault(s.id, f"replies to statement {target.id}")
