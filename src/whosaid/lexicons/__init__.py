"""Loaders for whosaid's data files: cues and their stance, hedges, titles, furniture.

Each file is plain text with a comment per entry group; this module only parses them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


def _lines(name: str) -> list[str]:
    text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    return [ln.rstrip("\n") for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


@dataclass(frozen=True)
class Cue:
    lemma: str
    stance: str
    frames: frozenset[str]
    preps: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def cues() -> dict[str, Cue]:
    out: dict[str, Cue] = {}
    for line in _lines("cues.tsv"):
        lemma, stance, frames, *rest = line.split("\t")
        preps = frozenset(rest[0].split(",")) if rest and rest[0] else frozenset()
        out[lemma] = Cue(lemma, stance, frozenset(frames), preps)
    return out


def present_cue(word: str) -> Cue | None:
    """The cue a present-tense verb form ("Denies", "vows", "Praises") is of, read off the word
    alone: where the tagger took a capitalised headline verb for a proper noun, its lemma is
    the word itself."""
    w = word.lower()
    if not w.endswith("s"):
        return None
    table = cues()
    stems = (w[:-3] + "y", w[:-2], w[:-1]) if w.endswith("ies") else (w[:-2], w[:-1]) if w.endswith("es") else (w[:-1],)
    return next((table[x] for x in stems if x in table), None)


@lru_cache(maxsize=1)
def hedges() -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(line.strip().lower().split()) for line in _lines("hedges.txt"))


@lru_cache(maxsize=1)
def titles() -> dict[str, str]:
    """word -> role group."""
    out: dict[str, str] = {}
    for line in _lines("titles.tsv"):
        group, word = line.split("\t")
        out[word.lower()] = group
    return out


@lru_cache(maxsize=1)
def furniture() -> tuple[tuple[str, re.Pattern[str]], ...]:
    out = []
    for line in _lines("furniture.tsv"):
        kind, pattern = line.split("\t", 1)
        out.append((kind, re.compile(pattern, re.IGNORECASE)))
    return tuple(out)


@lru_cache(maxsize=1)
def genders() -> dict[str, str]:
    """Lower-cased honorific, role noun or first name -> "m" or "f"."""
    return dict(line.split("\t") for line in _lines("genders.tsv"))  # type: ignore[misc]


@lru_cache(maxsize=1)
def pronouns() -> dict[str, str]:
    return dict(line.split("\t") for line in _lines("pronouns.tsv"))  # type: ignore[misc]


@lru_cache(maxsize=1)
def approximators() -> dict[tuple[str, ...], str]:
    return {tuple(p.split()): kind for p, kind in (line.split("\t") for line in _lines("approximators.tsv"))}


@lru_cache(maxsize=1)
def numbers() -> dict[str, float]:
    return {w: float(v) for w, v in (line.split("\t") for line in _lines("numbers.tsv"))}


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    return frozenset(w for line in _lines("stopwords.txt") for w in line.split())


@lru_cache(maxsize=1)
def places() -> dict[str, str]:
    """Lower-cased country, adjective or capital -> the country's name."""
    out: dict[str, str] = {}
    for line in _lines("places.tsv"):
        country, adjective, capital = line.split("\t")
        for word in (country, adjective, capital):
            out[word.lower()] = country
    return out


@lru_cache(maxsize=1)
def labels() -> frozenset[str]:
    """Nouns that name a source when they label a line: "Poll: ...", "Officials: ..."."""
    return frozenset(w for line in _lines("labels.txt") for w in line.split())


@lru_cache(maxsize=1)
def bodies() -> frozenset[str]:
    return frozenset(w for line in _lines("bodies.txt") for w in line.split())
