"""Sentence and paragraph bounds shared by the components.

Token.sent and Doc.text walk the whole document on every call; these look only as far as
the nearest boundary, or build the text once per document.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from spacy.tokens import Doc

# A Doc's text never changes (retokenizing keeps it), so it is built once per Doc, which
# Doc.text does again on every call; kept only while the Doc lives
_TEXTS: WeakKeyDictionary[Doc, str] = WeakKeyDictionary()


def text_of(doc: Doc) -> str:
    """The document's text, as Doc.text gives it, built once."""
    text = _TEXTS.get(doc)
    if text is None:
        text = _TEXTS[doc] = doc.text
    return text


def token_text(doc: Doc, first: int, last: int) -> str:
    """The text from token `first` to token `last` (inclusive), as `doc[first : last + 1].text`
    gives it, without building a Token for every word between."""
    end = doc[last]
    return text_of(doc)[doc[first].idx : end.idx + len(end)]


def sentence_start(doc: Doc, i: int, limit: int = 0) -> int:
    """Index of the first token of token i's sentence (looking back no further than `limit`)."""
    while i > limit and not doc[i].is_sent_start:
        i -= 1
    return i


def sentence_end(doc: Doc, i: int) -> int:
    """Index one past the last token of token i's sentence."""
    i += 1
    while i < len(doc) and not doc[i].is_sent_start:
        i += 1
    return i


def paragraphs_back(text: str, offset: int, paragraphs: int) -> int:
    """Offset of the start of the paragraph `paragraphs` line breaks before `offset`."""
    for _ in range(paragraphs):
        offset = text.rfind("\n", 0, max(offset - 1, 0)) + 1
    return offset
