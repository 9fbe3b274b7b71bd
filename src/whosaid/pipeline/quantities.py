"""Figures: value, approximation ("about", "some"), bounds ("up to") and what is counted, and
the figures in one document that disagree beyond what their approximations allow.

Reads the parse; writes `doc._.quantities` and `doc._.conflicts`.
"""

from __future__ import annotations

import re
from itertools import combinations

from spacy.language import Language
from spacy.tokens import Doc, Token

from whosaid import lexicons
from whosaid.config import DEFAULTS, Settings
from whosaid.pipeline.bounds import sentence_end, sentence_start, text_of
from whosaid.records import Conflict, Quantity, Span

_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")
# a scale written short, after the digits or as the next token: "£2m", "$1.5bn", "40mn", "2tn"
_SHORT = re.compile(r"^(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(k|m|mn|bn|tn)$", re.IGNORECASE)
_SHORT_SCALES = {"k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9, "tn": 1e12}
# "k" and "m" are kilometres and metres as often: a scale only for money or a count of
# something ("3.4m people"); "bn", "mn" and "tn" always
_AMBIGUOUS_SCALES = frozenset({"k", "m"})
# the currency a symbol before a figure names, as what the figure counts
_CURRENCIES = {"$": "dollars", "US$": "dollars", "£": "pounds", "€": "euros", "¥": "yen"}
_CURRENCY_WORDS = frozenset({*_CURRENCIES.values(), "dollar", "pound", "euro"})
_SKIP_ENTS = frozenset({"DATE", "TIME", "ORDINAL"})
_SCALES = frozenset({"hundred", "thousand", "million", "billion", "trillion"})

for _name in ("quantities", "conflicts"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


def parse_number(words: list[str]) -> float | None:
    """'10,000' -> 10000; 'two' -> 2; '1.5 million' -> 1500000; 'twenty-six' -> 26."""
    table = lexicons.numbers()
    total = 0.0
    current: float | None = None
    for raw in words:
        w = raw.lower().replace("-", " ")
        for part in w.split():
            if _DIGITS.match(part):
                current = (current or 0) + float(part.replace(",", ""))
            elif part in _SCALES and current is not None:
                current *= table[part]
                if part != "hundred":
                    total += current
                    current = None
            elif part in table:
                current = (current or 0) + table[part]
            else:
                return None
    value = total + (current or 0)
    return value if (current is not None or total) else None


def _approximator(doc: Doc, first: int) -> tuple[bool, str | None, int]:
    """Look left of the figure for 'about', 'some', 'up to', 'at least'...; return (approx, bound, start)."""
    table = lexicons.approximators()
    for n in (3, 2, 1):
        if first - n < 0:
            continue
        words = tuple(t.lower_ for t in doc[first - n : first])
        kind = table.get(words)
        if kind is not None:
            if kind == "approx":
                return True, None, first - n
            return False, kind, first - n
    return False, None, first


def _counted(tok: Token) -> str | None:
    """The noun a figure counts: 'about 10,000 elite troops' -> 'troops'; '26-year-old' -> 'year'."""
    head = tok.head
    if tok.dep_ in ("nummod", "quantmod") and head.pos_ in ("NOUN", "PROPN") and head.i != tok.i:
        return head.lower_
    if tok.dep_ in ("nummod", "quantmod", "compound") and head.head.pos_ == "NOUN" and head.pos_ == "NUM":
        return head.head.lower_
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    if nxt is not None and nxt.text == "-" and tok.i + 2 < len(tok.doc):
        return tok.doc[tok.i + 2].lower_
    if nxt is not None and nxt.pos_ == "NOUN":
        return nxt.lower_
    return None


_UNITS_OF_TIME = frozenset(
    "second seconds minute minutes hour hours day days week weeks month months year years decade decades".split()
)


def _is_duration(ent: object) -> bool:
    """'up to five days', '26-year-old', 'five months ago' count time; 'May 5, 2016' is a date."""
    return any(t.lower_ in _UNITS_OF_TIME for t in ent) and not any(t.shape_ == "dddd" for t in ent)  # type: ignore[attr-defined]


def find_quantities(doc: Doc) -> list[Quantity]:
    out: list[Quantity] = []
    text = text_of(doc)
    skip = {t.i for e in doc.ents if e.label_ in _SKIP_ENTS and not _is_duration(e) for t in e}
    i = 0
    n = len(doc)
    while i < n:
        tok = doc[i]
        if not (tok.like_num or tok.pos_ == "NUM" or _SHORT.match(tok.text.rstrip("."))) or i in skip:
            i += 1
            continue
        j = _number_end(doc, i, skip)
        if _calendar(doc, i, j):
            i = j + 1
            continue
        ratio = _denominator(doc, j, skip)
        if tok.lower_ == "one" and tok.dep_ != "nummod" and ratio is None:
            i += 1
            continue
        value = parse_number([t.text for t in doc[i : j + 1]])
        currency = _CURRENCIES.get(doc[i - 1].text) if i > 0 else None
        short = _short_scale(doc, i, j, currency is not None)
        if short is not None:
            value, j = short
        if ratio is not None and value is not None:
            # "1 in 4 residents", "two out of three voters": a share, in percent, not a count
            below = parse_number([t.text for t in doc[ratio[0] : ratio[1] + 1]])
            value = 100 * value / below if below else None
            j = ratio[1]
        if value is None:
            i = j + 1
            continue
        approx, bound, first = _approximator(doc, i - 1 if currency else i)
        if currency and first == i - 1:
            first = i - 1  # the symbol is part of the figure: "£2m"
        counted = _counted(doc[j])
        if currency and (counted is None or counted in _SHORT_SCALES or counted == "worth"):
            counted = currency
        last = j
        if counted is not None:
            # extend the span over modifiers to the counted noun ("10,000 elite troops")
            for k in range(j + 1, min(j + 6, n)):
                if doc[k].lower_ == counted:
                    last = k
                    break
            if ratio is not None:
                counted = f"percent of {counted}"  # "1 in 4 residents" is 25 percent of residents
            elif counted in _SHARES:
                # "55% of women": a share is of something; "percent" alone says not of what
                whole = _share_of(doc, last)
                if whole is not None:
                    counted, last = f"percent of {whole.lower_}", whole.i
                else:
                    counted = "percent"
        elif ratio is not None:
            counted = "percent"
        start, end = doc[first].idx, doc[last].idx + len(doc[last].text.rstrip(".") or doc[last].text)
        out.append(Quantity(Span(start, end, text[start:end]), value, approx, bound, counted))  # type: ignore[arg-type]
        i = j + 1
    return out


_SHARES = frozenset({"%", "percent", "cent", "pct"})  # "cent" of "per cent"


def _short_scale(doc: Doc, i: int, j: int, money: bool) -> tuple[float, int] | None:
    """The value and last token of a figure whose scale is written short ("£2m", "$1.5bn",
    "3.4m people", "£2 m"), or None when its scale is not short."""
    match = _SHORT.match(doc[j].text.rstrip("."))  # ("€40m." at a sentence's end is one token)
    if match is not None and i == j:
        digits, scale, last = match.group(1), match.group(2).lower(), j
    elif j + 1 < len(doc) and doc[j + 1].lower_.rstrip(".") in _SHORT_SCALES:
        digits, scale, last = doc[i : j + 1].text, doc[j + 1].lower_.rstrip("."), j + 1
        if not _DIGITS.match(digits):
            return None
    else:
        return None
    if scale in _AMBIGUOUS_SCALES and not money:
        after = doc[last + 1] if last + 1 < len(doc) else None
        if after is None or after.tag_ not in ("NNS", "NNPS"):
            return None
    return float(digits.replace(",", "")) * _SHORT_SCALES[scale], last


def _number_end(doc: Doc, i: int, skip: set[int]) -> int:
    """The last token of the number that starts at token i ("1.5 million", "twenty one"); two
    runs of digits are two numbers ("2026 08.00")."""
    j = i
    while j + 1 < len(doc) and (doc[j + 1].like_num or doc[j + 1].lower_ in _SCALES) and j + 1 not in skip:
        if doc[j].text[:1].isdigit() and doc[j + 1].text[:1].isdigit():
            break
        j += 1
    return j


_MONTHS = frozenset(
    "jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june july "
    "august september october november december".split()
)
_WEEKDAYS = frozenset("mon tue tues wed thu thur thurs fri sat sun".split())
_CLOCK = re.compile(r"^\d{1,2}:\d{2}$|^0\d\.\d{2}$")
_ZONES = frozenset("gmt bst utc cet cest est edt pst pdt et pt a.m. p.m. am pm hrs".split())


def _calendar(doc: Doc, i: int, j: int) -> bool:
    """The number is part of a date or time the tagger did not mark: a day beside its month
    ("23 Nov", "Nov 23"), a time of day ("08.00 GMT", "10:30"), or a year ("a 2023 study": four
    digits from 1800 to 2100, not counting a plural noun after them, as "2000 troops" does)."""
    before = doc[i - 1].lower_.rstrip(".") if i > 0 else ""
    after = doc[j + 1] if j + 1 < len(doc) else None
    if before in _MONTHS or before in _WEEKDAYS or (after is not None and after.lower_.rstrip(".") in _MONTHS):
        return True
    text = doc[i].text
    if _CLOCK.match(text) or (after is not None and after.lower_ in _ZONES):
        return True  # a time of day: "08.00 GMT", "10:30"
    year = i == j and len(text) == 4 and text.isdigit() and 1800 <= int(text) <= 2100
    money = i > 0 and doc[i - 1].text in _CURRENCIES
    return year and not (after is not None and after.tag_ in ("NNS", "NNPS")) and not money


def _denominator(doc: Doc, j: int, skip: set[int]) -> tuple[int, int] | None:
    """The tokens of the number after "in" or "out of" that makes the number ending at j a
    share: "1 in 4", "two out of three"."""
    k = j + 1
    words = [t.lower_ for t in doc[k : k + 2]]
    if words[:1] == ["in"]:
        k += 1
    elif words == ["out", "of"]:
        k += 2
    else:
        return None
    if k >= len(doc) or k in skip or not doc[k].like_num:
        return None
    return k, _number_end(doc, k, skip)


def _share_of(doc: Doc, last: int) -> Token | None:
    """The noun a percentage is a share of: "55% of women" -> women."""
    if last + 1 >= len(doc) or doc[last + 1].lower_ != "of":
        return None
    of = doc[last + 1]
    return next((c for c in of.children if c.dep_ == "pobj" and c.pos_ in ("NOUN", "PROPN")), None)


def _share(q: Quantity) -> bool:
    # two shares of one population in one article are most often answers to two questions
    # ("74 percent of Democrats …", "nine in 10 Democrats …"): across articles a claim holds them
    return (q.counts or "").startswith("percent")


def comparable(q: Quantity, money: bool = False) -> bool:
    """Whether the figure says what it counts: not a bare "46 percent", which says not of what,
    nor a bare sum of money ("$311,000"), which says not what it pays for (on PolNeAR train+dev
    sums compared by their currency alone took the in-article conflicts from 27 to 75, most of
    them between sums for different things). `money`: a sum counts its currency, for figures
    already known to be about one thing (one claim's, across articles)."""
    return bool(q.counts) and q.counts != "percent" and (money or q.counts not in _CURRENCY_WORDS)


def agree(a: Quantity, b: Quantity, tolerance: float) -> bool:
    """Do two figures about the same thing agree, given their approximations and bounds?

    A bound admits anything on its side ("up to five days" admits four); an approximate
    figure admits a relative gap up to `tolerance`; two exact figures must be equal.
    """
    if a.bound or b.bound:
        lo_a, hi_a = _range(a)
        lo_b, hi_b = _range(b)
        return lo_a <= hi_b and lo_b <= hi_a
    gap = abs(a.value - b.value) / max(a.value, b.value, 1e-9)
    return gap <= (tolerance if (a.approx or b.approx) else 0.0)


def _range(q: Quantity) -> tuple[float, float]:
    if q.bound == "at_most":
        return 0.0, q.value
    if q.bound == "at_least":
        return q.value, float("inf")
    return q.value, q.value


def conflicts(doc: Doc, quantities: list[Quantity], settings: Settings = DEFAULTS) -> list[Conflict]:
    """Figures counting the same noun, in sentences sharing a named entity, that do not agree,
    in the reports of two voices ("Kyiv says 10,000 troops …", "Moscow says 8,000 …"): one
    voice's "46 percent to 42 percent", "up from 1,200", or the article's own tallies of
    delegates state by state compare things, they do not disagree (on PolNeAR train+dev the
    rule took the in-article conflicts from 2,115 to 28). Shares do not conflict within an
    article (a claim across articles may hold two), and a percentage that does not say of what
    ("46 percent") conflicts with nothing."""
    out: list[Conflict] = []
    keyed = [q for q in quantities if comparable(q) and not _share(q) and q.value >= 2]
    for a, b in combinations(keyed, 2):
        if _lemma(a.counts) != _lemma(b.counts) or agree(a, b, settings.approx_tolerance):
            continue
        if not _same_topic(doc, a, b) or not _two_voices(doc, a, b):
            continue
        gap = abs(a.value - b.value) / max(a.value, b.value)
        out.append(Conflict(_lemma(a.counts), a, b, gap))
    return out


def _lemma(word: str | None) -> str:
    w = (word or "").lower().replace("%", "percent")
    return w[:-1] if w.endswith("s") and not w.endswith("ss") else w


_TOPIC_LABELS = frozenset({"GPE", "NORP", "ORG", "PERSON", "LOC"})


def _names_near(doc: Doc, i: int) -> set[str]:
    """Named entities in the sentence around token i (without Token.sent, which walks the parse)."""
    start, end = sentence_start(doc, i), sentence_end(doc, i)
    return {e.text.lower() for e in doc.ents if start <= e.start < end and e.label_ in _TOPIC_LABELS}


def _two_voices(doc: Doc, a: Quantity, b: Quantity) -> bool:
    """Each figure in the content of a report by another speaker than the other's."""

    def voice(q: Quantity) -> str | None:
        holders = [
            at
            for at in doc._.attributions or []
            if any(p.start <= q.span.start and q.span.end <= p.end for p in at.contents)
        ]
        inner = min(holders, key=lambda at: at.content.end - at.content.start, default=None)
        return None if inner is None else (inner.speaker or (inner.source.text if inner.source else None))

    first, second = voice(a), voice(b)
    return first is not None and second is not None and first != second


def _same_topic(doc: Doc, a: Quantity, b: Quantity) -> bool:
    sa = doc.char_span(a.span.start, a.span.end, alignment_mode="expand")
    sb = doc.char_span(b.span.start, b.span.end, alignment_mode="expand")
    if sa is None or sb is None:
        return False
    names_a = _names_near(doc, sa.start)
    names_b = _names_near(doc, sb.start)
    return bool(names_a & names_b)


class QuantityFinder:
    def __init__(self, settings: Settings = DEFAULTS) -> None:
        self.settings = settings

    def __call__(self, doc: Doc) -> Doc:
        quantities = find_quantities(doc)
        doc._.quantities = quantities
        doc._.conflicts = conflicts(doc, quantities, self.settings)
        return doc


@Language.factory(
    "whosaid_quantities", requires=["token.dep", "doc.ents"], assigns=["doc._.quantities", "doc._.conflicts"]
)
def make_quantities(nlp: Language, name: str) -> QuantityFinder:
    return QuantityFinder()
