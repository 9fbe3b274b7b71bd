"""Quotation marks paired into quote spans, across sentences and paragraph breaks.

Curly quotes pair “ (or a ” that opens a paragraph, a common typo) with ”, or with a straight
mark that closes rather than opens a phrase (mixed marks); straight quotes, and doubled
apostrophes (''…''), pair in order within a paragraph. An unclosed quote ends at
its paragraph's end (the newspaper convention for multi-paragraph quotes).
"""

from __future__ import annotations

from dataclasses import dataclass

OPEN = "“"
CLOSE = "”"
STRAIGHT = '"'
APOSTROPHE = "'"
DOUBLED = "''"


@dataclass(frozen=True)
class Quote:
    """`start`/`end` include the marks; `inner_start`/`inner_end` exclude them. `mark` is the
    width of the marks: 1, or 2 for doubled apostrophes."""

    start: int
    end: int
    closed: bool
    mark: int = 1

    @property
    def inner_start(self) -> int:
        return self.start + self.mark

    @property
    def inner_end(self) -> int:
        return self.end - self.mark if self.closed else self.end


def find_quotes(text: str) -> list[Quote]:
    quotes: list[Quote] = []
    open_at: int | None = None
    opener = ""
    inner = False  # a straight-quoted phrase open inside a curly quote
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        # a run of apostrophes: two or more are a doubled-apostrophe mark (''...'', the
        # convention of some newswire archives); the mark is the run's last two
        run = 1
        if ch == APOSTROPHE:
            while i + run < n and text[i + run] == APOSTROPHE:
                run += 1
        if ch == "\n":
            if open_at is not None and i - open_at > len(opener):
                quotes.append(Quote(open_at, i, closed=False, mark=len(opener)))
            open_at = None
        elif open_at is None:
            inner = False
            if ch == OPEN or (ch == STRAIGHT and _opens(text, i)) or (ch == CLOSE and _starts_paragraph(text, i)):
                open_at, opener = i, ch
            elif run >= 2 and _opens(text, i):
                open_at, opener = i, DOUBLED
        elif opener == DOUBLED and run >= 2:
            end = i + run
            if text[open_at + 2 : i].strip():
                quotes.append(Quote(open_at, end, closed=True, mark=2))
            open_at = None
        elif opener in (OPEN, CLOSE) and ch == STRAIGHT:
            # a straight mark inside a curly quote: an inner phrase's, or mixed marks closing
            # it (“We’re going to build a wall," he said.)
            if inner or _opening_shaped(text, i):
                inner = not inner
            elif i - open_at > 1:
                quotes.append(Quote(open_at, i + 1, closed=True))
                open_at = None
        elif (opener in (OPEN, CLOSE) and ch == CLOSE) or (opener == STRAIGHT and ch in (STRAIGHT, CLOSE)):
            if i - open_at > 1:
                quotes.append(Quote(open_at, i + 1, closed=True))
            open_at = None
        elif opener in (OPEN, CLOSE) and ch == OPEN:
            if i - open_at > 1 and not text[i - 1].isspace():
                # an opening mark glued to the words before it closes the quote (“…,“)
                quotes.append(Quote(open_at, i + 1, closed=True))
                open_at = None
            else:
                open_at = i  # an unbalanced opener: restart from the newer one
        i += run
    if open_at is not None and n - open_at > len(opener):
        quotes.append(Quote(open_at, n, closed=False, mark=len(opener)))
    return quotes


def quoted(quotes: list[Quote], offset: int) -> bool:
    """Whether the character at `offset` lies inside one of the quotes (marks excluded)."""
    return any(q.start < offset < q.end for q in quotes)


def _starts_paragraph(text: str, i: int) -> bool:
    """A closing mark that opens a paragraph is a typo for an opening one (”Mr. Trump ...”)."""
    return text[text.rfind("\n", 0, i) + 1 : i].strip() == ""


def _opening_shaped(text: str, i: int) -> bool:
    """A mark after a space (or at the start) and before a word opens a phrase."""
    return (i == 0 or text[i - 1].isspace() or text[i - 1] in "([") and i + 1 < len(text) and not text[i + 1].isspace()


def _opens(text: str, i: int) -> bool:
    """A straight quote opens when it is not glued to the end of a word."""
    return i == 0 or not text[i - 1].isalnum()
