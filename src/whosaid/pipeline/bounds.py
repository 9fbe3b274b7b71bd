"""Sentence and paragraph bounds shared by the components.

Token.sent and Doc.text walk the whole document on every call; these look only as far as
the nearest boundary.
"""

from __future__ import annotations

from spacy.tokens import Doc


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
