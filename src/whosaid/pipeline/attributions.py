"""Attribution finding: cues, their sources and their contents, from the dependency parse.

Reads the parse (`token.dep`, `token.lemma`, `doc.sents`) and the quote spans; writes
`doc._.attributions` with cue/source/content spans. Speaker names and stance come later.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from spacy.language import Language
from spacy.tokens import Doc, Token

from whosaid import lexicons
from whosaid.config import DEFAULTS, Settings
from whosaid.pipeline.bounds import paragraphs_back, sentence_end, sentence_start, text_of, token_text
from whosaid.pipeline.quotes import Quote, find_quotes
from whosaid.pipeline.quotes import quoted as _quoted
from whosaid.pipeline.regions import lines, title_case
from whosaid.records import Attribution, Region, Span

if TYPE_CHECKING:
    from whosaid.pipeline.scorer import DocView

_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})
# Dependencies through which a subject-less cue ("adding that", "keen to emphasize") takes
# the subject of the clause it hangs from.
_INHERIT = frozenset({"xcomp", "acomp", "advcl", "conj", "pcomp", "prep"})
_DASH_CREDIT = re.compile(
    r"[ \t\u00a0]*([―—–]|--)[ \t\u00a0]*([A-Z][\w.'’-]*(?:[ \t\u00a0]+[A-Z][\w.'’-]*){0,4})[ \t\u00a0.]*(?:\n|$)"
)
_CLOSERS = {")": "(", "]": "["}
# a quote that opens with a speaker's label is a transcript line: "HOST: Let's start ...",
# "Mike Pence: ..." (every word capitalised; "You look at the questions: ..." is a sentence)
_LABELLED = re.compile(r"[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,4}:\s")
_AFTER_DEPS = frozenset({"dobj", "attr", "nsubj", "npadvmod", "oprd", "dative", "appos"})
_QUOTE_TOKENS = frozenset({'"', "“", "”", "''", "``"})
_NAMED = frozenset({"PERSON", "ORG", "NORP", "GPE"})
_LABELS = lexicons.labels()
# dashes as the tokenizer gives them; all but the hyphen credit a pull quote ("“…” ― Name")
_DASHES = frozenset({"-", "–", "—", "―", "--"})
# the cues of quotes credited by layout: a transcript line's colon, a pull quote's dash
LAYOUT_CUES = frozenset({":"}) | (_DASHES - {"-"})
_RELATIVE = frozenset({"who", "which", "that", "whom", "whose", "what", "where", "when"})
_QUOTE_CHARS = frozenset('“”"')
_PERSONAL = frozenset({"i", "we", "you", "me", "us"})
_PUNCT_EDGE = frozenset({"PUNCT", "SPACE", "CCONJ"})
_RECIPIENT_DEPS = frozenset({"dobj", "dative", "iobj"})
# verbs whose object is whom they address ("told reporters"), not what they say
_TELLS = frozenset({"tell", "inform", "brief", "assure", "warn", "remind"})
# where or how a statement is made: "told the Guardian in an interview that …"
_SETTINGS = frozenset(
    "interview conference briefing statement call speech appearance hearing meeting rally event "
    "session address broadcast podcast letter email post tweet".split()
)
_PRONOUNS = frozenset({"he", "she", "they", "it", "i", "we", "you"})
# verbs of impression: what "X seems to ..." reports is the writer's reading, not X's
_IMPRESSION = frozenset({"seem", "appear", "look", "sound"})


if not Doc.has_extension("attributions"):
    Doc.set_extension("attributions", default=None)


def _span(doc: Doc, first: int, last: int) -> Span | None:
    """The text from token `first` to token `last` (inclusive), trimmed of edge punctuation."""
    while first <= last and doc[first].pos_ in _PUNCT_EDGE:
        first += 1
    while last >= first and doc[last].pos_ in _PUNCT_EDGE:
        closer = doc[last].text
        if closer in _CLOSERS and last > first and _CLOSERS[closer] in token_text(doc, first, last - 1):
            break  # the bracket the span opened: "Rep. Elijah E. Cummings (D-Md.)"
        last -= 1
    if first > last:
        return None
    start, end = doc[first].idx, doc[last].idx + len(doc[last])
    return Span(start, end, text_of(doc)[start:end])


def _subject(verb: Token) -> list[Token]:
    subjects = [c for c in verb.children if c.dep_ in _SUBJECTS]
    if any(s.dep_ == "nsubjpass" for s in subjects):
        agents = [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        return agents
    return subjects


def _that_clause(verb: Token) -> bool:
    """A clause opened by "that" as a conjunction, with a subject of its own."""
    marked = any(c.dep_ == "mark" and c.lower_ == "that" and c.i < verb.i for c in verb.children)
    return marked and any(c.dep_ in _SUBJECTS and c.lower_ not in _RELATIVE for c in verb.children)


def _participle_of(verb: Token) -> Token | None:
    """The report a participle or a conjoined verb of saying belongs to when the parse hung it
    inside that report's clause: in "Rutte denied that the alliance was preparing a mission,
    saying the reports were false" the parser attaches "saying" to "preparing", and in "Khan
    said Trump was ignorant of Islam and criticized him" "criticized" to "was"; both say what
    the reporter said or did. A participle after a comma (or after a quote closed with one:
    “…,” adding), or a verb taking a clause after "and", of the lexicon, with no subject, whose head is no
    report itself, inside the clausal complement of a verb of the lexicon -> that verb."""
    if verb.i == 0 or not _joined(verb):
        return None
    cues = lexicons.cues()
    if verb.lemma_.lower() not in cues or verb.head.lemma_.lower() in cues:
        return None
    if any(c.dep_ in _SUBJECTS for c in verb.children):
        return None
    node = verb.head
    for _ in range(6):
        if node.dep_ == "ccomp" and node.head.pos_ == "VERB" and node.head.lemma_.lower() in cues:
            return node.head
        if node.head.i == node.i:
            return None
        node = node.head
    return None


def _joined(verb: Token) -> bool:
    """A participle after a comma (“…,” closing a quote may stand between), or a finite verb
    that takes a clause after "and": how a second report by the same voice is strung onto
    the first."""
    doc = verb.doc
    before = doc[verb.i - 1]
    if verb.dep_ == "advcl" and verb.tag_ == "VBG":
        if before.is_quote and verb.i >= 2:
            before = doc[verb.i - 2]
        return before.text == ","
    # (a verb that takes no clause, "entered the store and threatened the clerk", is more
    # often part of what was reported)
    entry = lexicons.cues().get(verb.lemma_.lower())
    takes_clause = entry is not None and "c" in entry.frames
    return takes_clause and verb.dep_ == "conj" and verb.tag_ in ("VBD", "VBZ") and before.lower_ == "and"


def _before_joint(doc: Doc, i: int) -> int:
    """The last word before the comma, quote mark or "and" that joins token `i` on."""
    j = i - 1
    while j > 0 and (doc[j].is_punct or doc[j].is_quote or doc[j].lower_ == "and"):
        j -= 1
    return j


def find_source(verb: Token) -> Span | None:
    """The subject of the cue, or of the clause a participial/conjoined cue hangs from.

    A relative pronoun stays the source mention ("Dean, who said ..." -> "who"); the speaker
    stage resolves it to the noun it hangs from.
    """
    doc = verb.doc
    node, hops = _participle_of(verb) or verb, 0
    raised = False  # reached from an open complement ("was heard yelling", "was quoted as saying")
    while hops < 5:
        named = _named_after(node) if hops == 0 else None
        if named is not None:
            return _span(doc, named.left_edge.i, named.right_edge.i)
        before = _named_before(node) if hops == 0 else None
        if before is not None:
            return before
        subjects = _outside_quotes(_subject(node), node)
        if subjects:
            first = min(_left_edge(s) for s in subjects)
            last = max(s.right_edge.i for s in subjects)
            return _span(doc, first, last)
        passive = [c for c in node.children if c.dep_ == "nsubjpass"]
        if passive and raised and passive[0].pos_ in ("PROPN", "PRON", "NOUN"):
            # "Rakeyia Scott can be heard yelling ...", "he was quoted as saying ...": the passive
            # subject of a verb of perception or report is who does the reporting it governs
            return _span(doc, passive[0].left_edge.i, passive[0].right_edge.i)
        if passive:
            return None
        if node.dep_ in ("acl", "relcl") and node.tag_ == "VBG":
            # "a statement announcing that ..." -> whoever issued the statement
            node = node.head
            while node.dep_ in ("dobj", "pobj", "prep", "appos") and node.head.i != node.i:
                node = node.head
            hops += 1
            continue
        if node.dep_ not in _INHERIT or node.head.i == node.i:
            return None
        if node.dep_ != "prep":  # a preposition passes on what its object was
            raised = node.dep_ == "xcomp" or (node.dep_ == "pcomp" and node.head.lower_ == "as")
        node, hops = node.head, hops + 1
    return None


def _left_edge(word: Token) -> int:
    """Where the phrase a word heads begins, but not inside a quote that closes before the
    word: in “That’s a legitimate concern,” Sarandon, 69, told MSNBC the parse may hang the
    quote on the subject, whose phrase is then the name alone. A quoted title within the
    phrase stays in it ("The “Apprentice” star")."""
    first = word.left_edge.i
    mark = next((t for t in word.doc[first : word.i] if t.text in _QUOTE_TOKENS), None)
    # the phrase starts inside a quote when its first mark closes one: a curly or doubled
    # closing mark, or a straight one with a space after it
    if mark is not None and (mark.text in ("”", "''") or (mark.text == '"' and mark.whitespace_)):
        return mark.i + 1
    return first


def _phrase_head(word: Token, verb: Token) -> Token:
    """The noun that heads the phrase a word stands in, before `verb`: "the governor of Ohio, a
    veteran Republican," from "Republican" or "Ohio"."""
    while True:
        head = word.head
        if word.dep_ in ("compound", "flat", "poss") and word.i < head.i < verb.i:
            word = head
        elif word.dep_ == "appos" and head.i < word.i:
            word = head
        elif (
            word.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ in ("NOUN", "PROPN") and head.head.i < word.i
        ):
            word = head.head
        else:
            return word


def source_alternatives(verb: Token, primary: Span | None) -> list[Span | None]:
    """Other mentions that may be the source of a verb cue, where the parse leaves doubt (the
    scorer weighs each against `find_source`'s):

    - for a participle that modifies a noun, that noun ("the Super PAC backing Bush" -> "the
      Super PAC"; `find_source` takes whoever issued it, as for "a statement announcing"),
      but not for a passive one with an open complement ("an ID card said to have been issued
      …", "a man believed to be …"): the noun is what the report is about;
    - for a cue with no source at all, the nearest noun before it in its clause, which a broken
      parse did not make its subject ("Brent Bozell III, founder of the MRC, tells ..."), but
      not for a reduced passive, which the parse may read as a verb in the past ("a card said
      to have been issued");
    - for a relative clause's cue, the noun the clause hangs from ("a mining company that had
      declared bankruptcy" -> "a mining company", not "that");
    - for an open complement whose governing verb has an object, that object ("forced Stumpf
      to admit" -> "Stumpf"; `find_source` takes the governing verb's subject);
    - no source, for a verb of impression ("the campaign has appeared to acknowledge ...": the
      writer's reading, not the campaign's) and for a participle that opens the sentence
      without a subject ("Asked about the plan, Clinton said ...": someone unnamed asked).
    """
    out: list[Span | None] = []
    doc = verb.doc
    if verb.dep_ == "relcl" and primary is not None and primary.text.lower() in _RELATIVE:
        noun = verb.head
        found = _span(doc, noun.left_edge.i, verb.left_edge.i - 1) if noun.i < verb.left_edge.i else None
        if found is not None:
            out.append(found)
    if verb.dep_ == "xcomp":
        obj = next((c for c in verb.head.children if c.dep_ == "dobj" and c.i < verb.i), None)
        if obj is not None and obj.pos_ in ("PROPN", "PRON", "NOUN"):
            kept = [c.right_edge.i for c in obj.rights if c.dep_ not in ("relcl", "acl", "appos", "punct")]
            found = _span(doc, obj.left_edge.i, max([obj.i, *kept]))
            if found is not None:
                out.append(found)
    if primary is not None and (
        verb.lemma_.lower() in _IMPRESSION
        or (verb.tag_ == "VBN" and verb.dep_ == "advcl" and not any(c.dep_ in _SUBJECTS for c in verb.children))
    ):
        out.append(None)
    # "an ID card said to have been issued …", "a man believed to be …": the noun before a
    # passive participle with an open complement is what the report is about, not its source
    raising = (verb.tag_ == "VBN" and any(c.dep_ == "xcomp" for c in verb.children)) or _said_to_be(verb)
    if (
        verb.dep_ == "acl"
        and verb.head.pos_ in ("NOUN", "PROPN", "PRON", "NUM")
        and verb.head.i < verb.i
        and not raising
    ):
        noun = verb.head
        last = max([noun.i] + [c.right_edge.i for c in noun.rights if c.i < verb.i and c.right_edge.i < verb.i])
        found = _span(doc, noun.left_edge.i, last)
        if found is not None:
            out.append(found)
    if primary is None and not raising:
        for i in range(verb.i - 1, verb.sent.start - 1, -1):
            t = doc[i]
            if t.text in _QUOTE_TOKENS or (t.pos_ in ("VERB", "AUX") and t.dep_ not in ("amod", "compound")):
                break
            if t.pos_ in ("PROPN", "PRON") or (t.pos_ == "NOUN" and t.dep_ != "pobj"):
                top = _phrase_head(t, verb)
                found = _span(doc, top.left_edge.i, min(top.right_edge.i, verb.i - 1))
                if found is not None:
                    out.append(found)
                break
    unique: list[Span | None] = []
    for span in out:
        same = span is not None and primary is not None and (span.start, span.end) == (primary.start, primary.end)
        if not same and span not in unique:
            unique.append(span)
    return unique


# verbs whose bare participle before "to be" / "to have" is a passive of report ("said to have
# been issued", "believed to be"), whoever the parse made it
_RAISING = frozenset({"say", "believe", "think", "know", "report", "allege", "rumor", "rumour", "reckon"})


def _said_to_be(verb: Token) -> bool:
    """A bare participle of report (tagged a participle or a past tense) followed by "to be" /
    "to have", with no subject or auxiliary of its own: a reduced passive ("a card said to have
    been issued")."""
    doc = verb.doc
    return (
        verb.tag_ in ("VBN", "VBD")
        and verb.lemma_.lower() in _RAISING
        and verb.i + 2 < len(doc)
        and doc[verb.i + 1].lower_ == "to"
        and doc[verb.i + 2].lower_ in ("be", "have")
        and not any(c.dep_ in ("aux", "auxpass", *_SUBJECTS) for c in verb.children)
    )


def cue_word(tokens: Sequence[Token]) -> Token | None:
    """The word of a cue's tokens that says what it is: its first verb, noun or adjective."""
    return next((t for t in tokens if t.pos_ in ("VERB", "NOUN", "ADJ")), tokens[0] if tokens else None)


# verbs of evidence: what their unnamed source shows is not a quote it speaks
_EVIDENCE = frozenset({"show", "indicate", "suggest", "find", "demonstrate", "prove", "reveal", "illustrate"})


def introduces_speaker(at: Attribution, cue_tokens: Sequence[Token], source_tokens: Sequence[Token]) -> bool:
    """Whether a report can introduce the speaker of a quote paragraph after it: a direct quote,
    a named or pronoun source, or a cue of speech in the lexicon (not a belief or a wish, nor a
    verb of evidence). Not "The legislation ... bans abortions", which the model keeps as
    PolNeAR would."""
    if at.kind == "direct":
        return True
    if at.source is not None:
        if at.source.text.lower() in _PRONOUNS:
            return True
        if any(t.ent_type_ in _NAMED for t in source_tokens):
            return True
    word = cue_word(cue_tokens)
    if word is None or word.lemma_.lower() in _EVIDENCE:
        return False  # "Video shows that …", "The bias begins to show": a thing is not a speaker
    entry = lexicons.cues().get(word.lemma_.lower())
    return entry is not None and entry.stance not in ("believe", "intend")


def _outside_quotes(subjects: list[Token], verb: Token) -> list[Token]:
    """Of several subjects, those not cut off from the verb by a quote mark: in “… one of the
    brightest members of Congress,” Rep. Cummings said, the parse may take both "one" and
    "Cummings" for subjects of "said"."""
    if len(subjects) < 2:
        return subjects
    near = [s for s in subjects if not _cut_off(s, verb)]
    return near or subjects


def _cut_off(word: Token, verb: Token) -> bool:
    """Whether a quote mark stands between a word and the verb."""
    lo, hi = sorted((word.i, verb.i))
    return any(t.text in _QUOTE_TOKENS for t in verb.doc[lo + 1 : hi])


_NAME_RUN_POS = frozenset({"PROPN", "NOUN", "ADJ", "DET", "PART", "NUM"})
_FINITE = frozenset({"VBD", "VBZ", "VBP"})


def _named_before(verb: Token) -> Span | None:
    """The name between a quote's closing mark and its verb ("…,” Tulsa police Chief Chuck
    Jordan said"), when the parse gave the verb no subject of its own outside the quote (it
    may hang the verb on the quote's last clause and take that clause's subject). The layout
    says who speaks: a closing mark after a comma, question or exclamation mark, then no more
    than eight words of a name or noun phrase (a capitalised word whatever its tag: the parse
    that lost the subject may have read "Tulsa" as a verb) ending in a noun, perhaps with an
    apposition between commas ("…,” Sarandon, 69, told"), then a finite verb of the curated
    lexicon."""
    doc = verb.doc
    if verb.tag_ not in _FINITE or verb.lemma_.lower() not in lexicons.cues():
        return None  # not "a website linked to …", "the order released Friday said"
    if any(not _cut_off(s, verb) for s in _subject(verb)):
        return None
    last = _before_apposition(doc, verb.i - 1)
    j = last
    while j > last - 8 and j >= 0 and (doc[j].pos_ in _NAME_RUN_POS or doc[j].is_title):
        if doc[j].text in _QUOTE_TOKENS:
            break
        j -= 1
    first = j + 1
    if first > last or doc[last].pos_ not in ("PROPN", "NOUN") or j < 1:
        return None
    if doc[j].text not in _QUOTE_TOKENS or doc[j - 1].text not in (",", "?", "!"):
        return None
    return _span(doc, first, last)


def _before_apposition(doc: Doc, i: int) -> int:
    """The token before an apposition that ends at token `i` with its comma ("Sarandon, 69,
    told", "Graham, a former candidate, told"), or `i` itself when there is none: up to eleven
    tokens between two commas, with no quote mark, finite verb or line break among them."""
    if i < 2 or doc[i].text != ",":
        return i
    k = i - 1
    while k > max(i - 12, 0) and doc[k].text != ",":
        t = doc[k]
        if t.text in _QUOTE_TOKENS or t.tag_ in _FINITE or "\n" in t.text:
            return i
        k -= 1
    return k - 1 if doc[k].text == "," and k < i - 1 else i


def _named_after(verb: Token) -> Token | None:
    """The noun after a verb whose only subject lies inside the quote before it: in “…,”
    tweeted a German user, the parse may take the quote's last word for the subject and the
    speaker for the object."""
    subjects = _subject(verb)
    if not subjects or not all(s.i < verb.i and _cut_off(s, verb) for s in subjects):
        return None
    if not any(t.text in _QUOTE_TOKENS for t in verb.doc[max(verb.i - 2, 0) : verb.i]):
        return None  # the verb does not follow the quote's closing mark
    for c in verb.rights:
        if c.dep_ in _AFTER_DEPS and c.pos_ in ("PROPN", "NOUN"):
            return c
    return None


def beyond_cue(doc: Doc, content: Span, cue: Span) -> Span | None:
    """A content that wraps round its own cue keeps what follows the cue: in "the cuts, which
    he said had harmed the economy" the clause said of the cuts starts with the relative
    pronoun, before the cue and its source."""
    if not (content.start < cue.start and cue.end < content.end):
        return content
    rest = doc.char_span(cue.end, content.end, alignment_mode="contract")
    return _span(doc, rest.start, rest.end - 1) if rest is not None and len(rest) else None


def _content_of_child(verb: Token, entry: lexicons.Cue) -> Span | None:
    doc = verb.doc
    frames = entry.frames
    children = list(verb.children)
    for c in children:
        if c.dep_ == "ccomp":
            # up to a participle of its own the parse hung inside the clause ("denied that the
            # alliance was preparing a mission, saying …")
            tails = [
                _before_joint(doc, p.i) for p in c.subtree if (q := _participle_of(p)) is not None and q.i == verb.i
            ]
            last = min(tails, default=c.right_edge.i)
            return _span(doc, c.left_edge.i, last)
    if "c" in frames:
        # "told the guards they were hungry": the parser often hangs the clause on the
        # recipient as a relative clause; one whose subject is not a relative pronoun is the content
        recipients = [c for c in children if c.dep_ in _RECIPIENT_DEPS and c.i > verb.i]
        if len(recipients) >= 2:
            # "told the SBU they were fighters" parsed as two objects: the second is a clause
            second = recipients[1]
            if any(t.dep_ in _SUBJECTS for t in second.subtree):
                return _span(doc, second.left_edge.i, second.right_edge.i)
        for c in children:
            if c.dep_ in _RECIPIENT_DEPS:
                for rel in c.children:
                    subj = [g for g in rel.children if g.dep_ in _SUBJECTS]
                    if rel.dep_ == "relcl" and subj and subj[0].lower_ not in _RELATIVE and rel.i > c.i:
                        return _span(doc, rel.left_edge.i, rel.right_edge.i)
        # "told the Guardian in an interview that the park would …", "told reporters at a news
        # conference in Kyiv that …": the clause hung on a noun of the setting or the recipient,
        # opened by "that" as a conjunction (not a relative pronoun: "a conference that was held …")
        tells = verb.lemma_.lower() in _TELLS
        for c in children:
            if c.i > verb.i and ((tells and c.dep_ in _RECIPIENT_DEPS) or c.dep_ == "prep"):
                for rel in c.subtree:
                    if rel.dep_ not in ("acl", "relcl") or not _that_clause(rel):
                        continue
                    # (not the result of "so" or "such": "tells so many lies that Clinton could …")
                    result = any(t.lower_ in ("so", "such") for t in doc[c.left_edge.i : rel.i])
                    if rel.head.lemma_.lower() in _SETTINGS or (tells and rel.head.i == c.i and not result):
                        return _span(doc, rel.left_edge.i, rel.right_edge.i)
    if "x" in frames:
        for c in children:
            if c.dep_ == "xcomp" and c.i > verb.i:
                return _span(doc, c.left_edge.i, c.right_edge.i)
    if entry.preps:
        for c in children:
            if c.dep_ in ("prep", "prt") and c.lower_ in entry.preps:
                objs = [g for g in c.children if g.dep_ in ("pobj", "pcomp")]
                if objs:
                    return _span(doc, objs[0].left_edge.i, objs[0].right_edge.i)
                if c.dep_ == "prt":  # "pointed out that ..." handled by ccomp; "lashed out at X"
                    continue
    if "o" in frames:
        for c in children:
            if c.dep_ in ("xcomp", "ccomp") and c.tag_ == "VBG" and c.i > verb.i and c.left_edge.i == c.i:
                # a gerund as the object: "denies targeting civilians", "admitted taking bribes"
                return _span(doc, c.i, c.right_edge.i)
        for c in children:
            if c.dep_ == "dobj" and (c.pos_ != "PRON" or _small_clause(verb)):
                # "called Oz a quack": the object and what it is called
                last = max(
                    [c.right_edge.i] + [g.right_edge.i for g in children if g.dep_ in ("oprd", "ccomp", "xcomp")]
                )
                return _span(doc, c.left_edge.i, last)
        if any(c.dep_ == "agent" for c in children):
            # "The company's claim was disputed by regulators": in the passive, what the agent
            # disputes is the subject
            for c in children:
                if c.dep_ == "nsubjpass" and c.pos_ != "PRON" and c.i < verb.i:
                    return _span(doc, c.left_edge.i, c.right_edge.i)
    if "q" in frames:
        # "said: the rest of the sentence"
        sent_end = sentence_end(doc, verb.i)
        for k in range(verb.i + 1, min(sent_end, verb.i + 8)):
            if doc[k].text == ":":
                if k < sent_end - 1:
                    return _span(doc, k + 1, sent_end - 1)
                break
    return None


def _small_clause(verb: Token) -> bool:
    return any(c.dep_ in ("oprd", "xcomp", "ccomp") and c.i > verb.i for c in verb.children)


def _inverted_content(verb: Token) -> list[Span]:
    """ "The test, North Korea said, was its biggest": the clause the cue hangs from, minus the
    cue's own clause (which may split it in two)."""
    head = verb.head
    if head.i == verb.i or verb.dep_ not in ("parataxis", "ccomp", "advcl", "conj"):
        return []
    if not any(c.dep_ in _SUBJECTS for c in verb.children):
        return []
    doc = verb.doc
    # "As Reuters reported, the talks collapsed": the cue's clause opens the sentence with "as",
    # and what follows it is reported; any other clause that opens it ("When he said ...") is not
    marked = verb.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children)
    if verb.left_edge.i <= head.left_edge.i and not marked:
        return []  # the cue opens the clause: nothing of it is reported before the cue
    before = _span(doc, head.left_edge.i, verb.left_edge.i - 1)
    after = _span(doc, verb.right_edge.i + 1, head.right_edge.i) if verb.right_edge.i < head.right_edge.i else None
    return [p for p in (before, after) if p is not None]


def _according_to(tok: Token) -> Attribution | None:
    doc = tok.doc
    if tok.i + 1 >= len(doc) or doc[tok.i + 1].lower_ != "to":
        return None
    to = doc[tok.i + 1]
    objs = [c for c in to.children if c.dep_ == "pobj"] or [c for c in tok.children if c.dep_ == "pobj"]
    if not objs:
        return None
    obj = objs[0]
    source = _span(doc, obj.left_edge.i, obj.right_edge.i)
    phrase_first = min(tok.i, obj.left_edge.i)
    phrase_last = max(to.i, obj.right_edge.i)
    sent_start, sent_end = sentence_start(doc, tok.i), sentence_end(doc, tok.i)
    before = _span(doc, sent_start, phrase_first - 1) if phrase_first > sent_start else None
    after = _span(doc, phrase_last + 1, sent_end - 1) if phrase_last + 1 < sent_end else None
    pieces = [p for p in (before, after) if p is not None and len(p.text) > 2]
    if not pieces:
        return None
    content = max(pieces, key=lambda p: p.end - p.start)
    cue = Span(tok.idx, to.idx + len(to), doc[tok.i : to.i + 1].text)
    return Attribution(cue=cue, content=content, source=source, kind="according_to")


def _cue_span(verb: Token) -> Span:
    """The cue word plus the coordinated denial in "neither confirmed nor denied"."""
    doc = verb.doc
    first, last = verb.i, verb.i
    for c in verb.children:
        if c.dep_ == "preconj" and c.lower_ in ("neither", "either"):
            first = min(first, c.i)
        if c.dep_ == "conj" and any(g.lower_ in ("nor", "or") for g in verb.children if g.dep_ == "cc"):
            last = max(last, c.i)
        if c.dep_ == "prt" and c.i == verb.i + 1:
            last = max(last, c.i)
    return Span(doc[first].idx, doc[last].idx + len(doc[last]), token_text(doc, first, last))


def _to_infinitive(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _recipient(verb: Token) -> Span | None:
    if verb.lemma_.lower() not in _TELLS:
        return None
    for c in verb.children:
        if c.dep_ in _RECIPIENT_DEPS:
            return _span(verb.doc, c.left_edge.i, c.right_edge.i)
    return None


def _in_regions(start: int, regions: Iterable[Region]) -> bool:
    return any(r.span.start <= start < r.span.end for r in regions)


class AttributionFinder:
    """Finds verb cues, "according to", direct quotes and cue-less quote paragraphs."""

    def __init__(
        self, settings: Settings = DEFAULTS, cues: Mapping[str, lexicons.Cue] | None = None, permissive: bool = False
    ) -> None:
        self.cues = lexicons.cues() if cues is None else cues
        self.settings = settings
        # permissive: also propose cues inside quotes and with I/we/you sources (for the
        # learned scorer to judge), which the rules alone leave out
        self.permissive = permissive

    def predict(self, doc: Doc, text: str | None = None, quotes: list[Quote] | None = None) -> list[Attribution]:
        """`text` and `quotes` may be passed by a caller that already has them (Doc.text
        joins every token on each call)."""
        regions = doc._.regions or []
        text = text_of(doc) if text is None else text
        quotes = find_quotes(text) if quotes is None else quotes
        found: list[Attribution] = []
        coordinated: set[int] = set()
        for tok in doc:
            if tok.lower_ == "according":
                at = _according_to(tok)
                if at is not None and not _in_regions(at.cue.start, regions) and not _quoted(quotes, tok.idx):
                    found.append(at)
                continue
            if tok.pos_ not in ("VERB", "AUX") or tok.i in coordinated:
                continue
            entry = self.cues.get(tok.lemma_.lower())
            if entry is None or _in_regions(tok.idx, regions) or (_quoted(quotes, tok.idx) and not self.permissive):
                continue  # a cue inside a quote is the quoted speaker's, not the article's
            if "x" not in entry.frames and any(c.dep_ == "xcomp" and _to_infinitive(c) for c in tok.children):
                continue  # "a card said to have been issued ...": a hedge, not a cue
            options = self._verb_attributions(tok, text, quotes)
            if not options:
                continue
            if options[0].cue.end > tok.idx + len(tok):
                coordinated.update(c.i for c in tok.children if c.dep_ == "conj")
            found.extend(options)
        found.extend(_colon_lines(doc, text, found, regions))
        found.extend(_dash_credits(text, quotes, found))
        found.extend(_quote_paragraphs(text, quotes, found, regions, self.settings.quote_paragraph_lookback))
        found.sort(key=lambda a: (a.cue.start, a.content.start))
        return _link_relays(found)

    def _verb_attributions(self, tok: Token, text: str, quotes: list[Quote]) -> list[Attribution]:
        """The verb's attribution: its complement, or the quotes joined to its clause when the
        complement is one of them or there is none. Permissive (candidate) mode also offers the
        joined quotes when the parse found a complement elsewhere, for the scorer to choose."""
        source = find_source(tok)
        if source is not None and source.text.lower() in _PERSONAL and not self.permissive:
            return []  # "I think", "you know": conversation, not attribution
        cue = _cue_span(tok)
        content = _content_of_child(tok, self.cues[tok.lemma_.lower()])
        if content is None and cue.end > tok.idx + len(tok):
            # "neither confirmed nor denied their presence": the object is shared, parsed on the last verb
            for c in tok.children:
                entry = self.cues.get(c.lemma_.lower())
                if c.dep_ == "conj" and entry is not None:
                    content = _content_of_child(c, entry)
                    break
        if content is not None and source is not None and _named_after(tok) and content.overlaps(source):
            content = None  # the speaker named after the verb ("…,” tweeted a German user)
        pieces: list[Span] = [content] if content is not None else _inverted_content(tok)
        kind = "indirect"
        options: list[tuple[str, list[Span]]] = []
        before, after = _adjacent_quotes(tok, text, quotes)
        if before or after:
            quoted = [Span.of(text, q.inner_start, q.inner_end) for q in before + after]
            if not pieces or any(q.inner_start <= pieces[0].start < q.inner_end for q in before + after):
                pieces, kind = quoted, "direct"
            elif self.permissive:
                options.append(("direct", quoted))
        options.insert(0, (kind, pieces))
        out = []
        for kind, spans in options:
            trimmed = (beyond_cue(tok.doc, p, cue) for p in spans)
            spans = [p for p in trimmed if p is not None and not p.overlaps(cue)]
            if spans:
                out.append(
                    Attribution(
                        cue=cue,
                        content=spans[0],
                        content_more=tuple(spans[1:]),
                        source=source,
                        kind=kind,  # type: ignore[arg-type]
                        recipient=_recipient(tok),
                    )
                )
        return out

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        quotes = find_quotes(text)
        doc._.attributions = finish(doc, self.predict(doc, text, quotes), quotes)
        return doc


def _adjacent_quotes(verb: Token, text: str, quotes: list[Quote]) -> tuple[list[Quote], list[Quote]]:
    """Quotes joined to the cue's clause: the one ending just before it (“…,” X said), and the
    ones after it in the same paragraph (said: “…” / X said. “More.”), each separated from the
    previous by nothing but punctuation."""
    doc = verb.doc
    # the cue's own clause: the verb, its subject and auxiliaries, not its complement
    first_i = last_i = verb.i
    for c in verb.children:
        # (a dash the parse took for an auxiliary is the previous line's credit, and words the
        # parse hung on the verb from inside a quote are the quote's: neither is the clause)
        if c.is_punct or _quoted(quotes, c.idx):
            continue
        left = _left_edge(c) if c.dep_ in _SUBJECTS else c.left_edge.i
        if _quoted(quotes, doc[left].idx):
            continue
        if c.dep_ in _SUBJECTS or c.dep_ in ("aux", "auxpass", "neg", "advmod", "prt"):
            first_i = min(first_i, left)
            last_i = max(last_i, c.right_edge.i)
    clause_first = doc[first_i].idx
    named = _named_before(verb)
    if named is not None:  # "…,” Tulsa police Chief Chuck Jordan said", which the parse did not link
        clause_first = min(clause_first, named.start)
    clause_last = last_i
    clause_end = doc[clause_last].idx + len(doc[clause_last])
    before: list[Quote] = []
    after: list[Quote] = []
    for q in quotes:
        if q.closed and q.end <= clause_first and clause_first - q.end < 80:
            gap = text[q.end : clause_first]
            if gap.strip(" ,;—–-") == "" and "\n" not in gap:
                before = [q]
    cursor = clause_end
    for q in quotes:
        if q.start < cursor:
            continue
        gap = text[cursor : q.start]
        # after the cue's clause a short adjunct may intervene ("he said in August. “…”"), but
        # not a verb of its own ("Trump said, adding later, “…”"); between two quotes only
        # punctuation. A quote in the next paragraph is a quote paragraph, found separately,
        # unless the clause ends with the colon that introduces it ("He said:\n\n“…”").
        first = cursor == clause_end
        allowed = 40 if first else 0
        # ("He said:" or "Sanders made the following comment:" at the end of a line)
        lead = gap.rstrip()
        introduced = first and lead.endswith(":") and "\n" not in lead and not _LABELLED.match(text, q.inner_start)
        if ("\n" in gap and not introduced) or len(gap.strip(" ,:;.")) > allowed:
            break
        if _QUOTE_CHARS & set(gap) or "''" in gap:
            break
        if first and _verb_between(doc, clause_last + 1, q.start):
            break
        after.append(q)
        cursor = q.end
        if not q.closed:
            break
    return before, after


def _verb_between(doc: Doc, i: int, end: int) -> bool:
    """Whether a verb stands between token `i` and character offset `end`."""
    while i < len(doc) and doc[i].idx < end:
        if doc[i].pos_ == "VERB":
            return True
        i += 1
    return False


def _taken(content: Span, found: list[Attribution]) -> bool:
    """Another attribution already says this: its content overlaps and its cue is not inside
    (a cue inside is a report nested in this one: "WALLACE: I want to ask you, will ...")."""
    return any(c.overlaps(content) and not content.contains(a.cue) for a in found for c in a.contents)


def _known_names(doc: Doc) -> set[str]:
    """Names the article gives in full, and the proper-noun words of its people's names: a
    line labelled "Pence:" in a headline has "Mike Pence" below."""
    known = {e.text.lower() for e in doc.ents if e.label_ in _NAMED}
    known.update(t.lower_ for e in doc.ents if e.label_ == "PERSON" for t in e if t.pos_ == "PROPN")
    return known


def _colon_lines(
    doc: Doc, text: str, found: list[Attribution], regions: list[Region], lax: bool = False
) -> list[Attribution]:
    """Transcript and headline lines: "PENCE: Well, look ..." / "Rush Limbaugh: Hillary ...":
    a short run of names at the start of a line, a colon, then the statement to the line's end.
    `lax` takes any short run of two or more words for the name ("Clinton camp: Trump's …",
    "News Guide: Donors flocked …"), for the learned scorer to judge; one common noun alone
    is a genre or credit label as often as a voice ("Analysis:", "Sources:")."""
    out: list[Attribution] = []
    n = len(doc)
    known: set[str] = set()  # read from the entities when first needed
    for tok in doc:
        if (tok.idx > 0 and text[tok.idx - 1] not in '\n"“') or tok.is_space or tok.is_punct:
            continue
        first = tok.i
        colon = next((t.i for t in doc[first : min(first + 7, n)] if t.text == ":"), None)
        if colon is None or colon == first:
            continue
        name = doc[first:colon]
        if "\n" in name.text:
            continue
        # (a dash set apart by spaces, not a hyphen within a name: "AP-GfK Poll:", "Seitz-Wald:")
        dashes = [t.i for t in name if t.text in _DASHES and t.whitespace_ and t.i > 0 and doc[t.i - 1].whitespace_]
        if dashes and dashes[-1] + 1 < colon:
            name = doc[dashes[-1] + 1 : colon]  # a live blog's time first: "10:42 GMT – Zelenskyy:"
        if lax and len(name) < 2:
            continue
        # a source noun labelling the line, perhaps qualified: "Poll:", "New survey:"
        labelled = name[-1].lower_ in _LABELS and all(t.pos_ in ("ADJ", "DET", "NOUN", "PROPN") for t in name)
        if not lax and not known:
            known = _known_names(doc)
        # ("Cecile Richards: ..." above an article that calls her "Richards")
        if not lax and name.text.lower() not in known and name[-1].lower_ not in known and not labelled:
            if not all(t.pos_ == "PROPN" or t.is_upper or t.is_punct for t in name):
                continue
            named = any(e.label_ in _NAMED for e in name.ents)
            if not (named or any(t.is_upper and len(t) > 1 for t in name)):
                continue
        line_end = text.find("\n", doc[colon].idx)
        line_end = len(text) if line_end == -1 else line_end
        start = doc[colon].idx + 1
        body = text[start:line_end]
        lead = len(body) - len(body.lstrip())
        body = body.strip()
        if len(body) < 8:
            continue
        content = Span.of(text, start + lead, start + lead + len(body))
        if _in_regions(name.start_char, regions) or _taken(content, found):
            continue
        cue = Span.of(text, doc[colon].idx, doc[colon].idx + 1)
        source = Span.of(text, name.start_char, name.end_char)
        out.append(Attribution(cue=cue, content=content, source=source, kind="direct"))
    return out


def _quote_paragraphs(
    text: str,
    quotes: list[Quote],
    found: list[Attribution],
    regions: list[Region],
    lookback: int,
    voices: list[Attribution] | None = None,
) -> list[Attribution]:
    """Quotes that open their paragraph and have no cue of their own. They continue the
    nearest attribution in the `lookback` paragraphs before (of `voices`, all `found` by
    default), with its cue and source: it introduced the speaker. With none, the cue is the
    opening mark and there is no source."""
    out: list[Attribution] = []
    ordered = sorted(found if voices is None else voices, key=lambda a: a.cue.start)
    for q in quotes:
        inner = Span.of(text, q.inner_start, q.inner_end)
        if any(c.overlaps(inner) for a in found for c in a.contents) or _in_regions(q.start, regions):
            continue
        para_start = text.rfind("\n", 0, q.start) + 1
        if text[para_start : q.start].strip() or len(inner.text.split()) < 4:
            continue
        window_start = paragraphs_back(text, para_start, lookback)
        # the report reaches into the window by its cue or by the end of what it says ("The
        # New York Times reports:" then two quoted paragraphs)
        previous = [
            a
            for a in ordered + out
            if a.kind != "according_to" and window_start <= max(a.cue.start, a.contents[-1].end - 1) < q.start
        ]
        last = max(previous, key=lambda a: max(a.cue.start, a.contents[-1].end), default=None)
        cue = last.cue if last else Span.of(text, q.start, q.start + 1)
        source = last.source if last else None
        out.append(Attribution(cue=cue, content=inner, source=source, kind="quote_paragraph"))
    return out


def _dash_credits(text: str, quotes: list[Quote], found: list[Attribution]) -> list[Attribution]:
    """Pull quotes credited after a dash: “…” ― Sonya Herridge. The layout says who speaks, so
    a reading of the parse that runs across the quote does not overrule it; only a direct
    quote already credited does."""
    out: list[Attribution] = []
    for q in quotes:
        if not q.closed:
            continue
        m = _DASH_CREDIT.match(text, q.end)
        if m is None:
            continue
        inner = Span.of(text, q.inner_start, q.inner_end)
        if _taken(inner, [a for a in found if a.kind == "direct"]):
            continue
        cue = Span.of(text, m.start(1), m.end(1))
        out.append(Attribution(cue=cue, content=inner, source=Span.of(text, m.start(2), m.end(2)), kind="direct"))
    return out


def _closed(text: str, piece: Span) -> Span:
    """A piece that opens a quote it does not close, up to the closing mark just after it (the
    talks were "at a critical stage." -> with the final mark): the parse often hangs the last
    marks on the verb of saying, outside the clause."""
    inner = piece.text
    curly = inner.count("“") > inner.count("”")
    if not curly and inner.count('"') % 2 == 0:
        return piece
    mark = "”" if curly else '"'
    for k in range(piece.end, min(piece.end + 3, len(text))):
        if text[k] == mark:
            return Span.of(text, piece.start, k + 1)
        if text[k] not in ".,!?;":
            break
    return piece


def close_quotes(text: str, found: list[Attribution]) -> list[Attribution]:
    """Each content piece with the closing quote mark of a quote it opens. Applied to what the
    finders keep, after the scorer has judged the candidates as the parse cut them."""
    out = []
    for at in found:
        pieces = [_closed(text, p) for p in at.contents]
        if pieces != list(at.contents):
            at = replace(at, content=pieces[0], content_more=tuple(pieces[1:]))
        out.append(at)
    return out


# nouns that take up a report just made (", a claim Moscow denies"), and the verbs of an answer
# to it: what another voice or the writer says of the report, not part of it
REPORT_NOUNS = frozenset(
    {
        "claim",
        "accusation",
        "allegation",
        "charge",
        "assertion",
        "report",
        "account",
        "version",
        "figure",
        "toll",
        "statement",
        "information",
    }
)
_REPLY_VERBS = frozenset(
    {"deny", "reject", "dispute", "dismiss", "refute", "rebut", "confirm", "verify", "corroborate"}
)


def reply_opens(tokens: Sequence[Token]) -> bool:
    """The words after a comma open a clause that takes up what went before: "which …", or a
    noun of report ("a claim …", "an accusation the Kremlin rejects", "claims he denies")."""
    if not tokens:
        return False
    if tokens[0].lower_ == "which":
        return True
    head = next((t for t in tokens[:4] if t.pos_ in ("NOUN", "PROPN")), None)
    return (
        head is not None
        and head.lemma_.lower() in REPORT_NOUNS
        and all(t.pos_ in ("DET", "ADJ", "ADV") for t in tokens[: head.i - tokens[0].i])
    )


# what sets an answering clause off from the report before it
_BREAKS = frozenset({",", "—", "–", ";"})


def answered_tail(doc: Doc, content: Span) -> tuple[Token, Token, list[Token]] | None:
    """The last clause of a content when it answers the report rather than continues it:
    "Kyiv accused Moscow of targeting the grid, which Russia denies", "the ministry said it
    downed 12 drones, a claim that could not be independently verified". The comma before that
    clause, its answering verb and its tokens, or None. PolNeAR ends the content at the comma
    too."""
    span = doc.char_span(content.start, content.end, alignment_mode="expand")
    if span is None:
        return None
    tokens = list(span)
    for k in range(len(tokens) - 2, 0, -1):
        if tokens[k].text not in _BREAKS:
            continue
        tail = tokens[k + 1 :]
        if not reply_opens(tail):
            continue
        verb = answer_verb(tail)
        return (tokens[k], verb, tail) if verb is not None else None
    return None


def _reply_verb(tok: Token) -> bool:
    # the small parse tags "disputes" and "rejects" as nouns after a noun of report
    lower = tok.lower_
    forms = {tok.lemma_.lower(), lower, lower[:-1], lower[:-2], lower[:-3] + "y"}
    return bool(forms & _REPLY_VERBS)


def answer_verb(tail: Sequence[Token]) -> Token | None:
    """The verb by which a clause that takes up a report (`reply_opens`) answers it: its
    first verb when that is one of denial, rejection or confirmation ("which Russia denies",
    "a claim Gowdy's office disputes"); None for another ("which would allow him to …")."""
    for tok in tail[1:]:
        if _reply_verb(tok):
            return tok
        if tok.pos_ == "VERB":
            return None
    return None


_OPENER_TAIL = frozenset({"that", "which", "whom"})
_NOT_SUBJECT = frozenset({"ADV", "AUX", "PART", "SCONJ", "PUNCT"})


def _answer(text: str, tail: list[Token], verb: Token) -> Attribution | None:
    """The answer as an attribution of its own: the verb as cue, what it answers ("which", "a
    claim") as content, and whoever answers as source ("the Kremlin" in "an accusation the
    Kremlin rejects", which the small parse misreads). None when no one is named ("…, a claim
    that could not be verified": the writer's doubt, a hedge on the report)."""
    opener = (
        1 if tail[0].lower_ == "which" else next((k + 1 for k, t in enumerate(tail) if t.pos_ in ("NOUN", "PROPN")), 1)
    )
    words = tail[opener : verb.i - tail[0].i]
    while words and words[0].lower_ in _OPENER_TAIL:
        words = words[1:]
    while words and words[-1].pos_ in _NOT_SUBJECT:
        words = words[:-1]
    if not words or any(t.pos_ in ("VERB", "AUX") and t.dep_ not in ("compound", "amod") for t in words):
        return None
    content = tail[opener - 1]
    return Attribution(
        cue=Span.of(text, verb.idx, verb.idx + len(verb)),
        content=Span.of(text, tail[0].idx, content.idx + len(content)),
        source=Span.of(text, words[0].idx, words[-1].idx + len(words[-1])),
        kind="indirect",
    )


def cut_answers(doc: Doc, text: str, found: list[Attribution]) -> list[Attribution]:
    """Each indirect content without a last clause that answers it (`answered_tail`), and the
    answer as an attribution of its own where the finders did not keep it ("which Russia
    denies"); the answer is no longer relayed by the report it answers."""
    out = []
    added = []
    cues = {a.cue.start for a in found}
    for at in found:
        end = answered_tail(doc, at.content) if at.kind in ("indirect", "nominal") and not at.content_more else None
        if end is None:
            out.append(at)
            # the content already stops before the answer: "accused Kyiv of targeting the
            # grid[, an accusation Ukraine rejects]"
            after = answer_after(doc, at.content) if at.kind in ("indirect", "nominal") else None
            reply = _answer(text, after[1], after[0]) if after is not None and after[0].idx not in cues else None
            if reply is not None:
                added.append(reply)
                cues.add(reply.cue.start)
            continue
        comma, verb, tail = end
        piece = Span.of(text, at.content.start, comma.idx)
        if not piece.text.strip():
            out.append(at)
            continue
        out.append(replace(at, content=piece))
        answer = _answer(text, tail, verb) if verb.idx not in cues else None
        if answer is not None:
            added.append(answer)
            cues.add(answer.cue.start)
    if not added and all(a is b for a, b in zip(out, found, strict=True)):
        return found
    return _relinked([*out, *added])


def _relinked(found: list[Attribution]) -> list[Attribution]:
    """The attributions in text order, their relays linked afresh (`_link_relays`)."""
    ordered = sorted(found, key=lambda a: (a.cue.start, a.content.start))
    return _link_relays([replace(a, relayed_by=None) for a in ordered])


# adverbs that report what unnamed others say: "the company reportedly paid …", "the suspect
# allegedly fired …" (not "apparently", "seemingly": the writer's own inference)
HEARSAY = frozenset({"reportedly", "allegedly", "purportedly", "reputedly", "supposedly"})


def _runs(text: str, tokens: list[Token]) -> list[Span]:
    """The tokens as spans of consecutive tokens, without punctuation or spaces at their edges."""
    runs: list[list[Token]] = []
    for tok in tokens:
        if runs and runs[-1][-1].i + 1 == tok.i:
            runs[-1].append(tok)
        else:
            runs.append([tok])
    out = []
    for run in runs:
        while run and (run[0].is_punct or run[0].is_space):
            run = run[1:]
        while run and (run[-1].is_punct or run[-1].is_space):
            run = run[:-1]
        if run:
            out.append(Span.of(text, run[0].idx, run[-1].idx + len(run[-1])))
    return out


def hearsay(doc: Doc, text: str, found: list[Attribution]) -> list[Attribution]:
    """What the article reports on no one's word but "reportedly" or "allegedly": an
    attribution with that adverb as cue, no source, and the clause it modifies as content ("The
    company | paid $2 million to settle the claims"). Not where the clause is already another's
    report ("police said the suspect allegedly fired …": the hedge is on that report) or the
    adverb modifies a cue ("Kim reportedly said …")."""
    regions = doc._.regions or []
    cues = {a.cue.start for a in found}
    added = []
    for tok in doc:
        if tok.lower_ not in HEARSAY or tok.dep_ != "advmod":
            continue
        verb = tok.head
        if verb.pos_ not in ("VERB", "AUX"):
            continue
        if verb.idx in cues or _in_regions(tok.idx, regions):
            continue
        if any(piece.start <= tok.idx < piece.end for a in found for piece in a.contents):
            continue
        first, end = sentence_start(doc, verb.i), sentence_end(doc, verb.i)
        clause = [t for t in verb.subtree if t.i != tok.i and first <= t.i < end]
        pieces = _runs(text, clause)
        if not pieces:
            continue
        cue = Span.of(text, tok.idx, tok.idx + len(tok))
        added.append(Attribution(cue=cue, content=pieces[0], content_more=tuple(pieces[1:]), kind="indirect"))
    return _relinked([*found, *added]) if added else found


def answer_after(doc: Doc, content: Span) -> tuple[Token, list[Token]] | None:
    """The clause right after a content that answers it (", which Russia denies", ", a claim
    that could not be verified"): its answering verb and its words, or None."""
    span = doc.char_span(content.start, content.end, alignment_mode="expand")
    if span is None or span.end >= len(doc) or doc[span.end].text not in _BREAKS:
        return None
    tail = [t for t in doc[span.end + 1 : sentence_end(doc, span.end)] if not t.is_punct]
    verb = answer_verb(tail) if reply_opens(tail) else None
    return None if verb is None else (verb, tail)


def _link_answers(doc: Doc, found: list[Attribution]) -> list[Attribution]:
    """Each answer to a report ("which Russia denies") with the index of the report it answers."""
    by_cue = {a.cue.start: i for i, a in enumerate(found)}
    out = list(found)
    for i, report in enumerate(found):
        after = answer_after(doc, report.content) if report.kind in ("indirect", "nominal") else None
        j = by_cue.get(after[0].idx) if after is not None else None
        if j is not None and j != i:
            out[j] = replace(out[j], answers=i)
    return out


def join_quote_paragraphs(text: str, found: list[Attribution]) -> list[Attribution]:
    """A quote paragraph right after a quote credited after it (“A,” she said. ¶ “B.”) is more
    of the same statement: its content becomes a further piece of that quote's, and so does
    each quote paragraph that follows straight on. After a report in the writer's words ("She
    said the plan was dead." ¶ “B.”) the paragraph stays a statement of its own."""
    owner: dict[int, int] = {}  # quote paragraph -> the direct quote it continues
    ends: dict[int, int] = {}  # direct quote -> where its last piece's paragraph ends
    for i, at in enumerate(found):
        if at.kind == "direct" and at.content.end <= at.cue.start:
            ends[i] = at.contents[-1].end
    for j, q in sorted(enumerate(found), key=lambda x: x[1].content.start):
        if q.kind != "quote_paragraph":
            continue
        for i, end in ends.items():
            if found[i].cue == q.cue and _next_paragraph(text, max(end, found[i].cue.end), q.content.start):
                owner[j] = i
                ends[i] = q.content.end
                break
    if not owner:
        return found
    more: dict[int, list[Span]] = {}
    for j, i in owner.items():
        more.setdefault(i, []).append(found[j].content)
    out = []
    for k, at in enumerate(found):
        if k in owner:
            continue
        if k in more:
            at = replace(at, content_more=(*at.content_more, *sorted(more[k], key=lambda s: s.start)))
        out.append(at)
    return _relinked(out)


def join_next_quotes(
    doc: Doc, text: str, found: list[Attribution], quotes: list[Quote] | None = None
) -> list[Attribution]:
    """A quote that opens the sentence right after a credited quote's (“A,” the mayor said
    after meeting the protesters who had gathered outside. “B.”), in the same paragraph, and
    that no attribution has taken, is more of the credited quote: the finders join only what
    follows the credit with no verb or long phrase between (`_adjacent_quotes`). On PolNeAR
    train 116 of 132 such quotes are annotated as part of the quote before them. `quotes`:
    the text's quotes, when the caller has them."""
    quotes = [q for q in (find_quotes(text) if quotes is None else quotes) if q.closed]
    taken = [c for a in found for c in a.contents]
    out = list(found)
    changed = False
    for k, at in enumerate(found):
        if at.kind != "direct" or at.content.end > at.cue.start or at.contents[-1].start > at.cue.start:
            continue
        cue = doc.char_span(at.cue.start, at.cue.end, alignment_mode="expand")
        if cue is None:
            continue
        last = doc[sentence_end(doc, cue[0].i) - 1]
        cursor = last.idx + len(last)  # where the credit's sentence ends
        if any(at.cue.end <= q.start < cursor for q in quotes):
            continue  # a quote in the credit's own sentence: the finders' to join or not
        pieces: list[Span] = []
        for q in quotes:
            if q.start < cursor:
                continue
            inner = Span.of(text, q.inner_start, q.inner_end)
            gap = text[cursor : q.start]
            if gap.strip() or "\n" in gap or any(inner.overlaps(c) for c in taken):
                break
            pieces.append(inner)
            cursor = q.end
        if pieces:
            out[k] = replace(at, content_more=(*at.content_more, *pieces))
            taken.extend(pieces)
            changed = True
    return _relinked(out) if changed else found


def _next_paragraph(text: str, after: int, start: int) -> bool:
    """Whether offset `start` opens the paragraph next after the one holding offset `after`."""
    gap = text[after:start]
    brk = gap.find("\n")
    if brk < 0 or gap[brk:].strip(" \t\n“\"'‘"):
        return False
    rest = gap[:brk].lstrip(".,!?;:”\"' ")  # the quote's own closing marks, then the credit
    return not _QUOTE_CHARS & set(rest)


def headline_reports(doc: Doc, text: str, found: list[Attribution]) -> list[Attribution]:
    """Reports in Title Case headlines: "Sanders Vows To Eliminate Tax Breaks", "Kremlin Denies
    Troop Build-Up". The tagger takes their capitalised verbs for proper nouns, so the finders,
    which read the parse, pass them by. In a Title Case line with no report found in it, the
    first capitalised present-tense cue ("Vows", "Denies") after a short run of words is the
    cue, the run (after its last comma or colon) the source, and the rest of the line the
    content. Not in page furniture or captions."""
    added: list[Attribution] = []
    furniture = [r for r in doc._.regions or () if r.kind in ("furniture", "caption")]
    for span in lines(text):
        if not title_case(span.text) or any(span.start <= a.cue.start < span.end for a in found):
            continue
        if _in_regions(span.start, furniture):
            continue  # "Related: Putin Says Talks Are Over" links elsewhere
        line = doc.char_span(span.start, span.end, alignment_mode="expand")
        words = [t for t in line or () if not t.is_space]
        for k, tok in enumerate(words[1:], start=1):
            if not tok.text[:1].isupper() or lexicons.present_cue(tok.text) is None:
                continue
            breaks = [i for i, t in enumerate(words[:k]) if t.text in (",", ":")]
            source = words[breaks[-1] + 1 if breaks else 0 : k]
            content = words[k + 1 :]
            if content and content[0].lower_ == "that":
                content = content[1:]
            while content and (content[-1].is_punct or content[-1].is_quote):
                content = content[:-1]
            # (a source with a quote mark in it credits the quote before it: “…,’ Dean Tells Party")
            if source and len(source) <= 6 and content and not any(t.is_quote for t in source):
                added.append(
                    Attribution(
                        cue=Span.of(text, tok.idx, tok.idx + len(tok)),
                        content=Span.of(text, content[0].idx, content[-1].idx + len(content[-1])),
                        source=Span.of(text, source[0].idx, source[-1].idx + len(source[-1])),
                    )
                )
            break
    return _relinked(found + added) if added else found


# verbs that set a figure ("put the death toll at 1,200") and the figures they set
_SETTERS = frozenset({"put", "place", "peg"})
_FIGURE_NOUNS = frozenset(
    "toll figure number cost total count tally estimate loss losses price value size turnout casualties".split()
)


def figure_reports(doc: Doc, text: str, found: list[Attribution]) -> list[Attribution]:
    """A voice's figure given with a verb that only sets it: "Israeli officials put the death
    toll at about 1,200", "economists have put the figure closer to 4,000", "analysts peg the
    cost at $3bn". The cue is the verb, the content the figure's noun through the number; not
    "put the troops on alert" (no figure noun) nor a figure noun with no number after it."""
    regions = doc._.regions or []
    cues = {a.cue.start for a in found}
    added = []
    for tok in doc:
        if tok.pos_ != "VERB" or tok.lemma_.lower() not in _SETTERS or tok.idx in cues:
            continue
        obj = next((c for c in tok.children if c.dep_ == "dobj" and c.lemma_.lower() in _FIGURE_NOUNS), None)
        if obj is None or _in_regions(tok.idx, regions):
            continue
        values = [
            c
            for c in tok.children
            if c.i > obj.i and c.dep_ in ("prep", "advmod") and any(t.like_num for t in c.subtree)
        ]
        if not values:
            continue
        value = values[-1]  # "the death toll from the Oct. 7 attack at about 1,200"
        cue = Span.of(text, tok.idx, tok.idx + len(tok))
        last = doc[value.right_edge.i]
        content = Span.of(text, doc[obj.left_edge.i].idx, last.idx + len(last))
        added.append(Attribution(cue=cue, content=content, source=find_source(tok), kind="indirect"))
    return _relinked([*found, *added]) if added else found


def finish(doc: Doc, found: list[Attribution], quotes: list[Quote] | None = None) -> list[Attribution]:
    """What either finder keeps, made final on the text: quotes closed (`close_quotes`), the
    quote after a credit joined to the quote it continues (`join_next_quotes`), quote
    paragraphs joined to the quote they continue (`join_quote_paragraphs`), reports in Title
    Case headlines added (`headline_reports`), answers cut from the reports they answer
    (`cut_answers`), hearsay added (`hearsay`), figures a voice sets added (`figure_reports`),
    and each answer linked to its report. `quotes` are the text's quotes, when the finder has
    them already."""
    text = text_of(doc)
    joined = join_quote_paragraphs(text, join_next_quotes(doc, text, close_quotes(text, found), quotes))
    answered = cut_answers(doc, text, headline_reports(doc, text, joined))
    return _link_answers(doc, figure_reports(doc, text, hearsay(doc, text, answered)))


def _link_relays(found: list[Attribution]) -> list[Attribution]:
    """An attribution whose cue lies inside another's content is relayed by the innermost such
    one. When each content holds the other's cue, "according to" frames the other: in "Weaver
    says his streak is proof …, according to the Associated Press" the AP relays Weaver."""
    out = []
    for i, a in enumerate(found):
        holders = [
            (b.content.end - b.content.start, j)
            for j, b in enumerate(found)
            if j != i
            and b.content.contains(a.cue)
            and (not a.content.contains(b.cue) or (b.kind == "according_to" and a.kind != "according_to"))
        ]
        out.append(replace(a, relayed_by=min(holders)[1]) if holders else a)
    return out


class LearnedAttributionFinder:
    """Candidates from the parse, judged by the shipped scorer (see `whosaid.pipeline.scorer`)."""

    def __init__(self, settings: Settings = DEFAULTS, pipeline: str | None = None) -> None:
        """`pipeline` ("en_core_web_sm 3.8.0"): the spaCy pipeline it runs in; the token tagger
        reads only the vectors of the one it was trained on."""
        from whosaid.pipeline import scorer

        self.scorer = scorer
        self.model = scorer.shipped_model()
        self.settings = settings
        tagger = self.model.tagger
        self.tagger = tagger if tagger is not None and pipeline == tagger.pipeline else None

    def predict(self, doc: Doc, view: DocView | None = None) -> list[Attribution]:
        view = view or self.scorer.DocView.of(doc, self.tagger)
        found = self.scorer.score_candidates(doc, self.model, self.settings, view)
        return self.scorer.select(doc, found, self.model.threshold, self.settings, view)

    def __call__(self, doc: Doc) -> Doc:
        view = self.scorer.DocView.of(doc, self.tagger)
        doc._.attributions = finish(doc, self.predict(doc, view), view.quotes)
        return doc


@Language.factory(
    "whosaid_attributions",
    default_config={"learned": True},
    requires=["token.dep", "token.lemma", "token.pos", "doc.sents"],
    assigns=["doc._.attributions"],
)
def make_attributions(nlp: Language, name: str, learned: bool) -> AttributionFinder | LearnedAttributionFinder:
    """`learned=True` (the default): the trained scorer over parse candidates;
    `learned=False`: the hand-written rules alone."""
    from whosaid.pipeline.tagger import pipeline_name

    return LearnedAttributionFinder(pipeline=pipeline_name(nlp.meta)) if learned else AttributionFinder()
