"""The training command's parse cache: reused only for the parse it was written for."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from spacy.language import Language
from spacy.tokens import DocBin

from whosaid.config import DEFAULT_MODEL
from whosaid.evaluate import Article
from whosaid.train import parse, parse_key

ONE = [Article("a", "The mayor said the bridge would reopen in May.")]
OTHER = [Article("a", "Critics doubted that the bridge would reopen.")]


def test_the_cache_key_follows_the_texts(nlp: Language) -> None:
    assert parse_key(ONE, nlp) == parse_key(list(ONE), nlp)
    assert parse_key(ONE, nlp) != parse_key(OTHER, nlp)


def test_a_cache_written_for_the_same_texts_is_read_back(tmp_path: Path) -> None:
    cache = tmp_path / "docs.docbin"
    first = parse(ONE, DEFAULT_MODEL, cache)
    assert cache.exists() and (tmp_path / "docs.docbin.key").exists()
    again = parse(ONE, DEFAULT_MODEL, cache)
    assert [t.dep_ for t in again[0]] == [t.dep_ for t in first[0]]
    # a DocBin keeps no token vectors: the token tagger's input is made again, the same
    assert again[0].tensor.shape == first[0].tensor.shape
    assert np.allclose(again[0].tensor, first[0].tensor, atol=1e-5)


def test_a_stale_cache_is_parsed_again(tmp_path: Path, nlp: Language) -> None:
    cache = tmp_path / "docs.docbin"
    # a cache of other texts, as an earlier version of the corpus or the code left it
    DocBin(docs=[nlp.make_doc(OTHER[0].text)]).to_disk(cache)
    (tmp_path / "docs.docbin.key").write_text("written by an older whosaid\n", encoding="utf-8")
    docs = parse(ONE, DEFAULT_MODEL, cache)
    assert docs[0].text == ONE[0].text
    assert docs[0][2].dep_ == "ROOT"  # "said", parsed now
    assert parse(ONE, DEFAULT_MODEL, cache)[0].text == ONE[0].text  # and the cache was rewritten
