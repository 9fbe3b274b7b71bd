"""Other learners on the scorer's candidates: is the logistic regression what holds F1 back?

    pip install ".[train]"
    python bench/learners.py [--root ../shared/polnear] [--docs-cache train.docbin] [--tok2vec] [--mlp]

Same candidates, features (`describe`), labels and threshold search as the trainer's first
model (`python -m whosaid.train --single`), but for speed one held-out split (every 10th
article of PolNeAR train) where the trainer cross-validates over five folds; prints the
held-out full F1 of
  - the logistic regression at C = 0.1, 0.3 (the first model that ships) and 1.0;
  - gradient-boosted trees (LightGBM, the trainer's settings for the second look) on the same
    features, judging every candidate, and their mean with the logistic regression at 0.3;
  - two stages: a cue model (is this word a cue at all, from its own features and what its
    candidates offer it) times a content model (trained on the candidates of true cues only);
  - with --tok2vec, the logistic regression with the parser's own contextual vectors
    (`Doc.tensor`, 96 numbers a token) of the cue's, the content's and the source's head word
    as 288 more features, standardised; they cost nothing more to compute at run time;
  - with --mlp, a one-hidden-layer network (64 units; 9 minutes on 2 cores with the features
    of commit ccf1a22, more with today's).
Nothing trained here is shipped; the dev split is never read.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from whosaid.config import DEFAULT_MODEL
from whosaid.evaluate import cue_agrees, frames_of, read_polnear
from whosaid.pipeline import load
from whosaid.pipeline.scorer import DocView, Scored, _bucket, _root, _span_tokens, describe, sparse_rows
from whosaid.records import Attribution
from whosaid.train import SEED, choose_threshold, fit_trees, label, parse

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
    ap.add_argument("--tok2vec", action="store_true")
    ap.add_argument("--mlp", action="store_true")
    args = ap.parse_args()

    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    articles = read_polnear(args.root, "train")
    docs = parse(articles, DEFAULT_MODEL, args.docs_cache)
    held = {k for k in range(len(articles)) if k % 10 == 9}
    views = {k: DocView.of(doc) for k, doc in enumerate(docs)}
    rows: list[tuple[int, Attribution, list[str], bool, tuple[int, int, int]]] = []
    groups: dict[tuple[int, int, int], list[tuple[list[str], bool]]] = {}
    true_cue: dict[tuple[int, int, int], bool] = {}
    for k, (article, doc) in enumerate(zip(articles, docs, strict=True)):
        for one in describe(doc, view=views[k]):
            at, feats = one.attribution, one.features
            key = (k, at.cue.start, at.cue.end)
            rows.append((k, at, feats, label(article.text, at, article.gold), key))
            groups.setdefault(key, []).append((feats, "ruled=True" in feats))
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
    logistic: list[float] = []
    for c in (0.1, 0.3, 1.0):
        started = time.perf_counter()
        predict = fit(
            [r[2] for r in train],
            [r[3] for r in train],
            partial(LogisticRegression, C=c, max_iter=2000, random_state=SEED),
        )
        probability = predict([r[2] for r in rows])
        logistic = probability if c == 0.3 else logistic
        f1, t = held_out_f1(probability)
        print(
            f"  logistic regression, C={c}: held-out full F1 {f1:.3f} at {t:.2f}"
            f" ({time.perf_counter() - started:.0f} s)"
        )

    started = time.perf_counter()
    trees = fit_trees([(k, at, feats, right) for k, at, feats, right, _ in train])[0]
    tree_p = [float(p) for p in trees.booster.predict(sparse_rows(trees.columns, [r[2] for r in rows]))]
    f1, t = held_out_f1(tree_p)
    print(f"  gradient-boosted trees: held-out full F1 {f1:.3f} at {t:.2f} ({time.perf_counter() - started:.0f} s)")
    f1, t = held_out_f1([(a + b) / 2 for a, b in zip(tree_p, logistic, strict=True)])
    print(f"  their mean with the logistic regression at C=0.3: held-out full F1 {f1:.3f} at {t:.2f}")

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

    if args.tok2vec:
        import numpy as np
        from scipy.sparse import csr_matrix, hstack

        started = time.perf_counter()
        tok2vec = load(DEFAULT_MODEL).get_pipe("tok2vec")
        for doc in docs:  # a DocBin cache keeps no tensors
            if doc.tensor is None or doc.tensor.shape[0] != len(doc):
                tok2vec(doc)
        dense = np.zeros((len(rows), 3 * 96), dtype=np.float32)
        for i, (k, at, *_) in enumerate(rows):
            for j, span in enumerate((at.cue, at.content, at.source)):
                head = _root(views[k], _span_tokens(views[k], span)) if span is not None else None
                if head is not None:
                    dense[i, 96 * j : 96 * (j + 1)] = docs[k].tensor[head.i]
        mask = np.array([r[0] not in held for r in rows])
        dense = (dense - dense[mask].mean(0)) / (dense[mask].std(0) + 1e-6)
        vec = DictVectorizer().fit([dict.fromkeys(r[2], 1) for r in train])
        x = hstack([vec.transform([dict.fromkeys(r[2], 1) for r in rows]), csr_matrix(dense)]).tocsr()
        model = LogisticRegression(C=0.3, max_iter=3000, random_state=SEED)
        model.fit(x[mask], [r[3] for r in train])
        f1, t = held_out_f1([float(p) for p in model.predict_proba(x)[:, 1]])
        print(
            f"  logistic regression with tok2vec vectors, C=0.3: held-out full F1 {f1:.3f} at {t:.2f}"
            f" ({time.perf_counter() - started:.0f} s)"
        )

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
