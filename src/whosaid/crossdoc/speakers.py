"""Speakers across articles: one canonical speaker per real person or organisation.

Names are merged when one document's entity lists the other as an alias (an acronym, a
surname, a title it was introduced with), or when a bare surname has exactly one full name
in the whole ledger that ends with it. Every merge keeps its evidence, and a name the user
has split off (`whosaid speakers --split NAME`) is never merged again.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from whosaid import lexicons
from whosaid.crossdoc.unionfind import UnionFind
from whosaid.records import Speaker, SpeakerName

_PERSONISH = frozenset({"person"})
_ACRONYM = re.compile(r"^[A-Z][A-Z.&-]{1,7}$")


@lru_cache(maxsize=1 << 16)
def norm(name: str) -> str:
    """The key a name is compared by: case, apostrophes, a leading "the" and possessives folded."""
    s = unicodedata.normalize("NFKC", name).replace("’", "'").strip().lower()
    s = re.sub(r"^the\s+", "", s)
    s = re.sub(r"'s?$", "", s)
    return re.sub(r"\s+", " ", s).strip(" ,.()")


@dataclass(frozen=True)
class EntityRow:
    document: str
    name: str
    kind: str
    aliases: tuple[str, ...]


def _place_key(key: str, shown: str) -> str | None:
    """'seoul's military' / 'south korean military' -> 'South Korea|military': a country's
    institution named by its capital, its name or its adjective, then one or two common
    nouns. Title-cased, only institution words count (`lexicons/bodies.txt`): "Chinese
    Foreign Ministry" is a body, "American University" a proper name, left alone."""
    places = lexicons.places()
    m = re.match(r"^(.+?)'s? (\w+(?: \w+)?)$", key)
    owner, body = (m.group(1), m.group(2)) if m else (None, None)
    if owner is None or owner not in places:
        # the longest place the key opens with, followed by one or two words
        words = key.split(" ")
        for cut in (len(words) - 1, len(words) - 2):
            if cut > 0 and (name := " ".join(words[:cut])) in places:
                owner, body = name, " ".join(words[cut:])
                break
        else:
            return None
    assert owner is not None and body is not None
    if body in lexicons.stopwords() or body in places:
        return None
    title_cased = shown.split()[-1][:1].isupper()
    if title_cased and not all(w in lexicons.bodies() for w in body.split()):
        return None
    return f"{places[owner]}|{body}"


def _alias_kind(alias: str) -> str | None:
    """Which aliases may merge names across articles: acronyms, proper names, titles."""
    words = alias.replace("’", "'").split()
    if not words or norm(alias) in lexicons.pronouns():
        return None
    if _ACRONYM.match(alias):
        return "acronym"
    if "," in alias or "(" in alias:
        return None  # "Ukrainian President, Volodymyr Zelenskyy": a mention, not a name
    titles = lexicons.titles()
    if any(w.lower() in titles for w in words):
        return "title"
    if all(w[:1].isupper() for w in words):
        return "name"
    return None


def canonical_speakers(
    entities: Iterable[EntityRow], speaker_counts: Counter[str], splits: frozenset[str] = frozenset()
) -> tuple[list[Speaker], dict[str, int]]:
    """-> (speakers, normalised name -> speaker id)."""
    union = UnionFind[str]()
    evidence: dict[str, str] = {}
    kinds: dict[str, Counter[str]] = defaultdict(Counter)
    display: dict[str, Counter[str]] = defaultdict(Counter)
    rows = list(entities)

    def merge(a: str, b: str, why: str) -> None:
        if not a or not b:
            return
        union.find(a)
        union.find(b)
        if a in splits or b in splits:
            evidence.setdefault(b if b in splits else a, "kept apart by the user")
            return
        if union.union(a, b):
            evidence.setdefault(b, why)

    for row in rows:
        key = norm(row.name)
        union.find(key)
        kinds[key][row.kind] += 1
        display[key][row.name] += 1
        for alias in row.aliases:
            how = _alias_kind(alias)
            if how is not None:
                merge(key, norm(alias), f"{how} in {row.document}")
                display[norm(alias)][alias] += 0  # its spelling, should it ever stand alone
    for name, n in speaker_counts.items():
        key = norm(name)
        union.find(key)
        display[key][name] += n
    # "Seoul's military", "South Korea's military", "the South Korean military": one body
    by_place: dict[str, list[str]] = defaultdict(list)
    for k in list(union.parent):
        shown = max(display[k], key=display[k].__getitem__) if display[k] else k
        place = _place_key(k, shown)
        if place is not None:
            by_place[place].append(k)
    for place, keys in by_place.items():
        first = min(keys)
        why = f"same body of {place.split('|')[0]} (places.tsv)"
        for k in keys:
            if k != first:
                merge(first, k, why)
        if len(keys) > 1 and first not in splits:
            evidence.setdefault(first, why)  # whichever name ends up canonical, each says why
    # a bare surname folds into the one full person name that ends with it
    persons = [k for k in list(union.parent) if any(kinds[k][p] for p in _PERSONISH) and " " in k]
    by_last: dict[str, set[str]] = defaultdict(set)
    for k in persons:
        by_last[k.split()[-1]].add(union.find(k))
    for k in list(union.parent):
        if " " not in k and len(by_last.get(k, ())) == 1:
            (full,) = by_last[k]
            merge(full, k, f"surname of {max(display[full], key=display[full].__getitem__, default=full)}")

    groups: dict[str, list[str]] = defaultdict(list)
    for k in list(union.parent):
        groups[union.find(k)].append(k)
    speakers: list[Speaker] = []
    index: dict[str, int] = {}
    ordered = sorted(groups.values(), key=lambda ks: (-sum(_mentions(ks, display)), min(ks)))
    for i, keys in enumerate(ordered, start=1):
        names: Counter[str] = Counter()
        kind: Counter[str] = Counter()
        for k in keys:
            names.update(display[k])
            kind.update(kinds[k])
        if not names:
            names = Counter({k: 1 for k in keys})
        # the canonical name: the most used, longest form among proper names
        best = max(names, key=lambda n: (_alias_kind(n) in ("name", "acronym"), names[n], len(n)))
        said = sum(speaker_counts.get(n, 0) for k in keys for n in display[k])
        speakers.append(
            Speaker(
                id=i,
                name=best,
                kind=kind.most_common(1)[0][0] if kind else "source",
                names=tuple(
                    SpeakerName(k, "canonical" if norm(best) == k else evidence.get(k, "same group"))
                    for k in sorted(keys)
                ),
                statements=said,
            )
        )
        for k in keys:
            index[k] = i
    return speakers, index


def _mentions(keys: list[str], display: dict[str, Counter[str]]) -> list[int]:
    return [sum(display[k].values()) for k in keys]
