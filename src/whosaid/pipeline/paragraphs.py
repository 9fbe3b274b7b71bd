"""Line breaks end sentences: a component that runs before the parser.

The parser otherwise runs a headline, a dateline or a short paragraph into the next one ("Lawmaker
urges retaliation on Russia;" + "A senior lawmaker urged ...": one sentence, so "officials
said" took both as its content). whosaid reads a line as a paragraph everywhere else; here
the token after a line break starts a sentence, unless the break only wraps a line of running
text (the line stops without closing punctuation and the next begins in lower case), and so
does the first word after a dateline ("WASHINGTON (AP) — ").
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from whosaid.pipeline.bounds import text_of

_CLOSING = frozenset(".!?:;\"'”’)]—–-|")
# a dateline opening a paragraph: "WASHINGTON (AP) — ", "KYIV, Nov 27 (Reuters) - "
_DATELINE = re.compile(
    r"[A-Z][A-Z.'’ -]{1,40}[A-Z.](?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?(?:\s*\([A-Za-z. ]{2,20}\))?\s*(?:—|–|--|-)\s+"
)


def wrapped(text: str, newline: int) -> bool:
    """Whether the line break at `newline` only wraps running text: "... urged the\\nadministration"."""
    if text.startswith("\n", newline + 1):
        return False  # a blank line
    before = text[:newline].rstrip(" \t")
    after = text[newline + 1 :].lstrip(" \t")
    return bool(before) and before[-1] not in _CLOSING and after[:1].islower()


def mark_breaks(doc: Doc) -> Doc:
    """Set a sentence start on the first token after each paragraph break, and after a
    dateline that opens a paragraph ("BRUSSELS - European leaders said ...": the city is not
    part of the subject)."""
    text = text_of(doc)
    for i in range(len(doc)):
        tok = doc[i]
        if tok.is_space:
            continue
        if i > 0:
            prev = doc[i - 1]
            gap = prev.whitespace_ if not prev.is_space else prev.text + prev.whitespace_
            if "\n" not in gap or wrapped(text, text.rfind("\n", 0, tok.idx)):
                continue
            tok.is_sent_start = True
        dateline = _DATELINE.match(text, tok.idx)
        if dateline is not None:
            after = next((t for t in doc[i + 1 :] if t.idx >= dateline.end()), None)
            if after is not None and after.idx == dateline.end():
                after.is_sent_start = True
    return doc


@Language.factory("whosaid_paragraphs")
def make_paragraphs(nlp: Language, name: str) -> object:
    return mark_breaks
