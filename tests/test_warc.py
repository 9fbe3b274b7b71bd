"""WARC input: HTML responses become articles with their URL and date; the rest is counted."""

from __future__ import annotations

import io
from pathlib import Path

from typer.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from whosaid.cli import app
from whosaid.ingest import read_paths
from whosaid.ingest.warc import WarcStats
from whosaid.records import Document, Failure

ARTICLE = (
    "<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
    "<p>{body}</p><p>The minister said that the bridge over the river would reopen in May after repairs.</p>"
    "</article></body></html>"
)


def _response(writer: WARCWriter, url: str, ctype: str, payload: bytes, date: str) -> None:
    headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        url, "response", payload=io.BytesIO(payload), http_headers=headers, warc_headers_dict={"WARC-Date": date}
    )
    writer.write_record(record)


def _crawl(path: Path) -> None:
    with path.open("wb") as f:
        w = WARCWriter(f, gzip=True)
        body = "Officials told reporters on Monday that about 300 workers had been hired to finish the work. " * 3
        _response(
            w,
            "https://news.example/a",
            "text/html; charset=utf-8",
            ARTICLE.format(title="Bridge", body=body).encode(),
            "2024-05-01T10:00:00Z",
        )
        _response(
            w, "https://news.example/logo.png", "image/png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "2024-05-01T10:00:01Z"
        )
        _response(
            w,
            "https://news.example/nav",
            "text/html",
            b"<html><body><nav>Home</nav></body></html>",
            "2024-05-01T10:00:02Z",
        )
        w.write_record(
            w.create_warc_record("https://news.example/a", "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"))
        )
        latin = ARTICLE.format(
            title="Caf\u00e9", body="Le maire a d\u00e9clar\u00e9 que le pont rouvrirait bient\u00f4t. " * 4
        )
        _response(
            w,
            "https://news.example/b",
            "text/html; charset=iso-8859-1",
            latin.encode("latin-1"),
            "2024-05-02T08:00:00Z",
        )


def test_html_responses_become_articles_with_url_and_date(tmp_path: Path) -> None:
    crawl = tmp_path / "crawl.warc.gz"
    _crawl(crawl)
    stats = WarcStats()
    items = list(read_paths([str(crawl)], warc_stats=stats))
    docs = [x for x in items if isinstance(x, Document)]
    assert [d.url for d in docs] == ["https://news.example/a", "https://news.example/b"]
    assert docs[0].published.startswith("2024-05-01") and docs[0].title == "Bridge"
    assert "bridge over the river" in docs[0].text
    assert docs[1].encoding == "iso-8859-1" and "Le maire a déclaré" in docs[1].text
    (failure,) = [x for x in items if isinstance(x, Failure)]
    assert failure.origin == f"{crawl}#3" and "no main text" in failure.reason
    assert stats.skipped == {"non-HTML response: image/png": 1, "request": 1}


def test_ingest_of_a_warc_counts_what_it_skipped(tmp_path: Path) -> None:
    crawl = tmp_path / "crawl.warc.gz"
    _crawl(crawl)
    result = CliRunner().invoke(app, ["ingest", str(tmp_path), "--db", str(tmp_path / "l.db"), "--processes", "1"])
    assert result.exit_code == 1  # the navigation page is reported
    assert "2 added" in result.output
    assert "skipped 2 WARC records that are not HTML responses" in result.output


def test_truncated_warc_is_reported_after_what_it_held(tmp_path: Path) -> None:
    crawl = tmp_path / "crawl.warc.gz"
    _crawl(crawl)
    cut = tmp_path / "cut.warc.gz"
    data = crawl.read_bytes()
    cut.write_bytes(data[: int(len(data) * 0.8)])
    items = list(read_paths([str(cut)]))
    assert any(isinstance(x, Document) for x in items)
    assert any(isinstance(x, Failure) and x.origin.startswith(str(cut)) for x in items)
