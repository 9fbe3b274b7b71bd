"""End to end in a real browser: Debian's chromium driven by Playwright against `whosaid serve`.

Needs /usr/bin/chromium (`.ci/run` installs it with apt-get). Saves screenshots to
test-artifacts/ for a human to look at.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import SEED_TEXT
from typer.testing import CliRunner

from whosaid.cli import app as cli

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"

if not Path(CHROMIUM).exists():
    if os.environ.get("WHOSAID_REQUIRE_BROWSER"):
        raise RuntimeError(f"{CHROMIUM} is missing but WHOSAID_REQUIRE_BROWSER is set (.ci/run installs it)")
    pytest.skip("Debian chromium not installed (see .ci/run)", allow_module_level=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("e2e") / "ledger.db"
    result = CliRunner().invoke(cli, ["ingest", str(SEED_TEXT), "--db", str(db), "--processes", "1"])
    assert result.exit_code == 0, result.output
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "whosaid.cli", "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1).read()
            break
        except OSError:
            time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail(f"whosaid serve did not start: {proc.stderr.read().decode() if proc.stderr else ''}")
    yield url
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


def test_read_the_seed_click_a_statement_open_the_conflict_and_search(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(server + "/")
    page.click("text=kursk-pows")
    assert "/article/" in page.url

    page.click("a.cue:text('confirmed') >> nth=0")
    panel = page.locator("#panel")
    panel.wait_for(state="visible")
    assert "National Intelligence Service" in panel.inner_text()
    assert "CONFIRM" in panel.inner_text().upper()
    page.screenshot(path=str(ARTIFACTS / "article-statement.png"), full_page=False)

    page.click(".conflicts a >> nth=0")
    assert page.url.endswith("/conflicts")
    body = page.inner_text("body")
    assert "about 10,000 elite troops" in body and "some 11,000 troops" in body
    assert "Ukrainian and Western assessments" in body

    page.fill("form.quick input[name=q]", "NIS")
    page.press("form.quick input[name=q]", "Enter")
    page.wait_for_url("**/search?q=NIS")
    results = page.inner_text("ul.results")
    assert "National Intelligence Service" in results
    page.screenshot(path=str(ARTIFACTS / "search-nis.png"), full_page=True)
    assert errors == []  # no CSP violations or script errors


def test_reading_works_with_javascript_off(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server + "/")
    page.click("text=kursk-pows")
    link = page.locator("a.cue:text('confirmed')").first
    target = link.get_attribute("href")
    link.click()
    assert page.url.endswith(target)
    section = page.locator(target)
    assert "National Intelligence Service" in section.inner_text()
    page.screenshot(path=str(ARTIFACTS / "article-no-js.png"))
    context.close()
