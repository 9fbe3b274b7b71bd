"""The reader, in-process through FastAPI's TestClient: pages, escaping, read-only."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import SEED_TEXT
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from whosaid.cli import app as cli
from whosaid.web import CSP, create_app

HOSTILE = {
    "id": "hostile",
    "title": "<script>alert('title')</script> Breaking \u202eevil",
    "text": (
        "<b onmouseover=alert(1)>Evil</b> Corp said that the <script>alert(2)</script> plan would fail.\n\n"
        "“<img src=x onerror=alert(3)> is fine,” the mayor of Springfield said on Monday.\n\n"
        'A spokesman said the link <a href="javascript:alert(4)">here</a> was safe and '
        "</style><style>body{display:none}</style> nothing \u202e\u2066 reversed happened.\n"
    ),
}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory, module_ledger_target: str) -> TestClient:
    root = tmp_path_factory.mktemp("web")
    feed = root / "hostile.jsonl"
    feed.write_text(json.dumps(HOSTILE) + "\n", encoding="utf-8")
    db = module_ledger_target
    result = CliRunner().invoke(cli, ["ingest", str(SEED_TEXT), str(feed), "--db", db, "--processes", "1"])
    assert result.exit_code == 0, result.output
    return TestClient(create_app(db))


class _Audit(HTMLParser):
    """Collects everything in a page that could run or restyle: scripts, handlers, URLs, styles."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self.in_script = True
            if dict(attrs).get("src") != "/static/whosaid.js":
                self.problems.append(f"script {attrs}")
        if tag == "style":
            self.problems.append("style element")
        for name, value in attrs:
            if name.startswith("on") or name == "style":
                self.problems.append(f"{tag} {name}={value}")
            unsafe = value and value.strip().lower().startswith(("javascript:", "data:"))
            if name in ("href", "src", "action") and unsafe:
                self.problems.append(f"{tag} {name}={value}")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self.in_script = False

    def handle_data(self, data: str) -> None:
        if self.in_script and data.strip():
            self.problems.append("inline script")


def _audit(html: str) -> list[str]:
    a = _Audit()
    a.feed(html)
    return a.problems + ([] if "\u202e" not in html and "\u2066" not in html else ["raw direction control"])


def _article_id(client: TestClient, name: str) -> int:
    index = client.get("/").text
    marker = f">{name}<" if name != "hostile" else "Breaking"
    before = index[: index.index(marker)]
    return int(before[before.rindex("/article/") + len("/article/") :].split('"')[0])


def test_every_page_answers_with_a_content_security_policy(client: TestClient) -> None:
    seed = _article_id(client, "kursk-pows")
    for url in ["/", f"/article/{seed}", "/claims", "/conflicts", "/search?q=NIS", "/speaker/1", "/claim/1"]:
        r = client.get(url)
        assert r.status_code == 200, url
        assert r.headers["content-security-policy"] == CSP
        assert "script-src 'self'" in CSP and "unsafe-inline" not in CSP
        assert r.headers["x-content-type-options"] == "nosniff"


def test_article_marks_source_cue_and_content_linked_to_their_details(client: TestClient) -> None:
    html = client.get(f"/article/{_article_id(client, 'kursk-pows')}").text
    assert 'class="cue sp-' in html and 'class="content sp-' in html and 'class="source sp-' in html
    assert 'class="furniture"' in html and 'class="heading"' in html
    assert "about 10,000 elite troops</span>" in html or "about 10,000 elite troops" in html
    first = html.index('href="#s-')
    anchor = html[first + len('href="#s-') :].split('"')[0]
    assert f'id="s-{anchor}"' in html


def test_hostile_text_titles_and_names_are_inert_on_every_page(client: TestClient) -> None:
    hostile = _article_id(client, "hostile")
    urls = ["/", f"/article/{hostile}", "/claims", "/conflicts", "/search?q=alert", "/search?q=plan&speaker=Evil"]
    urls += [f"/speaker/{i}" for i in range(1, 40)] + [f"/claim/{i}" for i in range(1, 40)]
    seen_payload = False
    for url in urls:
        r = client.get(url)
        if r.status_code == 404:
            continue
        assert _audit(r.text) == [], url
        seen_payload = seen_payload or "&lt;script&gt;alert(" in r.text
    assert seen_payload  # the payloads are shown, as text
    article = client.get(f"/article/{hostile}").text
    assert "U+202E" in article and "&lt;img src=x onerror=alert(3)&gt;" in article


def test_search_text_never_reaches_sql_or_fts_syntax(client: TestClient) -> None:
    for q in ['") OR 1=1 --', "NIS* NEAR(x)", "'; DROP TABLE attributions; --", '"unbalanced']:
        r = client.get("/search", params={"q": q, "speaker": "' OR '1'='1", "stance": "x' OR 1", "status": "\"'"})
        assert r.status_code == 200
        assert _audit(r.text) == []
    assert "National Intelligence Service" in client.get("/search", params={"q": "NIS"}).text


def test_reader_is_read_only(client: TestClient) -> None:
    assert client.post("/search", data={"q": "x"}).status_code == 405
    assert client.delete("/article/1").status_code == 405


def test_unknown_pages_are_404_pages(client: TestClient) -> None:
    for url in ["/article/999999", "/speaker/999999", "/claim/999999"]:
        r = client.get(url)
        assert r.status_code == 404 and "no such" in r.text


def test_claim_page_shows_voices_for_and_against_and_the_graph(client: TestClient) -> None:
    claims = client.get("/claims", params={"status": "corroborated"}).text
    cid = int(claims[claims.index("/claim/") + len("/claim/") :].split('"')[0])
    html = client.get(f"/claim/{cid}").text
    assert "National Intelligence Service" in html and "Volodymyr Zelenskyy" in html
    assert "<svg" in html and 'class="edge edge-confirm"' in html


def test_lists_paginate(client: TestClient) -> None:
    r = client.get("/claims", params={"page": 2})
    assert r.status_code == 200 and 'rel="prev"' in r.text
    assert client.get("/claims", params={"page": 0}).status_code == 422


def test_serve_refuses_a_missing_ledger(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2 and "no such ledger" in result.output


def test_article_page_marks_anonymous_sources_and_links_an_answer_to_its_report(tmp_path: Path) -> None:
    feed = tmp_path / "talks.jsonl"
    text = (
        "Sources familiar with the talks said the prisoner exchange would take place in Doha next week.\n\n"
        "Kyiv has accused Moscow of deliberately targeting energy infrastructure in Odesa, which Russia denies.\n"
    )
    feed.write_text(json.dumps({"id": "talks", "text": text}) + "\n", encoding="utf-8")
    db = str(tmp_path / "ledger.db")
    result = CliRunner().invoke(cli, ["ingest", str(feed), "--db", db, "--processes", "1"])
    assert result.exit_code == 0, result.output
    client = TestClient(create_app(db))
    page = client.get(f"/article/{_article_id(client, 'talks')}").text
    assert page.count("anonymous source</span>") == 1
    assert "answers <a" in page and "Kyiv</a>" in page.split("answers <a", 1)[1][:200]
    claims = [client.get(f"/claim/{n}") for n in range(1, 6)]
    assert any("anonymous source</span>" in r.text for r in claims if r.status_code == 200)
