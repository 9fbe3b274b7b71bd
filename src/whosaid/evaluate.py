"""Scoring attributions against hand annotations: the PolNeAR (BRAT) reader and the
matching rule the benchmarks and the quality gate use.

Rule: a predicted and a gold attribution pair up (greedily, one to one, best first) when the
token-F1 of their content spans is >= 0.5; a pair is *full* when the cues overlap and the
sources overlap (or both are absent). Tokens are runs of word characters (`\\w+`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

_WORD = re.compile(r"\w+")

Pieces = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Frame:
    """One attribution reduced to what scoring needs: character pieces of cue, content, source."""

    cue: Pieces
    content: Pieces
    source: Pieces = ()


@dataclass
class Score:
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    full: int = 0
    cue_ok: int = 0
    source_ok: int = 0

    def add(self, other: Score) -> None:
        for name in ("gold", "predicted", "matched", "full", "cue_ok", "source_ok"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @staticmethod
    def _prf(hit: int, predicted: int, gold: int) -> tuple[float, float, float]:
        p = hit / predicted if predicted else 0.0
        r = hit / gold if gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f

    @property
    def matched_prf(self) -> tuple[float, float, float]:
        return self._prf(self.matched, self.predicted, self.gold)

    @property
    def full_prf(self) -> tuple[float, float, float]:
        return self._prf(self.full, self.predicted, self.gold)


@dataclass
class Article:
    name: str
    text: str
    gold: list[Frame] = field(default_factory=list)


def _pieces(offsets: str) -> Pieces:
    out = []
    for part in offsets.split(";"):
        start, end = part.split()
        out.append((int(start), int(end)))
    return tuple(out)


def read_ann(path: Path) -> list[Frame]:
    """BRAT standoff: T lines are spans, E lines link Cue, Content and (optional) Source."""
    spans: dict[str, tuple[str, Pieces]] = {}
    relations: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("T") and "\t" in line:
            tid, head = line.split("\t")[:2]
            role, _, offsets = head.partition(" ")
            try:
                spans[tid] = (role, _pieces(offsets))
            except ValueError:
                continue
        elif line.startswith("E") and "\t" in line:
            args = line.split("\t")[1].split()
            relations.append(dict(a.split(":", 1) for a in args if ":" in a))
    frames = []
    for rel in relations:
        if "Cue" not in rel or "Content" not in rel or rel["Cue"] not in spans or rel["Content"] not in spans:
            continue
        source = spans[rel["Source"]][1] if rel.get("Source") in spans else ()
        frames.append(Frame(spans[rel["Cue"]][1], spans[rel["Content"]][1], source))
    return frames


def read_polnear(root: Path, split: str) -> list[Article]:
    """One article per text file, with the first annotator's file (sorted by name)."""
    articles = []
    ann_dir = root / split / "attributions"
    for text_path in sorted((root / split / "text").glob("*.txt")):
        anns = sorted(ann_dir.glob(f"{text_path.stem}_*.ann"))
        if not anns:
            continue
        articles.append(Article(text_path.stem, text_path.read_text(encoding="utf-8"), read_ann(anns[0])))
    return articles


def read_annotators(root: Path, split: str) -> list[tuple[str, list[list[Frame]]]]:
    """The articles that several annotators annotated: (text, one frame list per annotator)."""
    out = []
    ann_dir = root / split / "attributions"
    for text_path in sorted((root / split / "text").glob("*.txt")):
        anns = sorted(ann_dir.glob(f"{text_path.stem}_*.ann"))
        if len(anns) >= 2:
            out.append((text_path.read_text(encoding="utf-8"), [read_ann(a) for a in anns]))
    return out


def annotator_agreement(articles: Sequence[tuple[str, Sequence[Sequence[Frame]]]]) -> Score:
    """Humans scored against humans by the same rule: every ordered pair of annotators of an
    article, one as gold and the other as prediction, summed over pairs."""
    total = Score()
    for text, versions in articles:
        for i, gold in enumerate(versions):
            for j, other in enumerate(versions):
                if i != j:
                    total.add(score_document(text, other, gold))
    return total


def _tokens(text: str, pieces: Pieces) -> set[int]:
    out: set[int] = set()
    for start, end in pieces:
        out.update(m.start() for m in _WORD.finditer(text, start, end))
    return out


def _overlap(a: Pieces, b: Pieces) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b)


def cue_agrees(p: Frame, g: Frame) -> bool:
    return _overlap(p.cue, g.cue)


def source_agrees(p: Frame, g: Frame) -> bool:
    """Sources overlap, or neither attribution has one."""
    return (not p.source and not g.source) or _overlap(p.source, g.source)


def token_f1(text: str, a: Pieces, b: Pieces) -> float:
    ta, tb = _tokens(text, a), _tokens(text, b)
    if not ta or not tb:
        return 0.0
    inter = len(ta & tb)
    return 2 * inter / (len(ta) + len(tb))


def score_document(text: str, predicted: Sequence[Frame], gold: Sequence[Frame]) -> Score:
    candidates = []
    gold_tokens = [_tokens(text, g.content) for g in gold]
    for i, p in enumerate(predicted):
        pt = _tokens(text, p.content)
        if not pt:
            continue
        for j, gt in enumerate(gold_tokens):
            if not gt:
                continue
            f = 2 * len(pt & gt) / (len(pt) + len(gt))
            if f >= 0.5:
                candidates.append((f, i, j))
    candidates.sort(key=lambda c: -c[0])
    used_p: set[int] = set()
    used_g: set[int] = set()
    score = Score(gold=len(gold), predicted=len(predicted))
    for _, i, j in candidates:
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        score.matched += 1
        p, g = predicted[i], gold[j]
        cue_ok = cue_agrees(p, g)
        source_ok = source_agrees(p, g)
        score.cue_ok += cue_ok
        score.source_ok += source_ok
        score.full += cue_ok and source_ok
    return score


def frames_of(attributions: Iterable[object]) -> list[Frame]:
    """whosaid Attribution records -> scoring frames."""
    out = []
    for at in attributions:
        cue, contents, source = at.cue, at.contents, at.source  # type: ignore[attr-defined]
        out.append(
            Frame(
                ((cue.start, cue.end),),
                tuple((c.start, c.end) for c in contents),
                ((source.start, source.end),) if source is not None else (),
            )
        )
    return out
