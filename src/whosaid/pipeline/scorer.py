"""The learned attribution scorer: the rule finder proposes, a trained model disposes.

Candidates come from the same parse-reading code as the rules, run with an *open* cue lexicon
(every content verb may be a cue, with the lexicon's frames where it has them and generic ones
where it has not). Each candidate is described by sparse features of its cue, source and
content (lemma, dependency relations, how the content was reached, where it stands to the
quotes, what kind of source it has, lengths, what it is among the document's other candidates,
what the token tagger reads of its spans from the parser's vectors) and scored by a logistic
model trained on PolNeAR train (`python -m whosaid.train`); gradient-boosted trees then read
the first's probabilities of the reports around, inside and beside each candidate
(`second_look`). `select` keeps what clears the threshold, one content per cue and one cue per
content.

Weights ship in `whosaid/models/`: `attribution-scorer.json` (the first model's bias and one
weight per feature string, the threshold, the trees' columns), the trees in LightGBM's text
format, the token tagger's arrays (`.npz`). Scoring a candidate is a dictionary lookup per
feature, then the trees for the few in doubt.
"""

from __future__ import annotations

import json
import math
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from importlib import resources
from itertools import repeat
from typing import Any

import numpy as np
from spacy.tokens import Doc, Token

from whosaid import lexicons
from whosaid.config import DEFAULTS, Settings
from whosaid.pipeline.attributions import (
    _NAME_RUN_POS,
    _NAMED,
    _PERSONAL,
    _PRONOUNS,
    _RECIPIENT_DEPS,
    LAYOUT_CUES,
    AttributionFinder,
    _colon_lines,
    _cue_span,
    _in_regions,
    _inverted_content,
    _link_relays,
    _quote_paragraphs,
    _quoted,
    _recipient,
    _span,
    beyond_cue,
    cue_word,
    find_source,
    introduces_speaker,
    source_alternatives,
)
from whosaid.pipeline.bounds import text_of
from whosaid.pipeline.quotes import Quote, find_quotes
from whosaid.pipeline.tagger import Tags, TokenTagger, evidence, shipped_tagger
from whosaid.records import Attribution, Region, Span

MODEL_FILE = "attribution-scorer.json"
# Verbs that carry tense or modality, never a report.
_FUNCTION_LEMMAS = frozenset(
    {"be", "have", "do", "will", "would", "can", "could", "may", "might", "must", "shall", "should", "get", "let"}
)
_GENERIC = lexicons.Cue("", "assert", frozenset("cxo"), frozenset({"about", "on", "of", "against", "for", "to"}))
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})
# a report's source that is the voice reporting it ("he said he plans", "it said it had")
_LEAD_WORDS = frozenset({"that", "to", "if", "whether", "how", "what", "why"})


class OpenCues(Mapping[str, lexicons.Cue]):
    """The cue lexicon, plus a generic entry for any other content verb."""

    def __init__(self, known: Mapping[str, lexicons.Cue]) -> None:
        self.known = known

    def __getitem__(self, lemma: str) -> lexicons.Cue:
        entry = self.known.get(lemma)
        if entry is not None:
            return entry
        if lemma in _FUNCTION_LEMMAS or not lemma.isalpha():
            raise KeyError(lemma)
        return _GENERIC

    def __iter__(self) -> Iterator[str]:
        return iter(self.known)

    def __len__(self) -> int:
        return len(self.known)


_CONTENT_DEPS = frozenset({"ccomp", "xcomp", "dobj", "attr", "oprd", "acomp", "advcl", "nsubjpass", "csubj"})
_NOUN_CONTENT_DEPS = frozenset({"acl", "ccomp", "relcl", "appos"})
_NOUN_PREPS = frozenset({"of", "on", "about", "for", "that", "against", "to", "from"})


def _subtree(tok: Token) -> Span | None:
    return _span(tok.doc, tok.left_edge.i, tok.right_edge.i)


def _object_of(prep: Token) -> Span | None:
    """What a preposition governs ("about the new budget"), as the span of its subtree."""
    obj = next((g for g in prep.children if g.dep_ in ("pobj", "pcomp")), None)
    return _subtree(obj) if obj is not None else None


def _complements(tok: Token, deps: frozenset[str], preps: frozenset[str], after: bool) -> list[Span]:
    """A noun's or an adjective's possible contents, in order: each child clause whose relation
    is in `deps` (only those after the word, if `after`), and the object of each child
    preposition in `preps`."""
    out: list[Span] = []
    for c in tok.children:
        span: Span | None = None
        if c.dep_ in deps and (c.i > tok.i or not after):
            span = _subtree(c)
        elif c.dep_ == "prep" and c.lower_ in preps:
            span = _object_of(c)
        if span is not None:
            out.append(span)
    return out


def _verb_contents(tok: Token) -> list[Span]:
    """Each complement of a verb is a possible content: clauses, objects, prepositional objects,
    the passive subject, and the clause the verb interrupts."""
    out: list[Span] = []
    for c in tok.children:
        if c.dep_ in _CONTENT_DEPS:
            span = _subtree(c)
        elif c.dep_ in ("prep", "dative") and c.i > tok.i:
            span = _object_of(c)
        else:
            continue
        if span is not None:
            out.append(span)
    # all the complements together ("described the push as nearly impossible", "called it a
    # hoax"): from the first to the last, when there are several
    after = [c for c in tok.children if c.i > tok.i and c.dep_ in _CONTENT_DEPS | {"prep", "dative"}]
    if len(after) >= 2 and after[0].dep_ in _RECIPIENT_DEPS and after[1].dep_ != "prep" and _recipient(tok) is not None:
        # "told the SBU (that) they were ...": who was told is not what was said ("reminded
        # voters of his record" may be)
        after = after[1:]
    if len(after) >= 2:
        span = _span(tok.doc, after[0].left_edge.i, after[-1].right_edge.i)
        if span is not None:
            out.append(span)
    out.extend(_inverted_content(tok))
    return out


def _noun_options(tok: Token) -> list[tuple[Span, Span | None]]:
    """Nominal cues ("the NIS's assessment that ...", "a plan to ...", "criticism of X")."""
    owners = [c for c in tok.children if c.dep_ == "poss"]
    sources = [_subtree(owners[0]) if owners else None]
    # or the agent a preposition names: "warnings from his attorney", "a decision by the FBI"
    sources += [_object_of(c) for c in tok.children if c.dep_ == "prep" and c.lower_ in ("from", "by") and c.i > tok.i]
    if not owners and tok.dep_ in ("dobj", "attr", "nsubjpass") and tok.head.pos_ in ("VERB", "AUX"):
        # a noun under a light verb ("Trump made the comments about ...", "she voiced
        # criticism of ...", "they have the idea that ..."): its subject may be the source
        verb_source = find_source(tok.head)
        if verb_source is not None:
            sources.append(verb_source)
    spans = _complements(tok, _NOUN_CONTENT_DEPS, _NOUN_PREPS, after=True)
    return [(span, source) for span in spans for source in sources]


# what an adjective of stance takes: "skeptical that ...", "concerned about ...", "eager to ..."
_ADJ_CONTENT_DEPS = frozenset({"ccomp", "xcomp"})
_ADJ_PREPS = frozenset({"about", "at", "of", "over", "with", "that", "on", "by", "to"})


def _adjective_options(tok: Token) -> list[tuple[Span, Span | None]]:
    """A predicate adjective with a complement ("Ayres is skeptical that Trump can ...", "she
    was concerned about her daughter", "officials were eager to show ..."): its clause or its
    prepositional object is the content, the subject of its copula the source."""
    if tok.dep_ != "acomp" or tok.head.pos_ not in ("AUX", "VERB"):
        return []
    spans = _complements(tok, _ADJ_CONTENT_DEPS, _ADJ_PREPS, after=False)
    if not spans:
        return []
    source = find_source(tok.head)
    return [(span, source) for span in spans]


@dataclass(frozen=True)
class DocView:
    """What every step of the scorer reads from one Doc, built once: its text (Doc.text
    joins every token on each call), its quotes, and its tokens, in order and by character
    offset (spaCy builds a new Token object on every access to one)."""

    text: str
    quotes: list[Quote]
    quote_starts: list[int]
    tokens: list[Token]
    token_starts: list[int]
    heads: list[int]
    # the token tagger's probabilities (`whosaid.pipeline.tagger`), when there is one for this
    # pipeline's vectors
    tags: Tags | None = None

    @classmethod
    def of(cls, doc: Doc, tagger: TokenTagger | None = None, tags: np.ndarray | None = None) -> DocView:
        """The view of `doc`, with the tags `tagger` gives it (or `tags` as given)."""
        text = text_of(doc)
        quotes = find_quotes(text)
        tokens = list(doc)
        starts = [t.idx for t in tokens]
        if tags is None and tagger is not None:
            tags = tagger(doc)
        read = Tags.of(doc, tags) if tags is not None else None
        return cls(text, quotes, [q.start for q in quotes], tokens, starts, [t.head.i for t in tokens], read)


def candidates(
    doc: Doc, settings: Settings = DEFAULTS, view: DocView | None = None
) -> tuple[list[Attribution], list[Attribution]]:
    """Every attribution the parse supports: those the rule finder builds with the lexicon
    opened to all content verbs, and the other complements of every verb and noun."""
    view = view or DocView.of(doc)
    finder = AttributionFinder(settings, cues=OpenCues(lexicons.cues()), permissive=True)
    ruled = finder.predict(doc, view.text, view.quotes)
    regions = doc._.regions or []
    # a complement that is a ruled content but for its edge punctuation (a quote read as a
    # clause, without its closing comma) would only repeat it as another kind
    seen = {(a.cue.start, *_core(a.content)) for a in ruled}
    # (with the source each is ruled with: a noun's owner is another possible source of it,
    # "Tulsa police's earlier claim that …" where the rules found none)
    ruled_sources = {(a.cue.start, *_core(a.content), a.source) for a in ruled}
    offered: set[tuple[int, int, int, Span | None]] = set()
    extra: list[Attribution] = []
    for tok in doc:
        if _in_regions(tok.idx, regions):
            continue
        options: list[tuple[Span, Span | None]] = []
        if tok.pos_ == "VERB" and tok.lemma_.lower() not in _FUNCTION_LEMMAS:
            contents = _verb_contents(tok)
            if contents:  # the other sources only for a verb that has something to report
                source = find_source(tok)
                sources = [source, *source_alternatives(tok, source)]
                options = [(c, s) for c in contents for s in sources]
        elif tok.pos_ == "NOUN":
            options = _noun_options(tok)
        elif tok.pos_ == "ADJ":
            options = _adjective_options(tok)
        if not options:
            continue
        cue = _cue_span(tok)
        for whole, source in options:
            content = beyond_cue(doc, whole, cue)
            if content is None:
                continue
            key = (cue.start, content.start, content.end)
            core = (cue.start, *_core(content))
            new_source = tok.pos_ == "NOUN" and source is not None and (*core, source) not in ruled_sources
            if (core in seen and not new_source) or (*key, source) in offered or content.overlaps(cue):
                continue
            offered.add((*key, source))
            extra.append(Attribution(cue=cue, content=content, source=source, kind="indirect"))
    # the lines a short run of words labels with a colon that the rules do not take for names,
    # and the quotes a name introduces with a colon within a line
    ruled_lines = {(a.cue.start, a.content.start) for a in ruled if a.kind == "direct"}
    for line in [*_colon_lines(doc, view.text, [], regions, lax=True), *_colon_quotes(view, regions)]:
        if (line.cue.start, line.content.start) not in ruled_lines:
            ruled_lines.add((line.cue.start, line.content.start))
            extra.append(line)
    # a clause a preposition frames as someone's view or finding ("In a CNN poll, Clinton led
    # …", "For most Democrats, the Clinton years remain …", "To Frank, issues …")
    for at in _preposition_frames(doc, regions):
        if (at.cue.start, *_core(at.content)) not in seen:
            extra.append(at)
    # a ruled report's other possible sources, where the parse leaves doubt
    for at in ruled:
        if at.kind not in ("direct", "indirect"):
            continue
        verb = next((t for t in _span_tokens(view, at.cue) if t.pos_ == "VERB"), None)
        if verb is None:
            continue
        for source in source_alternatives(verb, at.source):
            extra.append(replace(at, source=source, relayed_by=None))
    return ruled, extra


# the prepositions that can frame a clause as a voice's ("To Frank, …") or a poll's ("In a CNN
# poll, …"), and the entity types of an object that only sets a time or an amount
_FRAMING_PREPS = frozenset({"in", "for", "to", "under", "by"})
_SETTING_TYPES = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"})


def _preposition_frames(doc: Doc, regions: list[Region]) -> list[Attribution]:
    """A prepositional phrase that opens its clause before the main verb frames the rest of the
    clause, which PolNeAR reads as a report when the phrase names a voice or a poll: the
    preposition is the cue, its object the source, the clause without it the content. Not
    when the object is a date, a time or a number ("In 2012, …")."""
    out: list[Attribution] = []
    for tok in doc:
        if tok.dep_ != "prep" or tok.lower_ not in _FRAMING_PREPS or _in_regions(tok.idx, regions):
            continue
        verb = tok.head
        if verb.dep_ not in ("ROOT", "conj", "ccomp") or verb.pos_ not in ("VERB", "AUX") or verb.i < tok.i:
            continue
        if any(t.i < tok.i and not (t.is_punct or t.pos_ in ("CCONJ", "ADV")) for t in verb.subtree):
            continue  # the phrase does not open the clause
        obj = next((c for c in tok.children if c.dep_ == "pobj"), None)
        if obj is None or obj.ent_type_ in _SETTING_TYPES or obj.pos_ == "NUM":
            continue
        source = _subtree(obj)
        content = _span(doc, tok.right_edge.i + 1, verb.right_edge.i)
        if source is None or content is None:
            continue
        cue = Span(tok.idx, tok.idx + len(tok), tok.text)
        out.append(Attribution(cue=cue, content=content, source=source, kind="indirect"))
    return out


# the words of a name or a noun phrase that labels a quote ("Mark Blumenthal and Jon Cohen:")
_LABEL_POS = _NAME_RUN_POS | {"CCONJ"}


def _colon_quotes(view: DocView, regions: list[Region]) -> list[Attribution]:
    """Quotes a noun phrase introduces with a colon and nothing else ("… doesn't surprise
    Republican pollster Daron Shaw: “Historically, …”", "Pollsters agree - Carl Bialik: “One
    …”"): the colon is the cue, the run of up to nine name words before it the source."""
    out: list[Attribution] = []
    text, tokens = view.text, view.tokens
    for q in view.quotes:
        at = q.start - 1  # the colon's offset, past the spaces before the quote
        while at >= 0 and text[at] == " ":
            at -= 1
        if at < 0 or text[at] != ":" or _in_regions(q.start, regions):
            continue
        colon = bisect_left(view.token_starts, at)
        if colon == len(tokens) or view.token_starts[colon] != at or colon == 0:
            continue
        last = colon - 1
        if tokens[last].pos_ not in ("PROPN", "NOUN"):
            continue
        first = last
        while (
            first > last - 8
            and first > 0
            and tokens[first - 1].pos_ in _LABEL_POS
            and "\n" not in tokens[first - 1].text
        ):
            first -= 1
        while tokens[first].pos_ == "CCONJ":
            first += 1
        source = _span(tokens[0].doc, first, last)
        content = Span.of(text, q.inner_start, q.inner_end)
        if source is not None and content.text.strip():
            cue = Span.of(text, at, at + 1)
            out.append(Attribution(cue=cue, content=content, source=source, kind="direct"))
    return out


_EDGES = " \t\n,.;:!?\"'“”‘’«»"


def _core(span: Span) -> tuple[int, int]:
    """A span's offsets without the punctuation and quotation marks at its edges."""
    lead = len(span.text) - len(span.text.lstrip(_EDGES))
    return span.start + lead, span.start + len(span.text.rstrip(_EDGES))


def _bucket(n: int) -> str:
    return str(min(int(math.log2(n + 1)), 6))


def _span_tokens(view: DocView, span: Span) -> list[Token]:
    """The tokens from the one that starts the span to the last that starts inside it (none
    when no token starts where the span does)."""
    first = bisect_left(view.token_starts, span.start)
    if first == len(view.tokens) or view.token_starts[first] != span.start:
        return []
    return view.tokens[first : bisect_left(view.token_starts, span.end, lo=first)]


def _tops(view: DocView, tokens: list[Token]) -> list[Token]:
    """The tokens of a run (as `_span_tokens` gives it) whose head lies outside it, or that
    head the sentence."""
    if not tokens:
        return []
    lo, hi, heads = tokens[0].i, tokens[-1].i + 1, view.heads
    return [t for t in tokens if not lo <= heads[t.i] < hi or heads[t.i] == t.i]


def _root(view: DocView, tokens: list[Token]) -> Token | None:
    tops = _tops(view, tokens)
    return tops[0] if tops else None


def _quote_place(view: DocView, start: int, end: int) -> str:
    """Where a content stands to the quotes: a whole quote, inside one, holding a quote mark (a
    clause of the narrative that runs into a quote: "X suggested ... - “…,” X said"), or none."""
    k = bisect_right(view.quote_starts, start) - 1
    if k >= 0:
        q = view.quotes[k]
        if q.inner_start <= start and end <= q.end:
            return "whole" if start == q.inner_start else "inside"
        if start < q.end - 1 < end:
            return "straddles"
    if k + 1 < len(view.quotes) and view.quotes[k + 1].start < end:
        return "straddles"
    return "none"


# what a candidate's cue decides, shared by the candidates of one cue, kind and sourcing
_CueFeatures = tuple[list[str], Token | None, str, lexicons.Cue | None]


def _cue_features(doc: Doc, at: Attribution, view: DocView, known: Mapping[str, lexicons.Cue]) -> _CueFeatures:
    """What the cue says of a candidate: its word, its place in the parse, and (for a noun)
    where its source comes from. The same for every candidate of one cue, kind and sourcing."""
    f: list[str] = []
    cue = cue_word(_span_tokens(view, at.cue))
    lemma = cue.lemma_.lower() if cue is not None else at.cue.text
    entry = known.get(lemma)
    f += [f"lem={lemma}", f"lex={entry is not None}", f"stance={entry.stance if entry else '-'}"]
    f.append(f"kind|lem={at.kind}|{lemma}")
    if cue is not None:
        f += [f"pos={cue.pos_}", f"tag={cue.tag_}", f"dep={cue.dep_}", f"lem|tag={lemma}|{cue.tag_}"]
        f.append(f"hdep={cue.head.dep_}" if cue.head.i != cue.i else "hdep=ROOT")
        f.append(f"hpos={cue.head.pos_}")
        f.append(f"lem|dep={lemma}|{cue.dep_}")
        deps = sorted({c.dep_ for c in cue.children})
        f += [f"cdep={d}" for d in deps]
        f += [f"lem|cdep={lemma}|{d}" for d in deps if d in ("ccomp", "xcomp", "dobj", "prep", "dative", "nsubjpass")]
        # what a light verb does: "made the following comment", "issued a statement"
        obj = next((c.lemma_.lower() for c in cue.children if c.dep_ == "dobj"), None)
        if obj is not None:
            f += [f"obj={obj}", f"kind|obj={at.kind}|{obj}"]
        if any(c.dep_ == "neg" for c in cue.children):
            f.append("neg")
        aux = [c.lower_ for c in cue.children if c.dep_ in ("aux", "auxpass")]
        f += [f"aux={a}" for a in aux]
        if cue.is_title and cue.i > 0 and doc[cue.i - 1].is_sent_start is not True:
            f.append("cue_titlecase")
        if cue.pos_ == "NOUN":
            # a nominal cue: the verb it hangs from ("made comments", "faced criticism") and
            # whether its source is its owner or that verb's subject
            owned = any(c.dep_ == "poss" for c in cue.children)
            origin = "owner" if owned else ("verb" if at.source is not None else "none")
            f += [
                f"nhead={cue.head.lemma_.lower()}",
                f"nsrc={origin}",
                f"nhead|nsrc={cue.head.lemma_.lower()}|{origin}",
            ]
    return f, cue, lemma, entry


def _source_relation(root: Token, cue: Token) -> str:
    """How a source's head stands to its cue in the parse: the cue's own subject, the subject of
    a clause above it, the noun it modifies, or none of these (a mention the parse did not link)."""
    if root.head.i == cue.i and root.i != cue.i:
        return "child:" + root.dep_
    if cue.head.i == root.i:
        return "head"
    for hops, above in enumerate(cue.ancestors, 1):
        if root.head.i == above.i:
            return f"up{min(hops, 3)}:{root.dep_}"
        if hops >= 6:
            break
    return "loose"


def features(
    doc: Doc,
    at: Attribution,
    view: DocView,
    known: Mapping[str, lexicons.Cue],
    ruled: bool,
    cue_cache: dict[tuple[int, int, str, bool], _CueFeatures] | None = None,
) -> list[str]:
    """Sparse binary features of one candidate attribution. `cue_cache` keeps what the cue
    alone decides, for the document's other candidates with the same cue."""
    key = (at.cue.start, at.cue.end, at.kind, at.source is None)
    cached = cue_cache.get(key) if cue_cache is not None else None
    if cached is None:
        cached = _cue_features(doc, at, view, known)
        if cue_cache is not None:
            cue_cache[key] = cached
    cue_feats, cue, lemma, entry = cached
    f = [f"kind={at.kind}", f"ruled={ruled}", *cue_feats]
    # content
    content_tokens = _span_tokens(view, at.content)
    n = sum(len(_span_tokens(view, c)) for c in at.contents)
    f += [f"clen={_bucket(n)}", f"pieces={min(len(at.contents), 3)}"]
    f.append(f"kind|clen={at.kind}|{_bucket(n)}")
    if content_tokens:
        first = content_tokens[0].lower_
        f.append(f"cfirst={first if first in _LEAD_WORDS else content_tokens[0].pos_}")
        top_tokens = _tops(view, content_tokens)
        tops = len(top_tokens)
        f += [f"tops={min(tops, 3)}", f"lem|tops={lemma}|{min(tops, 3)}"]
        root = top_tokens[0] if top_tokens else None
        if root is not None:
            rel = "cue" if cue is not None and root.head.i == cue.i else ("self" if root.head.i == root.i else "other")
            f += [f"cdep_root={root.dep_}|{rel}", f"lem|croot={lemma}|{root.dep_}", f"croot_pos={root.pos_}"]
            if any(c.dep_ in _SUBJECTS for c in root.children):
                f.append("content_has_subject")
            f.append(f"croot_tag={root.tag_}")
        after = at.content.start >= at.cue.end
        f.append(f"content_after={after}")
        gap = abs((content_tokens[0].i if after else content_tokens[-1].i) - (cue.i if cue is not None else 0))
        f.append(f"gap={_bucket(gap)}")
        if any(ch in at.content.text for ch in '"“”') or "''" in at.content.text:
            f.append("content_quote")
        place = _quote_place(view, at.content.start, at.content.end)
        f += [f"cquote={place}", f"kind|cquote={at.kind}|{place}"]
    # source
    if at.source is None:
        f += ["src=none", f"lem|src={lemma}|none"]
    else:
        src = _span_tokens(view, at.source)
        root = _root(view, src)
        if root is None:
            kind = "odd"
        elif root.lower_ in ("who", "which", "that"):
            kind = "relative"
        elif root.pos_ == "PRON":
            kind = "pron_" + root.lower_
        else:
            kind = root.pos_ + ("_" + root.ent_type_ if root.ent_type_ else "")
        f += [f"src={kind}", f"lem|src={lemma}|{kind}", f"slen={_bucket(len(src))}"]
        if root is not None and cue is not None:
            rel = _source_relation(root, cue)
            f += [f"srel={rel}", f"kind|srel={at.kind}|{rel}", f"lem|srel={lemma}|{rel}"]
        if root is not None and root.pos_ == "NOUN":
            f.append(f"src_noun={root.lemma_.lower()}")
    if at.recipient is not None:
        f.append("recipient")
    if at.relayed_by is not None:
        f += ["relayed", f"relayed|lex={entry is not None}", f"relayed|stance={entry.stance if entry else '-'}"]
    if view.tags is not None:
        source = _span_tokens(view, at.source) if at.source is not None else None
        for name, value in evidence(view.tags, _span_tokens(view, at.cue), content_tokens, source):
            f += [f"{name}=none"] if value is None else _at_least(name, value, 10)
    return f


def sparse_rows(columns: Mapping[str, int], rows: Sequence[list[str]]) -> Any:
    """Rows of feature names as a sparse 0/1 matrix (scipy CSR), one column a known name."""
    from scipy.sparse import csr_matrix

    indices: list[int] = []
    indptr = [0]
    for feats in rows:
        indices.extend(sorted({i for i in map(columns.get, feats) if i is not None}))
        indptr.append(len(indices))
    data = np.ones(len(indices), dtype=np.float32)
    return csr_matrix((data, indices, indptr), shape=(len(rows), len(columns)))


class TreeModel:
    """Gradient-boosted trees (LightGBM) over sparse binary features, each a column by name.
    They judge only what the first model leaves in doubt: the candidates it gives `floor` or
    more (about one in four), which keeps their cost small next to the parse."""

    def __init__(self, booster: Any, columns: Sequence[str], floor: float) -> None:
        self.booster = booster
        self.columns = {name: i for i, name in enumerate(columns)}
        self.floor = floor

    def predictions(self, rows: list[list[str]], first: list[float]) -> list[float]:
        """Each candidate's probability: the trees' for those the first model gives `floor` or
        more, whose `rows` (their features, in order) are given; the first model's for the
        others (they are below any threshold)."""
        out = list(first)
        doubtful = [i for i, p in enumerate(first) if p >= self.floor]
        if doubtful:
            x = sparse_rows(self.columns, rows)
            for i, p in zip(doubtful, self.booster.predict(x, num_threads=1), strict=True):
                out[i] = float(p)
        return out


@dataclass(frozen=True)
class ScorerModel:
    """A logistic model over sparse features, and optionally a second look (`second`):
    gradient-boosted trees over the same features and what the first's probabilities say of
    the document's other candidates (`second_look`), trained on the first's cross-validated
    probabilities."""

    weights: Mapping[str, float]
    bias: float
    threshold: float
    second: TreeModel | None = None
    tagger: TokenTagger | None = None  # its tags are features of the candidates

    def probability(self, feats: list[str]) -> float:
        z = self.bias + sum(map(self.weights.get, feats, repeat(0.0)))
        return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))

    def probabilities(self, described: list[Described]) -> list[float]:
        """The probability of each of one document's candidates."""
        return self.looks(described)[1]

    def looks(self, described: list[Described]) -> tuple[list[float], list[float]]:
        """The first model's probability of each of one document's candidates, and the final one
        (the second look's, when there is one)."""
        first = [self.probability(one.features) for one in described]
        if self.second is None:
            return first, first
        floor = self.second.floor
        looks = second_look(described, first, floor)
        rows = [one.features + look for one, look, p in zip(described, looks, first, strict=True) if p >= floor]
        return first, self.second.predictions(rows, first)


def _model(data: Mapping[str, object]) -> ScorerModel:
    second = data.get("second")
    looked: TreeModel | None = None
    if isinstance(second, dict):
        import lightgbm

        text = resources.files("whosaid.models").joinpath(second["trees"]).read_text(encoding="utf-8")
        looked = TreeModel(lightgbm.Booster(model_str=text), second["columns"], float(second["floor"]))
    tagger = data.get("tagger")
    return ScorerModel(
        data["weights"],  # type: ignore[arg-type]
        float(data["bias"]),  # type: ignore[arg-type]
        float(data.get("threshold", 0.5)),  # type: ignore[arg-type]
        looked,
        shipped_tagger(tagger["file"]) if isinstance(tagger, dict) else None,
    )


@lru_cache(maxsize=1)
def shipped_model() -> ScorerModel:
    return _model(json.loads(resources.files("whosaid.models").joinpath(MODEL_FILE).read_text(encoding="utf-8")))


@dataclass(frozen=True)
class Scored:
    attribution: Attribution
    probability: float
    # proposed by the rules with the curated lexicon, as the rules alone would
    curated: bool
    # for a curated proposal the rules decide, not the model: the model has no weight for its
    # cue's lemma in this kind of attribution (a pull quote's dash, a rare lexicon verb), or it
    # is a line of a transcript (one of two or more lines of the document a name labels)
    rules_decide: bool = False
    # the first model's probability, before the second look weighed the document's other
    # candidates (which learned PolNeAR's habit of annotating one of two nested reports)
    first_look: float | None = None


@dataclass(frozen=True)
class Described:
    """A candidate as the model sees it: its features, and whether the curated rules propose it."""

    attribution: Attribution
    features: list[str]
    curated: bool

    @cached_property
    def place(self) -> _Place:
        """Where it lies, as plain offsets: read by the context features and the second look."""
        return _Place.of(self.attribution)


# what a frame holds besides its verb ("Mook further asserted", "May said this week")
_FRAME_DEPS = frozenset({"nsubj", "aux", "neg", "advmod", "punct"})
_TRAILING = frozenset({"npadvmod", "advmod", "punct"})


def _is_frame(view: DocView, at: Attribution, known: Mapping[str, lexicons.Cue]) -> bool:
    """The content is the frame of another report, not what was reported: a verb of saying with
    its subject, ending the content with nothing it says ("“…,” Megan Hester said" offered as
    what parents want; "Polls showed" as what few Americans thought). A quote is never one."""
    if at.kind != "indirect":
        return False
    tokens = _span_tokens(view, at.content)
    root = _root(view, tokens)
    if root is None or root.pos_ != "VERB":
        return False
    entry = known.get(root.lemma_.lower())
    if entry is None or "c" not in entry.frames or entry.stance not in ("assert", "claim"):
        return False
    lo, hi = tokens[0].i, tokens[-1].i + 1
    inside = [c for c in root.children if lo <= c.i < hi]
    return any(c.dep_ == "nsubj" for c in inside) and all(
        c.dep_ in _FRAME_DEPS or (c.i > root.i and c.dep_ in _TRAILING) for c in inside
    )


# those a speaker tells things to, when not named: "told reporters", "assured supporters"
_AUDIENCES = frozenset(
    {"reporter", "journalist", "audience", "crowd", "supporter", "voter", "listener", "viewer", "lawmaker", "official"}
)


def _to_the_addressee(view: DocView, at: Attribution) -> bool:
    """The content is whom the cue addresses, not what it says: "Warren told Stumpf",
    "Renteria told reporters during Tuesday's conference call" (but "warned the FBI to boost
    security" says something)."""
    cue = next((t for t in _span_tokens(view, at.cue) if t.pos_ == "VERB"), None)
    recipient = _recipient(cue) if cue is not None else None
    if recipient is None or at.content.start != recipient.start:
        return False
    tokens = _span_tokens(view, at.content)
    whom = _tops(view, tokens)[0]
    person = whom.pos_ in ("PRON", "PROPN") or whom.ent_type_ in _NAMED or whom.lemma_.lower() in _AUDIENCES
    # "reminded Trump of the actions ...", "told Clinton at a debate that ...": it says something
    says = any(t.pos_ in ("VERB", "AUX") or t.lower_ in _NOUN_PREPS for t in tokens)
    return person and not says


def describe(doc: Doc, settings: Settings = DEFAULTS, view: DocView | None = None) -> list[Described]:
    """Every candidate (but quote paragraphs, which follow from what is kept) with its features."""
    known = lexicons.cues()
    view = view or DocView.of(doc)
    quotes = view.quotes
    ruled, extra = candidates(doc, settings, view)
    out = []
    cue_cache: dict[tuple[int, int, str, bool], _CueFeatures] = {}
    for group, is_ruled in ((ruled, True), (extra, False)):
        for at in group:
            if at.kind == "quote_paragraph" or _is_frame(view, at, known) or _to_the_addressee(view, at):
                continue
            feats = features(doc, at, view, known, is_ruled, cue_cache)
            # the rules' own proposals: a cue from the curated lexicon, or a quote credited by
            # layout (a transcript line's colon, a pull quote's dash; a quoted transcript line
            # holds its own colon)
            credited = at.kind == "direct" and at.cue.text.strip() in LAYOUT_CUES
            curated = (
                is_ruled
                and ("lex=True" in feats or credited)
                and (at.source is None or at.source.text.lower() not in _PERSONAL)
                and (credited or not _quoted(quotes, at.cue.start))
            )
            out.append(Described(at, feats, curated))
    for one, more in zip(out, _context(out, view), strict=True):
        one.features.extend(more)
    return out


@dataclass(frozen=True)
class _Place:
    """Where one candidate lies, as plain offsets: its cue, its content's pieces, their extent
    and size."""

    cue: tuple[int, int]
    pieces: tuple[tuple[int, int], ...]
    lo: int
    hi: int
    size: int

    @classmethod
    def of(cls, at: Attribution) -> _Place:
        pieces = tuple((c.start, c.end) for c in at.contents)
        return cls(
            (at.cue.start, at.cue.end),
            pieces,
            min(p[0] for p in pieces),
            max(p[1] for p in pieces),
            sum(p[1] - p[0] for p in pieces),
        )

    def restates(self, other: _Place) -> bool:
        """Whether the two contents are mostly the same characters: Dice overlap >= 0.5."""
        if other.lo >= self.hi or self.lo >= other.hi:
            return False
        shared = sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in self.pieces for s2, e2 in other.pieces)
        return 2 * shared >= 0.5 * (self.size + other.size)


def _cues_within(place: _Place, cues: list[tuple[int, int]], starts: list[int]) -> Iterator[tuple[int, int]]:
    """The cues of `cues` (sorted, with their `starts`) that the pieces of a content hold, but
    its own: by bisection, not by a look at each."""
    for start, end in place.pieces:
        for k in range(bisect_left(starts, start), bisect_left(starts, end)):
            if cues[k][1] <= end and cues[k] != place.cue:
                yield cues[k]


def _context(described: list[Described], view: DocView) -> list[list[str]]:
    """What a candidate is among the document's others: how many its cue has and whether it is
    their longest or shortest, whether the curated rules chose its cue (and it), whether its cue
    stands inside the content of a curated report of another cue (a nested report: PolNeAR
    annotates one of the two) or its content holds one, and whether its cue is quoted."""
    places = [one.place for one in described]
    by_cue: dict[tuple[int, int], list[int]] = {}
    for i, place in enumerate(places):
        by_cue.setdefault(place.cue, []).append(i)
    curated = [(places[i], one.attribution.kind) for i, one in enumerate(described) if one.curated]
    curated_cues = sorted({place.cue for place, _ in curated})
    curated_starts = [cue[0] for cue in curated_cues]
    # what the cue alone decides: how many candidates it has, the kind of the first curated
    # report around it, whether it is quoted
    cue_keys = sorted(by_cue)
    cue_starts = [key[0] for key in cue_keys]
    outer_kind: dict[tuple[int, int], str] = {}  # of the first curated report around a cue
    for place, kind in curated:
        for key in _cues_within(place, cue_keys, cue_starts):
            outer_kind.setdefault(key, kind)
    per_cue: dict[tuple[int, int], list[str]] = {}
    for key, group in by_cue.items():
        f = [f"ncand={_bucket(len(group))}"]
        outer = outer_kind.get(key)
        if outer is not None:
            f += ["cue_in_report", f"cue_in_report|{outer}"]
        if _quoted(view.quotes, key[0]):
            f.append("cue_quoted")
        per_cue[key] = f
    out = []
    for i, one in enumerate(described):
        place, kind = places[i], one.attribution.kind
        group = by_cue[place.cue]
        f = [*per_cue[place.cue], f"curated={one.curated}"]
        if "cue_quoted" in f:
            f.append(f"cue_quoted|{kind}")
        if len(group) > 1:
            sizes = [places[j].size for j in group]
            f.append("longest" if place.size == max(sizes) else "shortest" if place.size == min(sizes) else "midlen")
        if any(described[j].curated for j in group):
            f.append(f"cue_curated|me={one.curated}")
        if next(_cues_within(place, curated_cues, curated_starts), None) is not None:
            f += ["holds_report", f"holds_report|{kind}"]
        out.append(f)
    return out


def _level(p: float, steps: int) -> int:
    return min(int(p * steps), steps - 1)


def _at_least(name: str, q: float, steps: int) -> list[str]:
    """A value in [0, 1) as the steps it reaches ("p1>=1" ... "p1>=7" for 0.37 in 20 steps): a
    tree splits it at any of them with one feature, where one-hot levels need several."""
    return list(_steps(name, _level(max(q, 0.0), steps)))


@lru_cache(maxsize=4096)
def _steps(name: str, level: int) -> tuple[str, ...]:
    return tuple(f"{name}>={k}" for k in range(1, level + 1))


def second_look(described: list[Described], first: list[float], floor: float = 0.0) -> list[list[str]]:
    """What the first model's probabilities say of each candidate among the document's others:
    how likely it is, whether it is its cue's likeliest (or how far behind), and how likely the
    likeliest other report is whose content holds its cue ("outer"), whose cue its content
    holds ("inner"), or that claims mostly the same content ("same"), and by how much that one
    is likelier or less likely than it, so that the model may learn which of two nested reports
    wins. Each value is written as the steps it reaches (`_at_least`). Nothing (an empty
    list) for a candidate the first model gives less than `floor`: the second look never
    reads it, though it counts among the others."""
    places = [one.place for one in described]
    best: dict[tuple[int, int], int] = {}
    for i, place in enumerate(places):
        if place.cue not in best or first[i] > first[best[place.cue]]:
            best[place.cue] = i
    strong = sorted(((places[i], first[i]) for i in best.values() if first[i] >= 0.1), key=lambda s: s[0].cue)
    sorted_keys = sorted(best)
    key_starts = [key[0] for key in sorted_keys]
    strong_cues = [other.cue for other, _ in strong]
    strong_starts = [cue[0] for cue in strong_cues]
    strength = {other.cue: q for other, q in strong}
    by_extent = sorted(strong, key=lambda s: s[0].lo)
    extent_starts = [other.lo for other, _ in by_extent]
    reach = max((other.hi - other.lo for other, _ in strong), default=0)
    around = dict.fromkeys(best, 0.0)
    for other, q in strong:
        for key in _cues_within(other, sorted_keys, key_starts):
            around[key] = max(around[key], q)
    out: list[list[str]] = []
    for i, place in enumerate(places):
        p, lead = first[i], best[place.cue]
        if p < floor:
            out.append([])
            continue
        f = _at_least("p1", p, 20) + (["best_of_cue"] if lead == i else _at_least("behind", first[lead] - p, 10))
        inner = max((strength[cue] for cue in _cues_within(place, strong_cues, strong_starts)), default=0.0)
        same = 0.0
        # only a content that overlaps this one can restate it: those starting before it ends
        # and no further before it starts than the longest strong content is long
        for k in range(bisect_left(extent_starts, place.lo - reach), bisect_left(extent_starts, place.hi)):
            other, q = by_extent[k]
            if q > same and other.cue != place.cue and place.restates(other):
                same = q
        for name, q in (("outer", around[place.cue]), ("inner", inner), ("same", same)):
            if q >= 0.1:
                f += [name, *_at_least(name, q, 10)]
                f += _at_least(f"{name}-me", q - p, 10) + _at_least(f"me-{name}", p - q, 10)
        out.append(f)
    return out


def judge(described: list[Described], model: ScorerModel) -> list[Scored]:
    """The described candidates with the model's probabilities, and where the rules decide."""
    out = []
    labels = []
    source_nouns = lexicons.labels()
    firsts, finals = model.looks(described)
    for one, first, probability in zip(described, firsts, finals, strict=True):
        unseen = next(x for x in one.features if x.startswith("kind|lem=")) not in model.weights
        label = _line_label(one.attribution) if one.curated else ""
        # a line a source noun labels ("Police: two hurt in blast"), a headline's convention
        # PolNeAR train hardly holds
        labelled = bool(label) and label.split(" ")[-1].lower() in source_nouns
        out.append(Scored(one.attribution, probability, one.curated, unseen or labelled, first))
        labels.append(label)
    if sum(1 for label in labels if label) < 2:
        return out
    return [replace(one, rules_decide=True) if label else one for one, label in zip(out, labels, strict=True)]


def score_candidates(
    doc: Doc, model: ScorerModel, settings: Settings = DEFAULTS, view: DocView | None = None
) -> list[Scored]:
    """Every candidate (but quote paragraphs, which follow from what is kept) with its probability.
    A `view` made here carries the model's tags; one given should (`DocView.of(doc, model.tagger)`)."""
    return judge(describe(doc, settings, view or DocView.of(doc, model.tagger)), model)


def _introduces(view: DocView, at: Attribution) -> bool:
    return introduces_speaker(at, _span_tokens(view, at.cue), _span_tokens(view, at.source) if at.source else [])


# the least first-model probability of a report that a colon lets introduce a quote paragraph
_COLON_FLOOR = 0.05


# a colon that ends its line: the newline's offset is the paragraph's end
_COLON_AT_LINE_END = re.compile(r":[^\S\n]*\n")


def _colon_introductions(view: DocView, found: list[Scored], voices: list[Attribution]) -> list[Attribution]:
    """Reports the model did not keep that end their paragraph with a colon ("Sanders made the
    following comment:"): the layout says they introduce what follows, so each such paragraph
    lends its likeliest candidate that can introduce a speaker (`introduces_speaker`) to the
    quote paragraphs after it, unless a kept voice stands in that paragraph already."""
    text = view.text
    # where each colon-ended paragraph ends (its line break), and where its colon stands
    colons = {m.end() - 1: m.start() for m in _COLON_AT_LINE_END.finditer(text)}
    if not colons:
        return []
    voiced = {text.find("\n", at.cue.end) for at in voices}
    best: dict[int, tuple[float, Attribution]] = {}
    for one in found:
        at = one.attribution
        prob = one.first_look if one.first_look is not None else one.probability
        if at.kind != "indirect" or prob < _COLON_FLOOR:
            continue
        end = text.find("\n", at.cue.end)
        if end in voiced or colons.get(end, -1) < at.cue.end:
            continue  # a kept voice speaks there, or the cue's paragraph does not end in a colon after it
        if (end not in best or prob > best[end][0]) and _introduces(view, at):
            best[end] = (prob, at)
    return [at for _, at in best.values()]


def _line_label(at: Attribution) -> str:
    """The speaker's name of a transcript line ("PENCE: ..."), or "" for anything else."""
    if at.kind != "direct" or at.cue.text != ":" or at.source is None:
        return ""
    return at.source.text.upper()


def _another_voice(a: Attribution, b: Attribution) -> bool:
    """One report nested in the other's content, by a named voice of its own: "the company's
    claim that ... was disputed by regulators", not "he said he expected that ..."."""
    if any(c.contains(b.cue) for c in a.contents):
        a, b = b, a
    elif not any(c.contains(a.cue) for c in b.contents):
        return False
    # a is nested in b's content
    return not _same_voice(a, b)


def _same_voice(inner: Attribution, outer: Attribution) -> bool:
    """Whether a report inside another's content is the outer voice's own ("Stein said she plans
    to ...", "the ministry said the ministry had ..."): its source is absent, a pronoun, or the
    outer source's name again. Only another voice makes a relay."""
    if inner.source is None or outer.source is None:
        return True
    words = inner.source.text.lower().split()
    if len(words) == 1 and words[0] in _PRONOUNS:
        return True
    theirs = outer.source.text.lower().split()
    return words == theirs or words[-1:] == theirs[-1:]


def _drop_restatements(best: dict[tuple[int, int], tuple[float, Attribution]]) -> None:
    """Two cues kept for mostly the same content (Dice overlap of their characters >= 0.5) are
    two readings of one report: keep the likelier. This holds for a report nested in the
    other's content too ("he said he expected that ..."); `select` keeps a curated relay
    afterwards."""
    kept: list[tuple[_Place, Attribution]] = []
    for key, (_, at) in sorted(best.items(), key=lambda kv: -kv[1][0]):
        place = _Place.of(at)
        if any(place.restates(where) and not _another_voice(at, other) for where, other in kept):
            del best[key]
        else:
            kept.append((place, at))


def select(
    doc: Doc, found: list[Scored], threshold: float, settings: Settings = DEFAULTS, view: DocView | None = None
) -> list[Attribution]:
    """The best-scoring content per cue, if it clears the threshold (the lower
    `settings.curated_cue_threshold` for what the curated rules propose, and none where the
    rules decide: see `Scored.rules_decide`); of two cues kept for mostly the same content,
    the likelier (`settings.one_cue_per_content`); curated relays; then the quote paragraphs
    that continue what is kept, and relays linked among the result."""
    best: dict[tuple[int, int], tuple[float, Attribution]] = {}

    def offer(key: tuple[int, int], prob: float, at: Attribution) -> None:
        if key not in best or prob > best[key][0]:
            best[key] = (prob, at)

    for one in found:
        at, prob = one.attribution, one.probability
        if prob >= threshold or (
            one.curated and (one.rules_decide or prob >= min(threshold, settings.curated_cue_threshold))
        ):
            # what the rules decide is certain, as far as the model can tell
            offer((at.cue.start, at.cue.end), 1.0 if one.curated and one.rules_decide else prob, at)
    if settings.one_cue_per_content:
        _drop_restatements(best)
    # A relay ("the police said a witness had revealed that ..."): a curated cue that heads
    # the content of a kept attribution is kept too, and so is any cue there that the first
    # model alone keeps ("the company's claim that ... was disputed by regulators"). PolNeAR
    # splits nested reports apart, so the models learned to doubt them; the ledger needs the chain.
    # Only the report that *is* the outer content (its root verb) counts as relayed, and only
    # when another voice makes it (`_same_voice`): "she said she plans to ..." is one voice.
    view = view or DocView.of(doc)
    heads: dict[int, Attribution] = {}
    for _, kept in best.values():
        root = _root(view, _span_tokens(view, kept.content))
        if root is not None:
            heads[root.idx] = kept
    for one in found:
        at = one.attribution
        key = (at.cue.start, at.cue.end)
        outer = heads.get(at.cue.start)
        alone = one.first_look is not None and one.first_look >= threshold
        doubted = one.first_look is not None and one.first_look < settings.relay_floor
        if settings.keep_relays and (one.curated or alone) and not doubted and key not in best and outer is not None:
            if not _same_voice(at, outer):
                offer(key, one.probability, at)
    out = [replace(at, relayed_by=None) for _, at in best.values()]
    voices = [at for at in out if _introduces(view, at)]
    voices += _colon_introductions(view, found, voices)
    lookback = settings.quote_paragraph_lookback
    out.extend(_quote_paragraphs(view.text, view.quotes, out, doc._.regions or [], lookback, voices))
    out.sort(key=lambda a: (a.cue.start, a.content.start))
    return _link_relays(out)
