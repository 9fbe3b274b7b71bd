"""Reader bench: time the article page for a 5,000-word article, and the other pages.

    python bench/reader.py [--root ../shared/polnear] [--words 5000] [--runs 20]

Builds one article of about --words words from PolNeAR dev texts, ingests it with the
bundled example into a temporary ledger, and times each page through FastAPI's in-process
client (server-side render time, no network): median and slowest of --runs requests.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from whosaid.cli import app as cli
from whosaid.web import create_app

DEFAULT_ROOT = Path(__file__).resolve().parents[2] / "shared" / "polnear"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--root", type=Path, default=DEFAULT_ROOT)
    ap.add_argument("--words", type=int, default=5000)
    ap.add_argument("--runs", type=int, default=20)
    args = ap.parse_args()
    parts, words = [], 0
    for path in sorted((args.root / "dev" / "text").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        parts.append(text)
        words += len(text.split())
        if words >= args.words:
            break
    with tempfile.TemporaryDirectory() as tmp:
        article = Path(tmp) / "long.txt"
        article.write_text("\n\n".join(parts), encoding="utf-8")
        db = Path(tmp) / "ledger.db"
        result = CliRunner().invoke(cli, ["ingest", str(article), "--db", str(db), "--processes", "1"])
        assert result.exit_code == 0, result.output
        client = TestClient(create_app(db))
        index = client.get("/").text
        doc_id = int(index[index.index("/article/") + len("/article/") :].split('"')[0])
        statements = client.get(f"/article/{doc_id}").text.count('class="statement"')
        print(f"article: {words:,} words, {statements} statements")
        for url in [f"/article/{doc_id}", "/", "/claims", "/conflicts", "/search?q=Trump", "/speaker/1", "/claim/1"]:
            times = []
            for _ in range(args.runs):
                started = time.perf_counter()
                r = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
                assert r.status_code == 200, url
            print(f"  {url:22s} median {statistics.median(times):6.1f} ms   slowest {max(times):6.1f} ms")


if __name__ == "__main__":
    main()
