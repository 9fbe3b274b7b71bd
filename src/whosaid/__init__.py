"""whosaid: who claims what, who confirms it, who denies it, with which figures.

The public surface: records, `load` (a spaCy pipeline with whosaid's components), and
`analyze_text` / `analyze_documents`.
"""

from __future__ import annotations

from spacy.language import Language

from whosaid.config import DEFAULTS, Settings
from whosaid.engine import analysis_of, analyze_documents
from whosaid.pipeline import COMPONENTS, ModelNotFound, add_to, load
from whosaid.records import (
    Analysis,
    Attribution,
    Conflict,
    Document,
    Entity,
    Failure,
    Mention,
    Quantity,
    Region,
    Span,
    analysis_json,
)

__version__ = "0.1.0"


def analyze_text(text: str, nlp: Language | None = None, doc_id: str = "text") -> Analysis:
    """Run the whole pipeline on one text."""
    nlp = nlp or load()
    return analysis_of(nlp(text), Document(id=doc_id, text=text))


__all__ = [
    "COMPONENTS",
    "DEFAULTS",
    "Analysis",
    "Attribution",
    "Conflict",
    "Document",
    "Entity",
    "Failure",
    "Mention",
    "ModelNotFound",
    "Quantity",
    "Region",
    "Settings",
    "Span",
    "__version__",
    "add_to",
    "analysis_json",
    "analysis_of",
    "analyze_documents",
    "analyze_text",
    "load",
]
