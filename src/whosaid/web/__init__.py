"""The reader: a local, read-only web page over the ledger (FastAPI, server-rendered).

    whosaid serve --db whosaid.db            # http://127.0.0.1:8080

Every page reads through `whosaid.ledger.reader` / `whosaid.ledger.crossdoc`, the same
query layer as the CLI. Pages work without JavaScript; `static/whosaid.js` only opens a
statement's details beside the text instead of jumping to them. Article text, titles,
speaker names and queries are escaped everywhere (Jinja2 autoescape plus `plain`), and a
Content-Security-Policy forbids inline script and style.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from whosaid.ledger import Ledger, reader
from whosaid.ledger import crossdoc as claims_sql
from whosaid.ledger.db import is_postgres
from whosaid.web.graph import claim_graph
from whosaid.web.render import colour, highlight, marks_of, plain

PAGE = 50
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
STANCES = ("assert", "claim", "confirm", "deny", "non_committal", "predict", "intend", "believe", "ask")
STATUSES = ("corroborated", "single-origin", "disputed", "unanswered")


def create_app(db: str | Path) -> FastAPI:
    db_path = str(db)
    if not is_postgres(db_path) and not Path(db_path).exists():
        raise FileNotFoundError(f"{db_path}: no such ledger; create it with whosaid ingest")
    Ledger(db_path, readonly=True).close()  # fail now, not on the first request
    here = resources.files("whosaid.web")
    templates = Jinja2Templates(directory=str(here.joinpath("templates")))
    templates.env.filters["plain"] = plain
    templates.env.globals["colour"] = colour
    app = FastAPI(title="whosaid reader", docs_url=None, redoc_url=None, openapi_url=None)
    app.mount("/static", StaticFiles(directory=str(here.joinpath("static"))), name="static")

    @app.middleware("http")
    async def headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    def ledger() -> Ledger:
        """A read-only connection per request; `with ledger() as led:` closes it."""
        return Ledger(db_path, readonly=True)

    def page(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        return templates.TemplateResponse(request, name, context, status_code=status_code)

    def pages(page_no: int) -> tuple[int, int]:
        page_no = max(page_no, 1)
        return PAGE, (page_no - 1) * PAGE

    @app.exception_handler(HTTPException)
    async def not_found(request: Request, exc: HTTPException) -> HTMLResponse:
        return page(request, "error.html", status_code=exc.status_code, message=str(exc.detail))

    @app.get("/", response_class=HTMLResponse)
    def index(request: Request, page_no: int = Query(1, alias="page", ge=1, le=1_000_000)) -> HTMLResponse:
        limit, offset = pages(page_no)
        with ledger() as led:
            docs = reader.documents(led, limit + 1, offset)
        return page(request, "index.html", docs=docs[:limit], page=page_no, more=len(docs) > limit)

    @app.get("/article/{document_id}", response_class=HTMLResponse)
    def article(request: Request, document_id: int) -> HTMLResponse:
        with ledger() as led:
            doc = reader.document(led, document_id)
            if doc is None:
                raise HTTPException(404, "no such article")
            statements = reader.statements_of(led, document_id)
            regions = reader.regions_of(led, document_id)
            quantities = reader.quantities_of(led, document_id)
            conflicts = reader.conflicts_of(led, document_id)
            speakers = reader.speaker_ids(led, document_id)
        by_id = {s["id"]: s for s in statements}
        body = highlight(doc["text"], marks_of(statements, regions, quantities, speakers))
        cast: dict[str, dict[str, Any]] = {}
        for s in statements:
            name = s["speaker"] or "unnamed source"
            entry = cast.setdefault(name, {"name": name, "speaker_id": speakers.get(s["id"]), "statements": []})
            entry["statements"].append(s)
        return page(
            request,
            "article.html",
            doc=doc,
            body=body,
            statements=statements,
            by_id=by_id,
            speakers=speakers,
            cast=sorted(cast.values(), key=lambda c: -len(c["statements"])),
            quantities=quantities,
            conflicts=conflicts,
            regions=regions,
        )

    @app.get("/speaker/{speaker_id}", response_class=HTMLResponse)
    def speaker(
        request: Request, speaker_id: int, page_no: int = Query(1, alias="page", ge=1, le=1_000_000)
    ) -> HTMLResponse:
        limit, offset = pages(page_no)
        with ledger() as led:
            who = reader.speaker(led, speaker_id)
            if who is None:
                raise HTTPException(404, "no such speaker")
            said = reader.statements_by(led, speaker_id, limit + 1, offset)
        return page(request, "speaker.html", who=who, said=said[:limit], page=page_no, more=len(said) > limit)

    @app.get("/claim/{claim_id}", response_class=HTMLResponse)
    def claim(request: Request, claim_id: int) -> HTMLResponse:
        with ledger() as led:
            found = claims_sql.read_claims(led, claim_id=claim_id, limit=1)
        if not found:
            raise HTTPException(404, "no such claim")
        return page(request, "claim.html", claim=found[0], graph=claim_graph(found[0]))

    @app.get("/claims", response_class=HTMLResponse)
    def claims(
        request: Request,
        status: str = Query("", max_length=40),
        page_no: int = Query(1, alias="page", ge=1, le=1_000_000),
    ) -> HTMLResponse:
        limit, offset = pages(page_no)
        with ledger() as led:
            found = claims_sql.read_claims(led, status=status or None, limit=limit + 1, offset=offset)
        return page(
            request,
            "claims.html",
            claims=found[:limit],
            status=status,
            statuses=STATUSES,
            page=page_no,
            more=len(found) > limit,
        )

    @app.get("/conflicts", response_class=HTMLResponse)
    def conflicts(request: Request, page_no: int = Query(1, alias="page", ge=1, le=1_000_000)) -> HTMLResponse:
        limit, offset = pages(page_no)
        with ledger() as led:
            figures = claims_sql.read_conflicts(led)
            denied = reader.denials(led, limit + 1, offset)
        return page(
            request,
            "conflicts.html",
            figures=figures[offset : offset + limit],
            denied=denied[:limit],
            page=page_no,
            more=len(denied) > limit or len(figures) > offset + limit,
        )

    @app.get("/search", response_class=HTMLResponse)
    def search(
        request: Request,
        q: str = Query("", max_length=500),
        speaker: str = Query("", max_length=200),
        stance: str = Query("", max_length=40),
        status: str = Query("", max_length=40),
        page_no: int = Query(1, alias="page", ge=1, le=1_000_000),
    ) -> HTMLResponse:
        limit, offset = pages(page_no)
        results: list[dict[str, Any]] = []
        if q.strip() or speaker or stance or status:
            with ledger() as led:
                results = reader.search(led, q, speaker or None, stance or None, status or None, limit + 1, offset)
        return page(
            request,
            "search.html",
            q=q,
            speaker=speaker,
            stance=stance,
            status=status,
            stances=STANCES,
            statuses=STATUSES,
            results=results[:limit],
            page=page_no,
            more=len(results) > limit,
        )

    return app
