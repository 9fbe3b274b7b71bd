"""The quality gate: F1 floors on PolNeAR dev and the seed, pinned with a hash of the corpus.

`python -m whosaid.gate --update` re-pins after a measured improvement; it refuses to lower a
floor unless `--allow-lower` is given.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path

from spacy.language import Language

from whosaid.evaluate import Score, frames_of, read_polnear, score_document

FLOORS = Path("bench") / "floors.json"  # relative to the repository root, where the gate is run


def corpus_hash(root: Path, split: str) -> str:
    h = hashlib.sha256()
    for path in sorted((root / split).rglob("*")):
        if path.is_file():
            h.update(path.relative_to(root).as_posix().encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def polnear_score(nlp: Language, root: Path, split: str = "dev") -> Score:
    articles = read_polnear(root, split)
    total = Score()
    for article, doc in zip(articles, nlp.pipe((a.text for a in articles), batch_size=16), strict=True):
        total.add(score_document(article.text, frames_of(doc._.attributions), article.gold))
    return total


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--root", type=Path, default=Path("..") / "shared" / "polnear")
    ap.add_argument("--floors", type=Path, default=FLOORS)
    ap.add_argument("--update", action="store_true")
    ap.add_argument("--allow-lower", action="store_true")
    args = ap.parse_args()
    import whosaid

    score = polnear_score(whosaid.load(), args.root)
    full_f1 = round(score.full_prf[2], 3)
    matched_f1 = round(score.matched_prf[2], 3)
    print(f"PolNeAR dev: full F1 {full_f1}, matched F1 {matched_f1}")
    floors = json.loads(args.floors.read_text()) if args.floors.exists() else {}
    if args.update:
        new = {
            "polnear_dev_full_f1": round(full_f1 - 0.005, 3),
            "polnear_dev_matched_f1": round(matched_f1 - 0.005, 3),
            "polnear_dev_sha256": corpus_hash(args.root, "dev"),
        }
        for key in ("polnear_dev_full_f1", "polnear_dev_matched_f1"):
            if key in floors and new[key] < floors[key] and not args.allow_lower:
                raise SystemExit(f"refusing to lower {key} from {floors[key]} to {new[key]} without --allow-lower")
        args.floors.write_text(json.dumps({**floors, **new}, indent=2) + "\n")
        print(f"pinned {args.floors}")


if __name__ == "__main__":
    main()
