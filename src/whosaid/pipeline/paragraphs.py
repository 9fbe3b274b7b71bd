"""Line breaks end sentences: a component that runs before the parser.

The parser otherwise runs a headline, a dateline or a short paragraph into the next one ("Lawmaker
urges retaliation on Russia;" + "A senior lawmaker urged ...": one sentence, so "officials
said" took both as its content). whosaid reads a line as a paragraph everywhere else; here
the token after a line break starts a sentence, unless the break only wraps a line of running
text (the line stops without closing punctuation and the next begins in lower case).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

_CLOSING = frozenset(".!?:;\"'”’)]—–-|")


def wrapped(text: str, newline: int) -> bool:
    """Whether the line break at `newline` only wraps running text: "... urged the\\nadministration"."""
    if text.startswith("\n", newline + 1):
        return False  # a blank line
    before = text[:newline].rstrip(" \t")
    after = text[newline + 1 :].lstrip(" \t")
    return bool(before) and before[-1] not in _CLOSING and after[:1].islower()


def mark_breaks(doc: Doc) -> Doc:
    """Set a sentence start on the first token after each paragraph break."""
    text = doc.text
    for i in range(1, len(doc)):
        tok, prev = doc[i], doc[i - 1]
        if tok.is_space:
            continue
        gap = prev.whitespace_ if not prev.is_space else prev.text + prev.whitespace_
        if "\n" not in gap:
            continue
        newline = text.rfind("\n", 0, tok.idx)
        if not wrapped(text, newline):
            tok.is_sent_start = True
    return doc


@Language.factory("whosaid_paragraphs")
def make_paragraphs(nlp: Language, name: str) -> object:
    return mark_breaks
