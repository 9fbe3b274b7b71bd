"""Stance and hedging: what each cue commits its speaker to, read from the cue lexicon and
the cue's frame (negation, "neither ... nor", future about things, hedge words).

Reads `doc._.attributions` and the parse; sets `stance` and `hedged` on each attribution.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from whosaid import lexicons
from whosaid.pipeline.attributions import HEARSAY, REPORT_NOUNS, answer_after
from whosaid.pipeline.bounds import sentence_start
from whosaid.records import Attribution

_FUTURE = frozenset({"will", "would", "'ll", "shall", "wo"})
# what "declined to ..." / "refused to ..." withholds when it is a non-answer
_WITHHELD = frozenset({"comment", "confirm", "deny", "say", "discuss", "answer", "respond", "elaborate", "specify"})
# verbs whose negation is silence, not a denial: "did not respond", "did not return calls"
_UNANSWERED = _WITHHELD | {"reply", "return"}
_EPISTEMIC = frozenset({"undoubtedly", "likely", "probably", "certainly", "surely", "inevitably", "soon"})


def _cue_token(doc: Doc, at: Attribution) -> Token | None:
    span = doc.char_span(at.cue.start, at.cue.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    cues = lexicons.cues()
    for tok in span:
        if tok.lemma_.lower() in cues:
            return tok
    return span.root


def _negated(tok: Token) -> bool:
    return any(c.dep_ == "neg" or c.lower_ in ("neither", "never") for c in tok.children)


def _withheld(cue: Token) -> bool:
    """The cue is what a refusal or a negated verb governs: "declined to confirm"."""
    head = cue.head
    if cue.dep_ != "xcomp" or head.i == cue.i:
        return False
    entry = lexicons.cues().get(head.lemma_.lower())
    return _negated(head) or (entry is not None and entry.stance == "non_committal")


def _asks_for(cue: Token, preps: frozenset[str]) -> bool:
    """An intention cue used as one: "called for talks", "called on Congress to act"; not
    "called the claim baseless", which characterises."""
    return any(
        c.dep_ == "xcomp" or (c.dep_ in ("prep", "prt") and c.lower_ in preps | {"on", "upon"}) for c in cue.children
    )


def _is_prediction(doc: Doc, at: Attribution) -> bool:
    """A future about things, not a commitment by a named agent: "there would be more"."""
    content = doc.char_span(at.content.start, at.content.end, alignment_mode="expand")
    if content is None or len(content) == 0:
        return False
    root = content.root
    if not any(c.lower_ in _FUTURE for c in root.children if c.dep_ == "aux"):
        return False
    subjects = [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass", "expl")]
    if any(c.lower_ in _EPISTEMIC for c in content):
        return True
    return bool(subjects) and all(s.dep_ == "expl" or s.pos_ == "NOUN" for s in subjects)


def _hedged(doc: Doc, at: Attribution, cue: Token | None) -> bool:
    hedges = lexicons.hedges()
    words: list[Token] = []
    if cue is not None:
        words.extend(cue.children)
        words.append(cue)
    content = doc.char_span(at.content.start, at.content.end, alignment_mode="expand")
    if content is not None and len(content):
        words.extend(content.root.children)
    lowers = {w.lower_ for w in words}
    for hedge in hedges:
        if len(hedge) == 1 and hedge[0] in lowers:
            return True
        if len(hedge) > 1 and content is not None:
            seq = [t.lower_ for t in content]
            n = len(hedge)
            if any(tuple(seq[i : i + n]) == hedge for i in range(len(seq) - n + 1)):
                return True
    return False


_CHECKS = frozenset({"verify", "confirm", "corroborate"})


def _unverified(doc: Doc, at: Attribution) -> bool:
    """The sentence goes on to say the report could not be checked: "…, a claim that could not
    be independently verified", "…, which Reuters could not confirm". The writer does not vouch."""
    after = answer_after(doc, at.content)
    if after is None:
        return False
    verb, tail = after
    negated = any(t.dep_ == "neg" or t.lower_ in ("not", "n't", "never") for t in tail)
    return verb.lemma_.lower() in _CHECKS and negated


def stance_of(doc: Doc, at: Attribution) -> tuple[str, bool]:
    cue = _cue_token(doc, at)
    stance = "assert"
    if cue is not None and cue.lower_ in HEARSAY:
        stance = "claim"  # "reportedly": someone unnamed claims it
    elif cue is not None and at.kind not in ("according_to", "quote_paragraph"):
        # (a Title Case headline's "Denies", tagged a proper noun, is its own lemma)
        entry = lexicons.cues().get(cue.lemma_.lower()) or lexicons.present_cue(cue.text)
        if entry is not None:
            stance = entry.stance
            if stance == "intend" and entry.preps and not _asks_for(cue, entry.preps):
                stance = "assert"  # "called it baseless propaganda" names, "called for talks" asks
        cue_words = at.cue.text.lower().split()
        if "neither" in cue_words or "nor" in cue_words:
            stance = "non_committal"
        elif _negated(cue) and cue.lemma_.lower() in _UNANSWERED:
            # "did not respond to a request for comment", "did not say whether": no answer,
            # not a denial
            stance = "non_committal"
        elif _negated(cue):
            stance = {"confirm": "non_committal", "deny": "non_committal", "assert": "deny"}.get(stance, stance)
        elif _withheld(cue) and stance in ("confirm", "deny", "assert", "claim"):
            # the report inside "declined to confirm ...", "did not want to deny ...": not made
            stance = "non_committal"
        elif stance == "non_committal":
            # "declined to confirm" is non-committal; "refused to resign" is an intention
            verb = at.content.text.lower().split()[1:2]
            if verb and verb[0] not in _WITHHELD:
                stance = "intend"
    if stance in ("assert", "claim") and _is_prediction(doc, at):
        stance = "predict"
    return stance, _hedged(doc, at, cue) or _unverified(doc, at)


_LIGHT = frozenset({"be", "have", "do", "say", "will", "would", "can", "could", "may", "might", "must", "should"})


def _pieces(doc: Doc, at: Attribution) -> Iterator[SpacySpan]:
    """The tokens of each piece of the content."""
    for piece in at.contents:
        span = doc.char_span(piece.start, piece.end, alignment_mode="expand")
        if span is not None:
            yield span


def predicates_of(doc: Doc, at: Attribution) -> tuple[str, ...]:
    """Lemmas of the content's verbs, light verbs left out, in order, without repeats."""
    out: list[str] = []
    for span in _pieces(doc, at):
        for tok in span:
            lemma = tok.lemma_.lower()
            if tok.pos_ == "VERB" and lemma not in _LIGHT and lemma not in out:
                out.append(lemma)
    return tuple(out)


# pronouns that name their referent outright in a quote ("we", "I"); "he", "they" may be anyone
_SELF_PRONOUNS = frozenset({"i", "we", "you"})


def _head_word(tok: Token) -> str:
    """A subject's head as a claim term: a name's word, a noun's lemma, "we"/"i"/"you"; "" for
    anything else (a third-person pronoun may be anyone)."""
    if tok.pos_ == "PRON":
        return tok.lower_ if tok.lower_ in _SELF_PRONOUNS else ""
    if tok.pos_ == "PROPN":
        return tok.lower_
    return tok.lemma_.lower() if tok.pos_ == "NOUN" else ""


def _doer(doc: Doc, at: Attribution, verb: Token) -> str:
    """Who does what a non-finite complement of the cue says: the cue's object if it has one
    before it ("urged Trump to release …"), else the report's source ("Deal vowed to block …",
    "the hard-liners focus on blocking …"; a pronoun source by its speaker's last name)."""
    cue = verb.head.head if verb.head.dep_ == "prep" else verb.head
    obj = next((c for c in cue.children if c.dep_ == "dobj" and c.i < verb.i), None)
    if obj is not None:
        return _head_word(obj)
    if at.source is None:
        return ""
    source = doc.char_span(at.source.start, at.source.end, alignment_mode="expand")
    if source is None:
        return ""
    root = source.root
    if root.pos_ == "PRON" and root.lower_ not in _SELF_PRONOUNS:
        return at.speaker.split()[-1].lower() if at.speaker else ""
    of = next((c for c in root.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    whole = next((g for g in of.children if g.dep_ == "pobj"), None) if of is not None else None
    if whole is not None and not _head_word(root):
        return _head_word(whole)  # "many of the hard-liners": the hard-liners
    return _head_word(root)


def _non_finite(verb: Token) -> bool:
    """An infinitive or a gerund: "to block …", "blocking …"."""
    return verb.tag_ in ("VB", "VBG") and (verb.tag_ == "VBG" or any(c.lower_ == "to" for c in verb.children))


def subjects_of(doc: Doc, at: Attribution) -> tuple[str, ...]:
    """The head of the subject of each content piece's main verb, lower-cased (`_head_word`):
    nothing for a clause without one or with a third-person pronoun. Of an infinitive or
    gerund that complements the cue ("vowed to block …", "urged Trump to release …", "focus on
    blocking …"), who is to do it (`_doer`). Of a content that is itself a report ("the
    ministry had said the dam was destroyed"), the subject of what it reports."""
    out: list[str] = []
    cues = lexicons.cues()
    cue = doc.char_span(at.cue.start, at.cue.end, alignment_mode="expand")
    cue_tokens = range(cue.start, cue.end) if cue is not None else range(0)
    for span in _pieces(doc, at):
        # the first verb that heads the piece: its head is outside it, or itself
        inside = range(span.start, span.end)
        heads = (t for t in span if t.head.i not in inside or t.head.i == t.i)
        verb = next((t for t in heads if t.pos_ in ("VERB", "AUX")), None)
        for _ in range(3):  # a report within the content: its proposition is what it reports
            if verb is None or verb.lemma_.lower() not in cues:
                break
            said = next((c for c in verb.children if c.dep_ == "ccomp" and c.i in inside), None)
            if said is None:
                break
            verb = said
        if verb is None:
            continue
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.i >= span.start), None)
        if subject is not None:
            word = _head_word(subject)
        elif _non_finite(verb) and (
            verb.head.i in cue_tokens or (verb.head.dep_ == "prep" and verb.head.head.i in cue_tokens)
        ):
            word = _doer(doc, at, verb)
        else:
            word = ""
        if word and word not in out:
            out.append(word)
    return tuple(out)


# what a sentence that could not check a report calls it: "the report", "these claims", "it"
_BACK = frozenset({"it", "this", "that", "them", "either", "any"})


def _could_not_check(doc: Doc, at: Attribution) -> bool:
    """ "Reuters could not independently verify the report", "The claims could not be
    confirmed": a check the writer (or its agency) failed to make of what came before."""
    cue = _cue_token(doc, at)
    if cue is None or cue.lemma_.lower() not in _CHECKS or not _negated(cue):
        return False
    content = doc.char_span(at.content.start, at.content.end, alignment_mode="expand")
    if content is None or not 0 < len(content) <= 4:
        return False
    root = content.root
    pointer = content[0] if content.start == 0 else doc[content.start - 1]  # "verify either account"
    return root.lower_ in _BACK or (
        root.lemma_.lower() in REPORT_NOUNS and (content[0].lower_ in _POINTERS or pointer.lower_ in _POINTERS)
    )


_POINTERS = frozenset({"the", "this", "these", "those", "that", "such", "either", "both", "its", "their"})


def _checked_before(doc: Doc, found: list[Attribution], i: int) -> list[int]:
    """The reports a failed check takes up: those of the nearest sentence before it that holds
    any, by other voices, one or two sentences back."""
    check = found[i]
    cue = doc.char_span(check.cue.start, check.cue.end, alignment_mode="expand")
    if cue is None:
        return []
    first = sentence_start(doc, cue.start)
    begins = doc[first].idx
    back = first
    for _ in range(2):
        back = sentence_start(doc, back - 1) if back > 0 else back
    earlier = [
        j
        for j, at in enumerate(found[:i])
        if doc[back].idx <= at.cue.start and at.cue.end <= begins and at.source != check.source
    ]
    if not earlier:
        return []
    last = found[earlier[-1]]
    token = doc.char_span(last.cue.start, last.cue.end, alignment_mode="expand")
    first = doc[sentence_start(doc, token.start)].idx if token is not None else last.cue.start
    return [j for j in earlier if found[j].cue.start >= first]


class StanceTagger:
    """Sets `stance` and `hedged` on every attribution of the doc; a report the next sentence
    says could not be checked ("Reuters could not independently verify the report") is
    hedged."""

    def __call__(self, doc: Doc) -> Doc:
        out = []
        for at in doc._.attributions or []:
            stance, hedged = stance_of(doc, at)
            out.append(
                replace(
                    at,
                    stance=stance,
                    hedged=hedged,
                    predicates=predicates_of(doc, at),
                    subjects=subjects_of(doc, at),
                )
            )
        for i, at in enumerate(out):
            if _could_not_check(doc, at):
                for j in _checked_before(doc, out, i):
                    out[j] = replace(out[j], hedged=True)
        doc._.attributions = out
        return doc


@Language.factory("whosaid_stance", requires=["doc._.attributions"], assigns=["doc._.attributions"])
def make_stance(nlp: Language, name: str) -> StanceTagger:
    return StanceTagger()
