"""The terminal report: statements grouped by speaker, stance and hedges marked, figures
listed and disagreeing figures flagged. Article text is shown as plain Text, never markup.
"""

from __future__ import annotations

from collections import defaultdict

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from whosaid.records import Analysis, Attribution

STANCE_STYLE = {
    "assert": ("says", "green"),
    "claim": ("claims", "yellow"),
    "confirm": ("confirms", "bold green"),
    "deny": ("denies", "bold red"),
    "non_committal": ("won't say", "magenta"),
    "predict": ("predicts", "cyan"),
    "believe": ("believes", "blue"),
    "intend": ("intends", "blue"),
    "ask": ("asks", "white"),
}


def _clip(text: str, width: int = 220) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _statement(at: Attribution, index: int, all_: tuple[Attribution, ...]) -> Text:
    label, style = STANCE_STYLE.get(at.stance, (at.stance, "white"))
    line = Text()
    line.append(f"[{index}] ", style="dim")
    line.append(f"{label:>9} ", style=style)
    if at.hedged:
        line.append("(hedged) ", style="italic yellow")
    if at.anonymous:
        line.append("(anonymous source) ", style="italic magenta")
    line.append("“" + _clip(" … ".join(c.text for c in at.contents)) + "”")
    line.append(f"  — cue: {_clip(at.cue.text, 40)}", style="dim")
    if at.relayed_by is not None:
        relay = all_[at.relayed_by]
        line.append(f"  via {relay.speaker or 'unnamed source'} [{at.relayed_by}]", style="dim cyan")
    if at.answers is not None:
        report = all_[at.answers]
        line.append(f"  answers {report.speaker or 'unnamed source'} [{at.answers}]", style="dim cyan")
    return line


def render(analysis: Analysis) -> Group:
    doc = analysis.document
    title = doc.title or doc.text.strip().split("\n", 1)[0][:90]
    parts: list[Text | Table | Panel] = []
    header = Text()
    header.append(doc.id, style="bold")
    header.append(f"  {title}" if title else "", style="italic")
    if doc.published:
        header.append(f"  ({doc.published})", style="dim")
    parts.append(header)
    by_speaker: dict[str, list[int]] = defaultdict(list)
    for i, at in enumerate(analysis.attributions):
        by_speaker[at.speaker or "(unresolved source)"].append(i)
    order = sorted(by_speaker, key=lambda s: (-len(by_speaker[s]), s))
    for speaker in order:
        block = Text()
        n = len(by_speaker[speaker])
        block.append(f"\n{speaker}", style="bold underline")
        block.append(f"  {n} statement{'s' if n != 1 else ''}\n", style="dim")
        for i in by_speaker[speaker]:
            block.append_text(_statement(analysis.attributions[i], i, analysis.attributions))
            block.append("\n")
        parts.append(block)
    if analysis.quantities:
        table = Table(title="Figures", title_justify="left", show_edge=False)
        table.add_column("figure")
        table.add_column("value", justify="right")
        table.add_column("counts")
        table.add_column("qualifier")
        for q in analysis.quantities:
            qual = "approx." if q.approx else (q.bound or "").replace("_", " ")
            table.add_row(
                Text(q.span.text),
                f"{q.value:,.0f}" if q.value.is_integer() else f"{q.value:,}",
                Text(q.counts or ""),
                qual,
            )
        parts.append(table)
    for c in analysis.conflicts:
        warn = Text("\n⚠ figures disagree", style="bold red")
        warn.append(f" on {c.counts}: ", style="red")
        warn.append(f"“{c.first.span.text}” vs “{c.second.span.text}”")
        warn.append(f" ({c.gap:.0%} apart)", style="red")
        parts.append(warn)
    set_apart = [r for r in analysis.regions if r.kind != "caption"]
    if set_apart:
        note = Text("\nSet apart (not article body): ", style="dim")
        note.append("; ".join(f"{r.kind}: {_clip(r.span.text, 70)}" for r in set_apart), style="dim")
        parts.append(note)
    return Group(*parts)


def print_report(analysis: Analysis, console: Console | None = None) -> None:
    console = console or Console()
    console.print(Panel(render(analysis), expand=True))


def _cell(value: object) -> str:
    if isinstance(value, list):
        if value and isinstance(value[0], dict):
            return "\n".join(
                _clip(
                    " · ".join(
                        str(v) for k, v in item.items() if k in ("role", "speaker", "name", "content", "evidence") and v
                    ),
                    160,
                )
                for item in value
            )
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return _clip(" · ".join(f"{k} {v}" for k, v in value.items() if k in ("text", "voice", "document") and v), 160)
    return "" if value is None else str(value)


def print_rows(rows: list[dict[str, object]], title: str, console: Console) -> None:
    """A list of JSON-shaped rows as one table; every cell is plain Text (no markup)."""
    if not rows:
        console.print(Text(f"no {title}"))
        return
    table = Table(title=title, show_lines=True)
    columns = [k for k in rows[0] if k not in ("attribution_id",)]
    for c in columns:
        table.add_column(c.replace("_", " "))
    for r in rows:
        table.add_row(*(Text(_cell(r[c])) for c in columns))
    console.print(table)
