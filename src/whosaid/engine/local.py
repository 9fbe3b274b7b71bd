"""Local engine: nlp.pipe in this process, or a pool of worker processes each with its own model."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from itertools import islice
from typing import TypeVar

from spacy.language import Language
from spacy.tokens import Doc

from whosaid.config import DEFAULTS, Settings
from whosaid.records import Analysis, Document, Failure

T = TypeVar("T")

# one pipeline per worker process and model name, loaded on first use (pool and Dask workers)
_worker_nlp: dict[str, Language] = {}


def analysis_of(doc: Doc, document: Document) -> Analysis:
    """Collect the whosaid components' results from a processed Doc."""
    return Analysis(
        document=document,
        attributions=tuple(doc._.attributions or ()),
        entities=tuple(doc._.entities or ()),
        quantities=tuple(doc._.quantities or ()),
        regions=tuple(doc._.regions or ()),
        conflicts=tuple(doc._.conflicts or ()),
    )


def by_size(batch: list[Document], max_chars: int) -> Iterator[list[Document]]:
    """Consecutive groups of the batch holding at most `max_chars` characters (or one document)."""
    group: list[Document] = []
    size = 0
    for document in batch:
        if group and size + len(document.text) > max_chars:
            yield group
            group, size = [], 0
        group.append(document)
        size += len(document.text)
    if group:
        yield group


def _run_batch(nlp: Language, batch: list[Document], settings: Settings) -> list[Analysis | Failure]:
    """A batch through the pipeline, in groups of at most `settings.batch_chars` characters,
    each inside a spaCy memory zone: the strings a group adds to the vocabulary are freed
    after it, and the parser never holds more text at once than the bound, so a long run's
    memory stays flat. Results leave the zone as plain records."""
    out: list[Analysis | Failure] = []
    for group in by_size(batch, settings.batch_chars):
        out.extend(_run_group(nlp, group, settings.batch_size))
    return out


def _run_group(nlp: Language, group: list[Document], batch_size: int) -> list[Analysis | Failure]:
    out: list[Analysis | Failure] = []
    try:
        with nlp.memory_zone():
            for doc, document in nlp.pipe(((d.text, d) for d in group), as_tuples=True, batch_size=batch_size):
                out.append(analysis_of(doc, document))
        return out
    except Exception:  # noqa: BLE001 - isolate the bad document, keep the rest of the group
        pass
    out = []
    for document in group:
        try:
            with nlp.memory_zone():
                out.append(analysis_of(nlp(document.text), document))
        except Exception as exc:  # noqa: BLE001
            out.append(Failure(document.origin or document.id, f"analysis failed: {type(exc).__name__}: {exc}"))
    return out


def worker_model(model: str) -> Language:
    """This process's pipeline for `model`, loaded once."""
    nlp = _worker_nlp.get(model)
    if nlp is None:
        from whosaid.pipeline import load

        nlp = _worker_nlp[model] = load(model)
    return nlp


def _init_worker(model: str) -> None:
    worker_model(model)


def _worker_batch(batch: list[Document], settings: Settings) -> list[Analysis | Failure]:
    return _run_batch(worker_model(settings.model), batch, settings)


def batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def analyze_documents(
    documents: Iterable[Document],
    nlp: Language | None = None,
    settings: Settings = DEFAULTS,
) -> Iterator[Analysis | Failure]:
    """Analyse documents in order; a document that breaks the pipeline becomes a Failure."""
    processes = settings.n_process
    if processes <= 1:
        if nlp is None:
            from whosaid.pipeline import load

            nlp = load(settings.model)
        for batch in batches(documents, settings.batch_size):
            yield from _run_batch(nlp, batch, settings)
        return
    with ProcessPoolExecutor(processes, initializer=_init_worker, initargs=(settings.model,)) as pool:
        pending = []
        for batch in batches(documents, settings.batch_size):
            pending.append(pool.submit(_worker_batch, batch, settings))
            # keep a bounded number of batches in flight so memory stays flat on big corpora
            while len(pending) > processes * 2:
                yield from pending.pop(0).result()
        for fut in pending:
            yield from fut.result()
