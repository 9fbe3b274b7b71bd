"""Article text to HTML with every statement's source, cue and content marked.

The text is untrusted: every character goes through `markupsafe.escape`, Unicode direction
controls are shown as visible code points instead of reordering the page, and the only
attributes written are our own class names and `#s-<id>` links.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

# bidi embeddings, overrides and isolates, and the marks: they can make text read backwards
_BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]")
PALETTE = 12


def plain(text: object) -> Markup:
    """Escaped text with direction controls made visible."""
    escaped = str(escape("" if text is None else str(text)))
    return Markup(_BIDI.sub(lambda m: f'<span class="ctl">U+{ord(m.group()):04X}</span>', escaped))


def colour(speaker_id: int | None) -> str:
    return f"sp-{speaker_id % PALETTE}" if speaker_id is not None else "sp-none"


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    role: str  # source | cue | content | figure | furniture | heading | caption
    statement: int | None = None
    speaker: int | None = None


def marks_of(
    statements: Iterable[Mapping[str, Any]],
    regions: Iterable[Mapping[str, Any]],
    quantities: Iterable[Mapping[str, Any]],
    speakers: Mapping[int, int],
) -> list[Mark]:
    out: list[Mark] = []
    for s in statements:
        who = speakers.get(s["id"])
        for start, end in s["pieces"]:
            out.append(Mark(start, end, "content", s["id"], who))
        out.append(Mark(s["cue_start"], s["cue_end"], "cue", s["id"], who))
        if s["source_start"] is not None:
            out.append(Mark(s["source_start"], s["source_end"], "source", s["id"], who))
    out += [Mark(r["start"], r["end"], r["kind"]) for r in regions]
    out += [Mark(q["start"], q["end"], "figure") for q in quantities]
    return [m for m in out if 0 <= m.start < m.end]


_STATEMENT_ROLES = ("cue", "source", "content")


def highlight(text: str, marks: list[Mark]) -> Markup:
    """One pass over the boundaries: each run of text gets the innermost statement mark
    covering it (cue and source before content), plus any region and figure marks."""
    bounds = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    bounds = [b for b in bounds if 0 <= b <= len(text)]
    starts: dict[int, list[Mark]] = {}
    for m in marks:
        starts.setdefault(m.start, []).append(m)
    active: list[Mark] = []
    parts: list[str] = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        active = [m for m in active if m.end > a] + starts.get(a, [])
        if a == b:
            continue
        chunk = str(plain(text[a:b]))
        covering = [m for m in active if m.start <= a and b <= m.end]
        said = [m for m in covering if m.role in _STATEMENT_ROLES]
        other = sorted({m.role for m in covering if m.role not in _STATEMENT_ROLES})
        if said:
            best = min(said, key=lambda m: (_STATEMENT_ROLES.index(m.role), m.end - m.start))
            chunk = (
                f'<a class="{best.role} {colour(best.speaker)}" href="#s-{best.statement}"'
                f' data-s="{best.statement}">{chunk}</a>'
            )
        if other:
            chunk = f'<span class="{" ".join(other)}">{chunk}</span>'
        parts.append(chunk)
    return Markup("".join(parts))
