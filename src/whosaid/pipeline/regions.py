"""Page furniture, captions and glued-in headlines, found line by line and marked as regions.

The text is never rewritten: regions are spans that later stages skip.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.language import Language
from spacy.tokens import Doc

from whosaid import lexicons
from whosaid.pipeline.bounds import text_of
from whosaid.records import Region, Span

_LINE = re.compile(r"[^\n]+")
_END_PUNCT = tuple(".!?:;,\"”’')…")
_SMALL_WORDS = frozenset("a an the of for to in on at by and or but vs with from as is are was".split())


def _looks_like_heading(line: str) -> bool:
    """A short Title Case line with no closing punctuation: a headline, not a sentence."""
    return not line.endswith(_END_PUNCT) and title_case(line)


def title_case(line: str) -> bool:
    """A short line in Title Case ("Sanders Vows To Eliminate Tax Breaks."): a headline's
    casing, whatever its closing punctuation."""
    words = line.split()
    if not 3 <= len(words) <= 20:
        return False
    content = [w for w in words if w.lower() not in _SMALL_WORDS and w[:1].isalpha()]
    if len(content) < 3:
        return False
    capitalised = sum(1 for w in content if w[:1].isupper())
    return capitalised / len(content) >= 0.8


def _looks_like_caption(line: str) -> bool:
    """One or two capitalised words alone on a line: a name under a photo or a byline."""
    words = line.split()
    return 1 <= len(words) <= 3 and not line.endswith(_END_PUNCT) and all(w[:1].isupper() for w in words)


def lines(text: str) -> Iterator[Span]:
    """Each non-blank line of the text, without the spaces at its edges."""
    for m in _LINE.finditer(text):
        line = m.group().strip()
        if line:
            start = m.start() + (len(m.group()) - len(m.group().lstrip()))
            yield Span(start, start + len(line), line)


def find_regions(text: str) -> list[Region]:
    regions: list[Region] = []
    first = True
    for span in lines(text):
        line = span.text
        for kind, pattern in lexicons.furniture():
            if pattern.search(line):
                regions.append(Region(kind, span, f"matches furniture pattern {pattern.pattern!r}"))  # type: ignore[arg-type]
                break
        else:
            # The first line is the article's own headline (or lede); later headline-shaped
            # lines start a glued-in second article.
            if not first and _looks_like_heading(line):
                regions.append(Region("heading", span, "title-case line without closing punctuation"))
            elif not first and _looks_like_caption(line):
                regions.append(Region("caption", span, "short line of capitalised words (caption or byline)"))
        first = False
    return regions


if not Doc.has_extension("regions"):
    Doc.set_extension("regions", default=None)


@Language.factory("whosaid_regions", assigns=["doc._.regions"])
def make_regions(nlp: Language, name: str) -> RegionsComponent:
    return RegionsComponent()


class RegionsComponent:
    """Marks page furniture, captions and embedded headlines in `doc._.regions`."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.regions = find_regions(text_of(doc))
        return doc
