"""In-article figure conflicts on PolNeAR train+dev: how many the pipeline reports, and a random
sample of them with the sentences around both figures, for a human to judge whether the
figures truly disagree. PolNeAR has no figure annotation; this is a count and a reading.

    python bench/conflicts.py [--root ../shared/polnear] [--show 15] [--seed 5]
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

import whosaid
from whosaid.evaluate import read_polnear

DEFAULT_ROOT = Path(__file__).resolve().parents[2] / "shared" / "polnear"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--root", type=Path, default=DEFAULT_ROOT)
    ap.add_argument("--model", default=whosaid.DEFAULTS.model)
    ap.add_argument("--show", type=int, default=15)
    ap.add_argument("--seed", type=int, default=5)
    args = ap.parse_args()
    articles = read_polnear(args.root, "train") + read_polnear(args.root, "dev")
    nlp = whosaid.load(args.model)
    found = []
    figures = 0
    for article, doc in zip(articles, nlp.pipe((a.text for a in articles), batch_size=16), strict=True):
        figures += len(doc._.quantities)
        for c in doc._.conflicts:
            around = [
                article.text[max(0, q.span.start - 100) : q.span.end + 60].replace("\n", " ")
                for q in (c.first, c.second)
            ]
            found.append((c.first.span.text, c.second.span.text, *around))
    print(f"{len(articles)} articles, {figures} figures, {len(found)} in-article conflicts")
    random.seed(args.seed)
    for first, second, a, b in random.sample(found, min(args.show, len(found))):
        print(f"* {first} | {second}\n    {a}\n    {b}")


if __name__ == "__main__":
    main()
