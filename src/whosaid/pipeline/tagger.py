"""A token tagger over the parser's own token vectors: how likely each token is to be part of a
cue, a source or a content, and to open or close a content.

The spaCy pipeline's `tok2vec` leaves each token's context vector on `doc.tensor`; the parse
reads them, and so can whosaid at the cost of one small matrix product per document. A one-layer
network (trained on PolNeAR train by `whosaid.train`, its weights shipped beside the scorer's)
reads each token's vector with its two neighbours' on each side.
Its probabilities are not attributions: they are evidence the candidate scorer weighs
(`features`), learned from the words' context where the parse's structure says little — a
content's edges, a cue the lexicon does not know.

A pipeline other than the one it was trained on (another name or version, another tensor
width, no tensor) gets no tags, and the scorer goes on without them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from io import BytesIO
from pathlib import Path

import numpy as np
from spacy.tokens import Doc, Token

LABELS = ("cue", "source", "content", "content_start", "content_end")
CUE, SOURCE, CONTENT, START, END = range(len(LABELS))


@dataclass(frozen=True)
class TokenTagger:
    """A one-hidden-layer network (ReLU, then a sigmoid per label) over each token's window of
    `doc.tensor` rows."""

    hidden_weights: np.ndarray  # (inputs, hidden)
    hidden_bias: np.ndarray
    out_weights: np.ndarray  # (hidden, labels)
    out_bias: np.ndarray
    window: int  # tokens each side
    width: int  # the tensor's width it was trained on
    pipeline: str  # the spaCy pipeline whose vectors it read ("en_core_web_sm 3.8.0")

    def inputs(self, doc: Doc) -> np.ndarray | None:
        """Each token's input row, or None when the doc's tensor is not the one trained on."""
        tensor = getattr(doc, "tensor", None)
        if tensor is None or len(doc) == 0 or tensor.ndim != 2 or tensor.shape != (len(doc), self.width):
            return None
        rows = np.asarray(tensor, dtype=np.float32)
        pad = np.zeros((self.window, rows.shape[1]), dtype=np.float32)
        padded = np.vstack([pad, rows, pad])
        n = len(doc)
        return np.hstack([padded[k : k + n] for k in range(2 * self.window + 1)])

    def __call__(self, doc: Doc) -> np.ndarray | None:
        """The (tokens, labels) probabilities, or None (see `inputs`)."""
        x = self.inputs(doc)
        return None if x is None else self.probabilities(x)

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        """The (tokens, labels) probabilities of input rows made by `inputs`."""
        hidden = np.maximum(x @ self.hidden_weights + self.hidden_bias, 0.0)
        z = np.clip(hidden @ self.out_weights + self.out_bias, -30.0, 30.0)
        return 1.0 / (1.0 + np.exp(-z))

    def save(self, path: Path) -> None:
        buffer = BytesIO()
        np.savez_compressed(
            buffer,
            hidden_weights=self.hidden_weights,
            hidden_bias=self.hidden_bias,
            out_weights=self.out_weights,
            out_bias=self.out_bias,
            window=np.array(self.window),
            width=np.array(self.width),
            pipeline=np.array(self.pipeline),
        )
        path.write_bytes(buffer.getvalue())

    @classmethod
    def load(cls, data: bytes) -> TokenTagger:
        with np.load(BytesIO(data), allow_pickle=False) as z:
            return cls(
                z["hidden_weights"],
                z["hidden_bias"],
                z["out_weights"],
                z["out_bias"],
                int(z["window"]),
                int(z["width"]),
                str(z["pipeline"]),
            )


def pipeline_name(meta: dict[str, object]) -> str:
    """A spaCy pipeline as the tagger records it: "en_core_web_sm 3.8.0"."""
    return f"{meta.get('lang')}_{meta.get('name')} {meta.get('version')}"


def shipped_tagger(name: str) -> TokenTagger | None:
    """The tagger the package ships as `name` (beside the scorer's weights), if it is there."""
    path = resources.files("whosaid.models").joinpath(name)
    return TokenTagger.load(path.read_bytes()) if path.is_file() else None


def is_word(token: Token) -> bool:
    """A token that can open or close a content: not punctuation, not space. The training
    labels and the features read the edges by the same test."""
    return not (token.is_punct or token.is_space)


@dataclass(frozen=True)
class Tags:
    """One document's tags as plain lists, one per label, with which tokens are words (not
    punctuation or space): read per candidate, where numpy's cost per call would dominate."""

    columns: tuple[list[float], ...]
    words: list[bool]

    @classmethod
    def of(cls, doc: Doc, probabilities: np.ndarray) -> Tags:
        columns = tuple(probabilities[:, k].astype(float).tolist() for k in range(probabilities.shape[1]))
        return cls(columns, [is_word(t) for t in doc])

    def word(self, i: int, step: int) -> int | None:
        """The first word from token i on, going by `step` (1 or -1)."""
        words, n = self.words, len(self.words)
        while 0 <= i < n and not words[i]:
            i += step
        return i if 0 <= i < n else None


def _low(values: list[float]) -> float:
    """The 10th percentile, linearly interpolated."""
    ordered = sorted(values)
    at = 0.1 * (len(ordered) - 1)
    lo = int(at)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (at - lo)


def evidence(
    tags: Tags,
    cue: Sequence[Token],
    content: Sequence[Token],
    source: Sequence[Token] | None,
) -> list[tuple[str, float | None]]:
    """What the tags say of one candidate, as (name, probability) pairs, None where there is no
    such token: its cue's cue-ness (and content-ness), its content's content-ness within and
    just outside its edges and how likely its edges open and close a content, its source's
    source-ness or, with none, the most source-like token of the cue's sentence outside the
    content."""
    columns = tags.columns
    out: list[tuple[str, float | None]] = []
    if cue:
        lo, hi = cue[0].i, cue[-1].i + 1
        out += [("tg_cue", max(columns[CUE][lo:hi])), ("tg_cue_in_content", max(columns[CONTENT][lo:hi]))]
    if content:
        lo, hi = content[0].i, content[-1].i + 1
        inside = columns[CONTENT][lo:hi]
        out += [
            ("tg_cont_mean", sum(inside) / len(inside)),
            ("tg_cont_min", _low(inside)),
            ("tg_cont_first", inside[0]),
            ("tg_cont_last", inside[-1]),
        ]
        first, last = tags.word(lo, 1), tags.word(hi - 1, -1)
        if first is not None:
            out.append(("tg_start", columns[START][first]))
        if last is not None:
            out.append(("tg_end", columns[END][last]))
        before, after = tags.word(lo - 1, -1), tags.word(hi, 1)
        out.append(("tg_before", None if before is None else columns[CONTENT][before]))
        out.append(("tg_after", None if after is None else columns[CONTENT][after]))
    if source:
        lo, hi = source[0].i, source[-1].i + 1
        inside = columns[SOURCE][lo:hi]
        out += [("tg_src", sum(inside) / len(inside)), ("tg_src_max", max(inside))]
    elif source is None and cue:
        sent = cue[0].sent
        values = columns[SOURCE][sent.start : sent.end]
        if content:  # outside the content
            lo, hi = max(content[0].i, sent.start) - sent.start, min(content[-1].i + 1, sent.end) - sent.start
            if lo < hi:
                values = values[:lo] + values[hi:]
        out.append(("tg_nosrc", max(values) if values else 0.0))
    return out
