"""Other learners on the scorer's candidates: is the logistic regression what holds F1 back?

    pip install ".[train]"
    python bench/learners.py [--root ../shared/polnear] [--docs-cache train.docbin] [--mlp]

Same candidates, features, labels and threshold search as `python -m whosaid.train`, but
for speed one held-out split (every 10th article of PolNeAR train) where the trainer
cross-validates over five folds; prints the held-out full F1 of
  - the logistic regression at C = 0.1, 0.3 (what ships) and 1.0;
  - two stages: a cue model (is this word a cue at all, from its own features and what its
    candidates offer it) times a content model (trained on the candidates of true cues only);
  - with --mlp, a one-hidden-layer network (64 units; several minutes on 2 cores).
Nothing here is shipped; the dev split is never read.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from whosaid import lexicons
from whosaid.config import DEFAULT_MODEL
from whosaid.evaluate import cue_agrees, frames_of, read_polnear
from whosaid.pipeline.scorer import DocView, Scored, _bucket, candidates, features
from whosaid.records import Attribution
from whosaid.train import SEED, choose_threshold, label, parse

DEFAULT_ROOT = Path(__file__).resolve().parents[2] / "shared" / "polnear"
_CUE_PREFIXES: tuple[str, ...] = ("lem=", "lex=", "stance=", "pos=", "tag=", "dep=", "lem|tag=", "hdep=", "hpos=")
_CUE_PREFIXES += ("lem|dep=", "cdep=", "lem|cdep=", "aux=")
_OFFER_PREFIXES = ("kind=", "src=", "lem|src=", "cfirst=", "cdep_root=", "kind|lem=")


def cue_features(group: list[tuple[list[str], bool]]) -> list[str]:
    out: set[str] = set()
    for feats, ruled in group:
        out.update(x for x in feats if x.startswith(_CUE_PREFIXES) or x in ("neg", "cue_titlecase"))
        out.update("offer|" + x for x in feats if x.startswith(_OFFER_PREFIXES))
        out.update(["offer|quote"] if "content_quote" in feats else [])
        out.update(["offer|ruled"] if ruled else [])
    out.add(f"candidates={_bucket(len(group))}")
    return sorted(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--root", type=Path, default=DEFAULT_ROOT)
    ap.add_argument("--docs-cache", type=Path, default=None)
    ap.add_argument("--mlp", action="store_true")
    args = ap.parse_args()

    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    articles = read_polnear(args.root, "train")
    docs = parse(articles, DEFAULT_MODEL, args.docs_cache)
    known = lexicons.cues()
    held = {k for k in range(len(articles)) if k % 10 == 9}
    views = {k: DocView.of(doc) for k, doc in enumerate(docs)}
    rows: list[tuple[int, Attribution, list[str], bool, tuple[int, int, int]]] = []
    groups: dict[tuple[int, int, int], list[tuple[list[str], bool]]] = {}
    true_cue: dict[tuple[int, int, int], bool] = {}
    for k, (article, doc) in enumerate(zip(articles, docs, strict=True)):
        ruled, extra = candidates(doc, view=views[k])
        for group, is_ruled in ((ruled, True), (extra, False)):
            for at in group:
                if at.kind == "quote_paragraph":
                    continue
                feats = features(doc, at, views[k], known, is_ruled)
                key = (k, at.cue.start, at.cue.end)
                rows.append((k, at, feats, label(article.text, at, article.gold), key))
                groups.setdefault(key, []).append((feats, is_ruled))
                if key not in true_cue:
                    frame = frames_of([at])[0]
                    true_cue[key] = any(cue_agrees(frame, g) for g in article.gold)
    print(f"{len(rows)} candidates, {len(groups)} cues")

    # the probe thresholds reach lower than training's: a product of two probabilities is smaller
    thresholds = [t / 100 for t in range(10, 81, 2)]

    def held_out_f1(probability: list[float]) -> tuple[float, float]:
        by_article: dict[int, list[Scored]] = {k: [] for k in held}
        for (k, at, *_), p in zip(rows, probability, strict=True):
            if k in held:
                by_article[k].append(Scored(at, p, curated=False))
        return choose_threshold(articles, docs, views, by_article, thresholds)

    def fit(samples: list[list[str]], labels: list[bool], make: Callable[[], object]) -> Callable[..., list[float]]:
        vec = DictVectorizer()
        model = make()
        model.fit(vec.fit_transform([dict.fromkeys(f, 1) for f in samples]), labels)  # type: ignore[attr-defined]

        def predict(batch: list[list[str]]) -> list[float]:
            x = vec.transform([dict.fromkeys(f, 1) for f in batch])
            return [float(p) for p in model.predict_proba(x)[:, 1]]  # type: ignore[attr-defined]

        return predict

    train = [r for r in rows if r[0] not in held]
    for c in (0.1, 0.3, 1.0):
        started = time.perf_counter()
        predict = fit(
            [r[2] for r in train],
            [r[3] for r in train],
            partial(LogisticRegression, C=c, max_iter=2000, random_state=SEED),
        )
        f1, t = held_out_f1(predict([r[2] for r in rows]))
        print(
            f"  logistic regression, C={c}: held-out full F1 {f1:.3f} at {t:.2f}"
            f" ({time.perf_counter() - started:.0f} s)"
        )

    started = time.perf_counter()
    train_cues = [key for key in groups if key[0] not in held]
    cue_of = {key: cue_features(group) for key, group in groups.items()}
    cue_model = fit(
        [cue_of[key] for key in train_cues],
        [true_cue[key] for key in train_cues],
        partial(LogisticRegression, C=0.1, max_iter=2000, random_state=SEED),
    )
    inner = [r for r in train if true_cue[r[4]]]
    content_model = fit(
        [r[2] for r in inner],
        [r[3] for r in inner],
        partial(LogisticRegression, C=0.1, max_iter=2000, random_state=SEED),
    )
    keys = list(groups)
    p_cue = dict(zip(keys, cue_model([cue_of[key] for key in keys]), strict=True))
    p_content = content_model([r[2] for r in rows])
    f1, t = held_out_f1([p * p_cue[r[4]] for r, p in zip(rows, p_content, strict=True)])
    print(f"  two stages, cue x content: held-out full F1 {f1:.3f} at {t:.2f} ({time.perf_counter() - started:.0f} s)")

    if args.mlp:
        from sklearn.neural_network import MLPClassifier

        started = time.perf_counter()
        predict = fit(
            [r[2] for r in train],
            [r[3] for r in train],
            partial(
                MLPClassifier,
                hidden_layer_sizes=(64,),
                alpha=1e-3,
                max_iter=30,
                early_stopping=True,
                random_state=SEED,
                batch_size=256,
            ),
        )
        f1, t = held_out_f1(predict([r[2] for r in rows]))
        print(f"  MLP, 64 hidden units: held-out full F1 {f1:.3f} at {t:.2f} ({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
