"""WARC input (warcio): the HTML responses of a crawl, each an article with its URL and date.

    whosaid ingest crawl.warc.gz

Records are streamed, never loaded whole. Responses whose HTTP Content-Type is HTML go
through the same main-text extraction as .html files; everything else (requests,
metadata, images, PDFs, JSON) is skipped and counted in `WarcStats`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from whosaid.config import Settings
from whosaid.records import Document, Failure

WARC_SUFFIXES = (".warc", ".warc.gz")
_CHARSET = re.compile(r"charset=[\"']?([\w.:-]+)", re.IGNORECASE)


@dataclass
class WarcStats:
    """What a WARC read skipped, by kind ("non-HTML response: image/png", "request", ...)."""

    skipped: Counter[str] = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.skipped.values())


def is_warc(path: Path) -> bool:
    return path.name.lower().endswith(WARC_SUFFIXES)


def read_warc(path: Path, settings: Settings, stats: WarcStats | None = None) -> Iterator[Document | Failure]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    from whosaid.ingest.readers import _html_document, decode

    stats = stats if stats is not None else WarcStats()
    origin_base = str(path)
    try:
        stream = path.open("rb")
    except OSError as exc:
        yield Failure(origin_base, f"unreadable: {exc.strerror or exc}")
        return
    with stream:
        n = 0
        try:
            for record in ArchiveIterator(stream):
                n += 1
                origin = f"{origin_base}#{n}"
                if record.rec_type != "response":
                    stats.skipped[record.rec_type or "unknown"] += 1
                    continue
                ctype = (record.http_headers.get_header("Content-Type") if record.http_headers else None) or ""
                if "html" not in ctype.lower():
                    stats.skipped[f"non-HTML response: {ctype.split(';')[0].strip() or 'no type'}"] += 1
                    continue
                data = record.content_stream().read(settings.max_bytes + 1)
                if len(data) > settings.max_bytes:
                    yield Failure(origin, f"too large: over the limit of {settings.max_bytes:,} bytes (--max-bytes)")
                    continue
                m = _CHARSET.search(ctype)
                text: str | None = None
                encoding: str | None = None
                if m:
                    try:
                        text, encoding = data.decode(m.group(1)), m.group(1).lower()
                    except (LookupError, UnicodeDecodeError):
                        text = None
                if text is None:
                    try:
                        text, encoding = decode(data)
                    except ValueError as exc:
                        yield Failure(origin, str(exc))
                        continue
                record_id = (record.rec_headers.get_header("WARC-Record-ID") or "").strip("<>")
                doc_id = record_id.removeprefix("urn:uuid:") or f"{path.stem}:{n}"
                item = _html_document(doc_id, text, origin, encoding, settings)
                if isinstance(item, Document):
                    item = replace(
                        item,
                        url=record.rec_headers.get_header("WARC-Target-URI") or item.url,
                        published=item.published or record.rec_headers.get_header("WARC-Date"),
                    )
                yield item
        except ArchiveLoadFailed as exc:
            yield Failure(f"{origin_base}#{n + 1}", f"not a readable WARC record: {exc}")
        except (OSError, EOFError, ValueError) as exc:
            yield Failure(f"{origin_base}#{n + 1}", f"truncated or corrupt WARC: {type(exc).__name__}: {exc}")
