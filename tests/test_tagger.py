"""The token tagger: the scorer's evidence from the parser's own token vectors."""

from __future__ import annotations

import numpy as np
import spacy
from spacy.language import Language

from whosaid.evaluate import Frame
from whosaid.pipeline import scorer
from whosaid.pipeline.attributions import LearnedAttributionFinder
from whosaid.pipeline.tagger import CONTENT, CUE, SOURCE, pipeline_name
from whosaid.train import token_labels

TEXT = "The minister said the troops would leave the city by Friday."


def test_the_shipped_model_carries_a_tagger_for_the_default_pipeline(nlp: Language) -> None:
    tagger = scorer.shipped_model().tagger
    assert tagger is not None
    assert tagger.pipeline == pipeline_name(nlp.meta)
    assert nlp.get_pipe("whosaid_attributions").tagger is tagger


def test_a_report_verb_reads_as_a_cue_and_its_clause_as_content(nlp: Language) -> None:
    doc = nlp(TEXT)
    tags = scorer.shipped_model().tagger(doc)
    assert tags is not None and tags.shape == (len(doc), 5)
    said, minister, troops = doc[2], doc[1], doc[4]
    assert tags[said.i, CUE] > 0.5 > tags[troops.i, CUE]
    assert tags[troops.i, CONTENT] > 0.5 > tags[minister.i, CONTENT]
    assert tags[minister.i, SOURCE] > tags[troops.i, SOURCE]


def test_candidates_carry_the_tags_as_features(nlp: Language) -> None:
    doc = nlp(TEXT)
    view = scorer.DocView.of(doc, scorer.shipped_model().tagger)
    said = [d for d in scorer.describe(doc, view=view) if d.attribution.cue.text == "said"]
    assert said and all(any(f.startswith("tg_cue>=") for f in d.features) for d in said)
    untagged = [d for d in scorer.describe(doc) if d.attribution.cue.text == "said"]
    assert not any(f.startswith("tg_") for d in untagged for f in d.features)


def test_another_pipeline_gets_no_tags(nlp: Language) -> None:
    assert LearnedAttributionFinder(pipeline="en_core_web_md 3.8.0").tagger is None
    blank = spacy.blank("en")(TEXT)  # no vectors at all
    assert scorer.shipped_model().tagger(blank) is None


def test_gold_labels_mark_a_contents_first_and_last_word_not_its_punctuation(nlp: Language) -> None:
    doc = nlp.make_doc('He said: "We will leave."')
    content = (doc[3].idx, doc[-1].idx + 1)  # from the opening quote mark to the closing one
    y = token_labels(doc, [Frame(cue=((3, 7),), content=(content,), source=((0, 2),))])
    assert [t.text for t in doc if y[t.i, 3]] == ["We"]
    assert [t.text for t in doc if y[t.i, 4]] == ["leave"]
    assert [t.text for t in doc if y[t.i, 0]] == ["said"]
    assert y[:, 2].sum() == 6 and np.all(y[:3, 2] == 0)
