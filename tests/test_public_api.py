"""The public surface is what it means to be, and the components register with spaCy."""

from __future__ import annotations

import spacy

import whosaid


def test_exported_names_are_the_public_surface() -> None:
    assert set(whosaid.__all__) == {
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
    }


def test_components_add_to_a_users_own_pipeline() -> None:
    nlp = spacy.load(whosaid.DEFAULTS.model)
    for name in whosaid.COMPONENTS:
        nlp.add_pipe(name)
    doc = nlp("The minister said the plan would fail.")
    assert doc._.attributions[0].cue.text == "said"
    assert doc._.attributions[0].speaker == "minister"
