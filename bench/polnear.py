"""Score whosaid's attributions on PolNeAR (dev by default) with the core issue's rule.

    python bench/polnear.py [--split dev] [--root ../shared/polnear] [--limit N]

Prints matched and full precision/recall/F1 of the default (learned) pipeline, the same for
the hand-written rules alone on the same parses, a breakdown by attribution kind, how close
the candidates the scorer is offered come to each gold attribution, and the
human ceiling: annotators scored against each other on the articles several annotated
(16 train, 2 dev), with whosaid scored against each of them there.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter, defaultdict
from dataclasses import replace
from pathlib import Path

from spacy.language import Language

import whosaid
from whosaid.evaluate import (
    Frame,
    Score,
    annotator_agreement,
    cue_agrees,
    frames_of,
    read_annotators,
    read_polnear,
    score_document,
    source_agrees,
    token_f1,
)
from whosaid.pipeline.attributions import AttributionFinder
from whosaid.pipeline.scorer import DocView, candidates, score_candidates, select, shipped_model

DEFAULT_ROOT = Path(__file__).resolve().parents[2] / "shared" / "polnear"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--root", type=Path, default=DEFAULT_ROOT)
    ap.add_argument("--split", default="dev")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--model", default=whosaid.DEFAULTS.model)
    args = ap.parse_args()
    articles = read_polnear(args.root, args.split)
    if args.limit:
        articles = articles[: args.limit]
    nlp = whosaid.load(args.model)
    rules = AttributionFinder()
    rules_total = Score()
    total = Score()
    by_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    ceiling: Counter[str] = Counter()
    # the model's selection with one rule switched off at a time, on the same candidates
    model = shipped_model()
    tagger = nlp.get_pipe("whosaid_attributions").tagger
    variants = {
        "keep_relays=False": replace(whosaid.DEFAULTS, keep_relays=False),
        "one_cue_per_content=False": replace(whosaid.DEFAULTS, one_cue_per_content=False),
    }
    variant_totals = {name: Score() for name in variants}
    started = time.perf_counter()
    docs = nlp.pipe((a.text for a in articles), batch_size=16)
    for article, doc in zip(articles, docs, strict=True):
        predicted = list(doc._.attributions)
        s = score_document(article.text, frames_of(predicted), article.gold)
        total.add(s)
        rules_total.add(score_document(article.text, frames_of(rules.predict(doc)), article.gold))
        for at in predicted:
            one = score_document(article.text, frames_of([at]), article.gold)
            by_kind[at.kind][0] += 1
            by_kind[at.kind][1] += one.full
        ruled, extra = candidates(doc)
        ceiling.update(best_candidate(article.text, frames_of(ruled + extra), article.gold))
        view = DocView.of(doc, tagger)  # the pipeline's: none for another spaCy pipeline
        scored = score_candidates(doc, model, view=view)  # the settings varied act only in select
        for name, settings in variants.items():
            kept = select(doc, scored, model.threshold, settings, view)
            variant_totals[name].add(score_document(article.text, frames_of(kept), article.gold))
    elapsed = time.perf_counter() - started
    print(
        f"PolNeAR {args.split}: {len(articles)} articles, {total.gold} gold, "
        f"{total.predicted} predicted ({elapsed:.1f}s)"
    )
    for label, prf in (("matched", total.matched_prf), ("full", total.full_prf)):
        print(f"  {label:8s} P={prf[0]:.3f} R={prf[1]:.3f} F1={prf[2]:.3f}")
    for label, prf in (("matched", rules_total.matched_prf), ("full", rules_total.full_prf)):
        print(f"  rules only, {label:8s} P={prf[0]:.3f} R={prf[1]:.3f} F1={prf[2]:.3f}")
    print(
        f"  of matched pairs: cue overlaps {total.cue_ok}/{total.matched}, "
        f"source right {total.source_ok}/{total.matched}"
    )
    print("  by kind (predicted, full-matchable alone):")
    for kind, (n, ok) in sorted(by_kind.items()):
        print(f"    {kind:16s} {n:5d} {ok / n if n else 0:.2f}")
    print("  the candidates' ceiling: the best candidate the scorer is offered for each gold attribution")
    for key in ("right", "source wrong", "cue wrong", "content wrong", "none"):
        print(f"    {key:14s} {ceiling[key]:5d} {ceiling[key] / max(total.gold, 1):.3f}")
    print("  the learned selection with one of its rules off:")
    for name, score in variant_totals.items():
        prf = score.full_prf
        print(f"    {name:26s} full P={prf[0]:.3f} R={prf[1]:.3f} F1={prf[2]:.3f}")
    agreement(args.root, nlp)


def best_candidate(text: str, offered: list[Frame], gold: list[Frame]) -> list[str]:
    """For each gold attribution, how close the nearest candidate comes: right (what the
    benchmark counts as full), the source wrong, the cue wrong (content token-F1 >= 0.5
    only), the content wrong (a candidate with its cue), or none at all."""
    out = []
    for g in gold:
        best = "none"
        for p in offered:
            content = token_f1(text, p.content, g.content) >= 0.5
            cue = cue_agrees(p, g)
            if content and cue and source_agrees(p, g):
                best = "right"
                break
            if content and cue:
                best = "source wrong"
            elif content and best not in ("source wrong",):
                best = "cue wrong"
            elif cue and best == "none":
                best = "content wrong"
        out.append(best)
    return out


def agreement(root: Path, nlp: Language) -> None:
    """The human ceiling: annotators scored against each other on the articles several of them
    annotated, and whosaid scored against each of them on the same articles."""
    print("human agreement (every ordered pair of annotators, same rule):")
    for split in ("train", "dev"):
        multi = read_annotators(root, split)
        if not multi:
            continue
        humans = annotator_agreement(multi)
        ours = Score()
        for doc, (text, versions) in zip(nlp.pipe(t for t, _ in multi), multi, strict=True):
            predicted = frames_of(doc._.attributions)
            for gold in versions:
                ours.add(score_document(text, predicted, gold))
        pairs = sum(len(a) * (len(a) - 1) for _, a in multi)
        print(
            f"  {split}: {len(multi)} articles, {pairs} pairs: humans matched F1={humans.matched_prf[2]:.3f} "
            f"full P={humans.full_prf[0]:.3f} R={humans.full_prf[1]:.3f} F1={humans.full_prf[2]:.3f}; "
            f"whosaid against each annotator full F1={ours.full_prf[2]:.3f}"
        )


if __name__ == "__main__":
    main()
