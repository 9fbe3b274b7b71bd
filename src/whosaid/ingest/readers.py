"""File, directory and stdin readers: bytes -> Document, or a Failure with its reason."""

from __future__ import annotations

import codecs
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from charset_normalizer import from_bytes

from whosaid.config import DEFAULTS, Settings
from whosaid.ingest.warc import WarcStats, is_warc, read_warc
from whosaid.records import Document, Failure

TEXT_SUFFIXES = frozenset({".txt", ".text"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
KNOWN_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
UNSUPPORTED = "unsupported file type"
# longest first: a UTF-32-LE mark begins with the UTF-16-LE one
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes) -> tuple[str, str]:
    """Bytes -> (text, encoding). UTF-8 first; otherwise the encoding charset-normalizer
    detects; a UTF-16/32 byte-order mark decides by itself. Raises ValueError for binary data
    or bytes no encoding explains."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise ValueError(f"undecodable bytes: {encoding} byte-order mark, but {exc.reason}") from exc
    if b"\x00" in data[:8192]:
        raise ValueError("binary file (NUL bytes)")
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise ValueError("undecodable bytes: not UTF-8 and no other text encoding fits")
    return str(best), best.encoding


def _text_document(doc_id: str, text: str, origin: str, encoding: str | None) -> Document | Failure:
    if not text.strip():
        return Failure(origin, "empty or whitespace-only text")
    return Document(id=doc_id, text=text, origin=origin, encoding=encoding)


_PARSER_DEPTH = 255  # libxml2's limit without XML_PARSE_HUGE
_TAG = re.compile(r"<(/?)([a-zA-Z][\w:-]*)[^>]*?(/?)>")
_VOID = frozenset(
    {"br", "img", "hr", "meta", "link", "input", "area", "base", "col", "embed", "source", "wbr", "p", "li"}
)


def _nesting(html: str) -> int:
    """Rough maximum element depth, from the tags alone (only asked when extraction failed)."""
    depth = deepest = 0
    for m in _TAG.finditer(html):
        closing, name, selfclosing = m.group(1), m.group(2).lower(), m.group(3)
        if selfclosing or name in _VOID:
            continue
        depth = max(depth - 1, 0) if closing else depth + 1
        deepest = max(deepest, depth)
    return deepest


def _html_document(
    doc_id: str, html: str, origin: str, encoding: str | None, settings: Settings = DEFAULTS
) -> Document | Failure:
    import trafilatura  # imported here: a text-only run never pays for lxml

    try:
        body = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True)
        meta = trafilatura.extract_metadata(html)
    except Exception as exc:  # noqa: BLE001 - trafilatura raises many kinds on broken markup
        return Failure(origin, f"HTML could not be parsed: {type(exc).__name__}: {exc}")
    if not body or len(body.strip()) < settings.min_html_chars:
        got = len(body.strip()) if body else 0
        depth = _nesting(html)
        if depth > _PARSER_DEPTH:
            return Failure(
                origin,
                f"HTML nested {depth:,} elements deep; the HTML parser stops at {_PARSER_DEPTH}, "
                f"so no main text could be extracted ({got} characters)",
            )
        return Failure(origin, f"HTML has no main text ({got} characters extracted; not an article?)")
    return Document(
        id=doc_id,
        text=body,
        title=getattr(meta, "title", None) if meta else None,
        url=getattr(meta, "url", None) if meta else None,
        published=getattr(meta, "date", None) if meta else None,
        author=getattr(meta, "author", None) if meta else None,
        origin=origin,
        encoding=encoding,
    )


def _jsonl_documents(stem: str, text: str, origin: str) -> Iterator[Document | Failure]:
    for lineno, line in enumerate(text.splitlines(), start=1):
        where = f"{origin}:{lineno}"
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Failure(where, f"malformed JSON: {exc.msg} at column {exc.colno}")
            continue
        if not isinstance(record, dict):
            yield Failure(where, "a JSONL record must be an object")
            continue
        body = record.get("text")
        if not isinstance(body, str):
            yield Failure(where, "record has no 'text' string")
            continue
        if not body.strip():
            yield Failure(where, "record 'text' is empty")
            continue
        doc_id = record.get("id")
        yield Document(
            id=str(doc_id) if doc_id is not None else f"{stem}:{lineno}",
            text=body,
            title=_str_or_none(record.get("title")),
            url=_str_or_none(record.get("url")),
            published=_str_or_none(record.get("published")),
            author=_str_or_none(record.get("author")),
            origin=where,
        )


def _str_or_none(value: object) -> str | None:
    return None if value is None else str(value)


def _too_large(origin: str, size: int, settings: Settings) -> Failure:
    return Failure(origin, f"too large: {size:,} bytes over the limit of {settings.max_bytes:,} (--max-bytes)")


def _sniff(data: bytes) -> str:
    head = data[:512].lstrip()
    if head.startswith(b"{"):
        return ".jsonl"
    if head[:1] == b"<":
        return ".html"
    return ".txt"


def read_bytes(
    data: bytes, origin: str, doc_id: str, suffix: str, settings: Settings = DEFAULTS
) -> Iterator[Document | Failure]:
    """One input's bytes -> its documents (a JSONL file gives many)."""
    if len(data) > settings.max_bytes:
        yield _too_large(origin, len(data), settings)
        return
    if not data.strip():
        yield Failure(origin, "empty file")
        return
    try:
        text, encoding = decode(data)
    except ValueError as exc:
        yield Failure(origin, str(exc))
        return
    if suffix not in KNOWN_SUFFIXES:
        suffix = _sniff(data)
    if suffix in JSONL_SUFFIXES:
        yield from _jsonl_documents(doc_id, text, origin)
    elif suffix in HTML_SUFFIXES:
        yield _html_document(doc_id, text, origin, encoding, settings)
    else:
        yield _text_document(doc_id, text, origin, encoding)


def _walk(directory: Path) -> Iterator[Path | Failure]:
    """Files under a directory, sorted, without following symlinked directories (no loops)."""

    def onerror(exc: OSError) -> None:
        errors.append(Failure(str(exc.filename or directory), f"unreadable directory: {exc.strerror}"))

    errors: list[Failure] = []
    for root, dirs, files in os.walk(directory, onerror=onerror, followlinks=False):
        dirs.sort()
        for name in sorted(files):
            path = Path(root) / name
            if path.suffix.lower() in KNOWN_SUFFIXES or is_warc(path):
                yield path
        yield from errors
        errors.clear()


def read_paths(
    paths: Iterable[str], settings: Settings = DEFAULTS, warc_stats: WarcStats | None = None
) -> Iterator[Document | Failure]:
    """Paths (files, directories, WARC files, or '-' for stdin) -> documents and failures,
    in order. WARC records skipped as not HTML are counted in `warc_stats`.

    Also refused here, whatever the format: a text longer than the parser takes
    (`settings.max_chars`), and a record whose id was already read with a different text."""
    seen: dict[str, tuple[str, str]] = {}
    for item in _read_all(paths, settings, warc_stats):
        if isinstance(item, Failure):
            yield item
            continue
        if len(item.text) > settings.max_chars:
            yield Failure(
                item.origin or item.id,
                f"too long to parse: {len(item.text):,} characters over the limit of {settings.max_chars:,}"
                " (--max-chars)",
            )
            continue
        first = seen.setdefault(item.id, (item.text_hash, item.origin or item.id))
        if first[0] != item.text_hash:
            yield Failure(
                item.origin or item.id, f"duplicate id {item.id!r} with a different text (first at {first[1]})"
            )
            continue
        yield item


def _read_all(paths: Iterable[str], settings: Settings, warc_stats: WarcStats | None) -> Iterator[Document | Failure]:
    for raw in paths:
        if raw == "-":
            data = sys.stdin.buffer.read()
            yield from read_bytes(data, "<stdin>", "stdin", _sniff(data), settings)
            continue
        path = Path(raw)
        if path.is_dir():
            for item in _walk(path):
                if isinstance(item, Failure):
                    yield item
                elif is_warc(item):
                    yield from read_warc(item, settings, warc_stats)
                else:
                    yield from _read_file(item, settings)
            continue
        if is_warc(path) and path.is_file():
            yield from read_warc(path, settings, warc_stats)
            continue
        yield from _read_file(path, settings)


def _read_file(path: Path, settings: Settings) -> Iterator[Document | Failure]:
    origin = str(path)
    try:
        size = path.stat().st_size
        if size > settings.max_bytes:
            yield _too_large(origin, size, settings)
            return
        data = path.read_bytes()
    except FileNotFoundError:
        yield Failure(origin, "no such file or directory")
        return
    except PermissionError:
        yield Failure(origin, "permission denied")
        return
    except IsADirectoryError:
        yield Failure(origin, "is a directory")
        return
    except OSError as exc:
        yield Failure(origin, f"unreadable: {exc.strerror or exc}")
        return
    yield from read_bytes(data, origin, path.stem, path.suffix.lower(), settings)
