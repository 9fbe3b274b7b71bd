"""The whosaid command line: thin typer commands over the library."""

from __future__ import annotations

import csv
import json
import sys
import time
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.text import Text

from whosaid.config import DEFAULT_MODEL, DEFAULTS, Settings
from whosaid.crossdoc import corroborate
from whosaid.crossdoc.speakers import norm
from whosaid.engine import analyze_documents
from whosaid.ingest import read_paths
from whosaid.ingest.warc import WarcStats
from whosaid.ledger import Ledger, LedgerError
from whosaid.ledger.crossdoc import add_split, read_claims, read_conflicts, read_speakers
from whosaid.ledger.db import is_postgres
from whosaid.ledger.export import ExportError, export
from whosaid.pipeline import ModelNotFound, load
from whosaid.records import Analysis, Document, Failure, analysis_json, claim_json, conflict_json, speaker_json
from whosaid.report import print_report, print_rows

app = typer.Typer(
    help="whosaid: who claims what, who confirms it, who denies it, with which figures.",
    no_args_is_help=True,
    add_completion=False,
)
err = Console(stderr=True, soft_wrap=True)  # one line per message, whatever the width

ModelOpt = Annotated[str, typer.Option("--model", help="Any installed spaCy pipeline with a parser and NER.")]
ProcOpt = Annotated[int, typer.Option("--processes", "-p", help="Parser processes (0 = one per core).")]
MaxBytesOpt = Annotated[int, typer.Option("--max-bytes", help="Refuse inputs larger than this.")]
MaxCharsOpt = Annotated[int, typer.Option("--max-chars", help="Refuse texts longer than this (characters).")]
DB_HELP = "The ledger: a SQLite file, or a postgresql://user@host:port/dbname URL."
PathsArg = Annotated[list[str], typer.Argument(help="Files (.txt, .html, .jsonl), directories, or - for stdin.")]


def _settings(model: str, processes: int, max_bytes: int, max_chars: int = DEFAULTS.max_chars) -> Settings:
    return Settings(model=model, processes=processes, max_bytes=max_bytes, max_chars=max_chars)


def _report_failure(f: Failure) -> None:
    line = Text("✗ ", style="bold red")
    line.append(f.origin)
    line.append(f": {f.reason}", style="red")
    err.print(line)


def _run(inputs: Iterable[Document | Failure], settings: Settings) -> Iterator[Analysis | Failure]:
    """Documents through the pipeline; read failures pass straight through, in order."""
    failures: list[Failure] = []

    def documents() -> Iterator[Document]:
        for item in inputs:
            if isinstance(item, Failure):
                failures.append(item)
            else:
                yield item

    try:
        nlp = load(settings.model) if settings.n_process <= 1 else None
    except ModelNotFound as exc:
        raise typer.BadParameter(str(exc), param_hint="--model") from exc
    for result in analyze_documents(documents(), nlp=nlp, settings=settings):
        while failures:
            yield failures.pop(0)
        yield result
    yield from failures


def _progress() -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TextColumn("{task.completed} done"),
        TimeElapsedColumn(),
        console=err,
        disable=not err.is_terminal,
        transient=True,
    )


@app.command()
def demo(model: ModelOpt = DEFAULT_MODEL) -> None:
    """Run the whole pipeline on the bundled example article and print the report."""
    text = resources.files("whosaid").joinpath("data/kursk-pows.txt").read_text(encoding="utf-8")
    settings = Settings(model=model, processes=1)
    for result in _run([Document(id="kursk-pows", text=text, origin="whosaid/data/kursk-pows.txt")], settings):
        if isinstance(result, Analysis):
            print_report(result, Console())


@app.command()
def analyze(
    paths: PathsArg,
    model: ModelOpt = DEFAULT_MODEL,
    processes: ProcOpt = 0,
    max_bytes: MaxBytesOpt = 5_000_000,
    max_chars: MaxCharsOpt = DEFAULTS.max_chars,
) -> None:
    """A human-readable report per article."""
    failed = 0
    out = Console()
    for result in _run(
        read_paths(paths, _settings(model, processes, max_bytes, max_chars)),
        _settings(model, processes, max_bytes, max_chars),
    ):
        if isinstance(result, Failure):
            failed += 1
            _report_failure(result)
        else:
            print_report(result, out)
    raise typer.Exit(1 if failed else 0)


@app.command()
def extract(
    paths: PathsArg,
    fmt: Annotated[str, typer.Option("--format", help="Output format.")] = "jsonl",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")] = None,
    model: ModelOpt = DEFAULT_MODEL,
    processes: ProcOpt = 0,
    max_bytes: MaxBytesOpt = 5_000_000,
    max_chars: MaxCharsOpt = DEFAULTS.max_chars,
) -> None:
    """Machine output: one JSON object per document (the JSONL contract)."""
    if fmt != "jsonl":
        raise typer.BadParameter("only jsonl is supported", param_hint="--format")
    settings = _settings(model, processes, max_bytes, max_chars)
    stream = output.open("w", encoding="utf-8") if output else sys.stdout
    failed = 0
    try:
        with _progress() as progress:
            task = progress.add_task("extracting", total=None)
            for result in _run(read_paths(paths, settings), settings):
                if isinstance(result, Failure):
                    failed += 1
                    _report_failure(result)
                else:
                    stream.write(json.dumps(analysis_json(result), ensure_ascii=False) + "\n")
                progress.advance(task)
    finally:
        if output:
            stream.close()
    raise typer.Exit(1 if failed else 0)


@app.command()
def ingest(
    paths: Annotated[list[str] | None, typer.Argument(help="Files, directories, or - for stdin.")] = None,
    db: Annotated[str, typer.Option("--db", help=DB_HELP)] = "whosaid.db",
    retry_failed: Annotated[
        bool, typer.Option("--retry-failed", help="Read again the inputs that failed before.")
    ] = False,
    model: ModelOpt = DEFAULT_MODEL,
    processes: ProcOpt = 0,
    max_bytes: MaxBytesOpt = 5_000_000,
    max_chars: MaxCharsOpt = DEFAULTS.max_chars,
    engine: Annotated[str, typer.Option("--engine", help="local (process pool) or dask.")] = "local",
    scheduler: Annotated[
        str | None, typer.Option("--scheduler", help="Dask scheduler, tcp://HOST:PORT (default: a LocalCluster).")
    ] = None,
    partition_size: Annotated[int, typer.Option("--partition-size", help="Documents per Dask partition.")] = 16,
) -> None:
    """Store articles in the ledger (SQLite file or PostgreSQL URL). Re-ingesting the same
    text adds nothing. `--engine dask` analyses partitions on a Dask cluster."""
    if engine not in ("local", "dask"):
        raise typer.BadParameter(f"unknown engine {engine!r}: local or dask", param_hint="--engine")
    settings = _settings(model, processes, max_bytes, max_chars)
    try:
        ledger = Ledger(db)
    except LedgerError as exc:
        err.print(Text(str(exc), style="red"))
        raise typer.Exit(2) from exc
    targets = list(paths or [])
    if retry_failed:
        origins = [f["origin"] for f in ledger.open_failures()]
        # a JSONL line failure is recorded as "path:line"; retry reads the file again
        retry = sorted({o if Path(o).exists() else o.rsplit(":", 1)[0] for o in origins})
        ledger.resolve_failures(origins)
        targets += [t for t in retry if t not in targets]
    if not targets:
        err.print("nothing to ingest")
        raise typer.Exit(0)
    added = skipped = failed = 0
    warc_stats = WarcStats()

    def unseen() -> Iterator[Document | Failure]:
        """Inputs whose text is already stored are counted, not parsed again: a re-run after
        a crash only parses what is missing."""
        nonlocal skipped
        for item in read_paths(targets, settings, warc_stats):
            if isinstance(item, Document) and ledger.has_text(item.text_hash):
                skipped += 1
                continue
            yield item

    if engine == "dask":
        with ledger:
            added, duplicates, failed = _ingest_dask(ledger, unseen(), settings, scheduler, partition_size)
            summary = corroborate(ledger, settings)
    else:
        with ledger:
            added, duplicates, failed = _ingest_local(ledger, unseen(), settings)
            summary = corroborate(ledger, settings)
    # "already stored": skipped before parsing, or found stored when written (the same text
    # twice in one run)
    skipped += duplicates
    err.print(f"{db}: {added} added, {skipped} already stored, {failed} failed")
    if warc_stats.total:
        kinds = ", ".join(f"{n} {k}" for k, n in warc_stats.skipped.most_common())
        err.print(f"skipped {warc_stats.total} WARC records that are not HTML responses ({kinds})")
    err.print(
        f"{db}: {summary.claims} claims ({summary.corroborated} with 2+ independent origins),"
        f" {summary.speakers} speakers, {summary.conflicts} figure conflicts (rebuilt in {summary.seconds:.1f} s)"
    )
    raise typer.Exit(1 if failed else 0)


def _ingest_local(ledger: Ledger, items: Iterable[Document | Failure], settings: Settings) -> tuple[int, int, int]:
    """-> (added, already stored, failed)."""
    added = duplicates = failed = 0
    batch: list[Analysis | Failure] = []
    with _progress() as progress:
        task = progress.add_task("ingesting", total=None)
        for result in _run(items, settings):
            if isinstance(result, Failure):
                _report_failure(result)
            batch.append(result)
            if len(batch) >= settings.batch_size:
                a, d, f = ledger.add_batch(batch)
                added, duplicates, failed = added + a, duplicates + d, failed + f
                progress.advance(task, len(batch))
                batch = []
        if batch:
            a, d, f = ledger.add_batch(batch)
            added, duplicates, failed = added + a, duplicates + d, failed + f
    return added, duplicates, failed


def _ingest_dask(
    ledger: Ledger,
    items: Iterable[Document | Failure],
    settings: Settings,
    scheduler: str | None,
    partition_size: int,
) -> tuple[int, int, int]:
    """Each finished partition is stored in one transaction; progress counts partitions.
    -> (added, already stored, failed)."""
    from whosaid.engine.dask import DaskEngine

    added = duplicates = failed = done = broken = 0
    peaks: dict[str, float] = {}
    busy: dict[str, float] = {}
    storing = 0.0
    with DaskEngine(settings, scheduler, partition_size) as cluster, _progress() as progress:
        task = progress.add_task("partitions", total=None)
        for part in cluster.run(items):
            for result in part.results:
                if isinstance(result, Failure):
                    _report_failure(result)
            started = time.perf_counter()
            a, d, f = ledger.add_batch(part.results)
            storing += time.perf_counter() - started
            added, duplicates, failed = added + a, duplicates + d, failed + f
            if part.index >= 0:
                done += 1
                broken += all(isinstance(r, Failure) for r in part.results) and bool(part.results)
                peaks[part.worker] = max(peaks.get(part.worker, 0.0), part.peak_rss_mb)
                busy[part.worker] = busy.get(part.worker, 0.0) + part.seconds
                progress.update(task, advance=1, description=f"partitions ({broken} failed)")
    workers = ", ".join(f"{w} {mb:.0f} MB" for w, mb in sorted(peaks.items()))
    seconds = ", ".join(f"{s:.1f} s" for _, s in sorted(busy.items()))
    err.print(
        f"dask: {done} partitions, {broken} failed; peak memory per worker: {workers or 'n/a'};"
        f" time analysing per worker: {seconds or 'n/a'}; time storing here: {storing:.1f} s"
    )
    return added, duplicates, failed


# -- across articles: thin shells over whosaid.crossdoc and whosaid.ledger.crossdoc ---------

DbOpt = Annotated[str, typer.Option("--db", help=DB_HELP)]
FormatOpt = Annotated[str, typer.Option("--format", "-f", help="table, json or csv.")]
LimitOpt = Annotated[int, typer.Option("--limit", help="At most this many rows.")]
OffsetOpt = Annotated[int, typer.Option("--offset", help="Skip this many rows (pagination).")]


def _open_existing(db: str) -> Ledger:
    if not is_postgres(db) and not Path(db).exists():
        err.print(Text(f"{db}: no such ledger; create it with whosaid ingest", style="red"))
        raise typer.Exit(2)
    try:
        return Ledger(db)
    except LedgerError as exc:
        err.print(Text(str(exc), style="red"))
        raise typer.Exit(2) from exc


def _emit(rows: list[dict[str, Any]], fmt: str, title: str) -> None:
    if fmt == "json":
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
    elif fmt == "csv":
        flat = [
            {k: json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v for k, v in r.items()}
            for r in rows
        ]
        w = csv.DictWriter(sys.stdout, fieldnames=list(flat[0]) if flat else ["empty"])
        w.writeheader()
        w.writerows(flat)
    elif fmt == "table":
        print_rows(rows, title, Console())
    else:
        raise typer.BadParameter(f"unknown format {fmt!r}: table, json or csv", param_hint="--format")


@app.command()
def claims(
    db: DbOpt = "whosaid.db",
    speaker: Annotated[str | None, typer.Option("--speaker", help="Claims with a voice by this speaker.")] = None,
    about: Annotated[str | None, typer.Option("--about", help="Claims whose statements mention this text.")] = None,
    status: Annotated[
        str | None,
        typer.Option(
            "--status",
            help="corroborated, single-origin, disputed, unanswered, confirmed, denied, anonymous sources only",
        ),
    ] = None,
    fmt: FormatOpt = "table",
    limit: LimitOpt = 100,
    offset: OffsetOpt = 0,
) -> None:
    """Claims across all ingested articles: voices for and against, independent origins, status."""
    with _open_existing(db) as ledger:
        found = read_claims(ledger, speaker=speaker, about=about, status=status, limit=limit, offset=offset)
    _emit([claim_json(c) for c in found], fmt, "claims")


@app.command()
def speakers(
    db: DbOpt = "whosaid.db",
    name: Annotated[str | None, typer.Option("--speaker", help="Speakers with a name containing this.")] = None,
    split: Annotated[
        str | None, typer.Option("--split", help="Undo a merge: keep this name apart from now on.")
    ] = None,
    fmt: FormatOpt = "table",
    limit: LimitOpt = 100,
    offset: OffsetOpt = 0,
) -> None:
    """Speakers across articles, with every name merged into each and the evidence for it."""
    with _open_existing(db) as ledger:
        if split:
            add_split(ledger, norm(split))
            corroborate(ledger)
            err.print(f"{split!r} is kept apart; speakers and claims rebuilt")
        found = read_speakers(ledger, name=name, limit=limit, offset=offset)
    _emit([speaker_json(s) for s in found], fmt, "speakers")


@app.command()
def conflicts(
    db: DbOpt = "whosaid.db",
    about: Annotated[str | None, typer.Option("--about", help="Conflicts over figures counting this.")] = None,
    fmt: FormatOpt = "table",
) -> None:
    """Figures about the same thing that disagree beyond their approximations, with both voices."""
    with _open_existing(db) as ledger:
        found = read_conflicts(ledger)
    rows = [conflict_json(c) | {"claim": cid} for cid, c in found]
    if about:
        rows = [r for r in rows if about.lower() in (r["counts"] or "").lower()]
    _emit(rows, fmt, "conflicts")


@app.command()
def serve(
    db: DbOpt = "whosaid.db",
    host: Annotated[str, typer.Option("--host", help="Address to bind; the default serves this machine only.")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8080,
) -> None:
    """The reader: a read-only web page over the ledger (articles, speakers, claims, conflicts, search)."""
    import uvicorn

    from whosaid.web import create_app

    try:
        web = create_app(db)
    except (FileNotFoundError, LedgerError) as exc:
        err.print(Text(str(exc), style="red"))
        raise typer.Exit(2) from exc
    err.print(f"whosaid reader on http://{host}:{port}/ (read-only; Ctrl-C stops)")
    uvicorn.run(web, host=host, port=port, log_level="warning")


@app.command("export")
def export_cmd(
    db: DbOpt = "whosaid.db",
    fmt: Annotated[str, typer.Option("--format", "-f", help="jsonl, csv or parquet.")] = "jsonl",
    out: Annotated[Path, typer.Option("--output", "-o", help="Directory for one file per table.")] = Path("export"),
) -> None:
    """Export the whole ledger, one file per table."""
    with _open_existing(db) as ledger:
        try:
            counts = export(ledger, out, fmt)
        except ExportError as exc:
            err.print(Text(str(exc), style="red"))
            raise typer.Exit(2) from exc
    err.print(f"{out}: " + ", ".join(f"{t} {n}" for t, n in counts.items()))


if __name__ == "__main__":
    app()
