"""Quotation marks paired into quote spans, across sentences and paragraph breaks.

Curly quotes pair “ with ”; straight quotes pair in order within a paragraph. An unclosed
quote ends at its paragraph's end (the newspaper convention for multi-paragraph quotes).
"""

from __future__ import annotations

from dataclasses import dataclass

OPEN = "“"
CLOSE = "”"
STRAIGHT = '"'


@dataclass(frozen=True)
class Quote:
    """`start`/`end` include the marks; `inner_start`/`inner_end` exclude them."""

    start: int
    end: int
    closed: bool

    @property
    def inner_start(self) -> int:
        return self.start + 1

    @property
    def inner_end(self) -> int:
        return self.end - 1 if self.closed else self.end


def find_quotes(text: str) -> list[Quote]:
    quotes: list[Quote] = []
    open_at: int | None = None
    opener = ""
    for i, ch in enumerate(text):
        if ch == "\n":
            if open_at is not None and i - open_at > 1:
                quotes.append(Quote(open_at, i, closed=False))
            open_at = None
        elif open_at is None:
            if ch == OPEN or (ch == STRAIGHT and _opens(text, i)):
                open_at, opener = i, ch
        elif (opener == OPEN and ch == CLOSE) or (opener == STRAIGHT and ch == STRAIGHT):
            if i - open_at > 1:
                quotes.append(Quote(open_at, i + 1, closed=True))
            open_at = None
        elif opener == OPEN and ch == OPEN:
            open_at = i  # an unbalanced opener: restart from the newer one
    if open_at is not None and len(text) - open_at > 1:
        quotes.append(Quote(open_at, len(text), closed=False))
    return quotes


def _opens(text: str, i: int) -> bool:
    """A straight quote opens when it is not glued to the end of a word."""
    return i == 0 or not text[i - 1].isalnum()
