"""The learned attribution scorer: shipped weights, and what it adds to the rules."""

from __future__ import annotations

import json
from importlib import resources

import whosaid
from whosaid.config import Settings
from whosaid.pipeline import scorer
from whosaid.pipeline.speakers import SpeakerResolver


def _triples(analysis: whosaid.Analysis) -> set[tuple[str | None, str, str]]:
    return {(a.source.text if a.source else None, a.cue.text, a.content.text) for a in analysis.attributions}


def test_shipped_weights_are_small_and_say_where_they_come_from() -> None:
    path = resources.files("whosaid.models").joinpath(scorer.MODEL_FILE)
    data = json.loads(path.read_text(encoding="utf-8"))
    trees = resources.files("whosaid.models").joinpath(data["second"]["trees"])
    tagger = resources.files("whosaid.models").joinpath(data["tagger"]["file"])
    assert len(path.read_bytes()) + len(trees.read_bytes()) + len(tagger.read_bytes()) < 50_000_000
    assert "PolNeAR train" in data["trained_on"]
    assert 0.0 < data["threshold"] < 1.0
    assert len(data["weights"]) > 1000


def test_nominal_cue_takes_its_owner_as_source(analyze) -> None:
    a = analyze("The company's claim that the product is safe was disputed by regulators.")
    assert ("The company's", "claim", "that the product is safe") in _triples(a)


def test_passive_cue_takes_the_agent_as_source_and_the_subject_as_content(analyze) -> None:
    a = analyze("The company's claim that the product is safe was disputed by regulators.")
    assert ("regulators", "disputed", "The company's claim that the product is safe") in _triples(a)


def test_rules_only_pipeline_leaves_out_what_the_model_adds(rules_only, analyze) -> None:
    text = "The company's claim that the product is safe was disputed by regulators."
    rules, model = _triples(rules_only(text)), _triples(analyze(text))
    # the rules take the passive report of a lexicon cue; the nominal cue only the model
    assert rules == {("regulators", "disputed", "The company's claim that the product is safe")}
    assert model - rules == {("The company's", "claim", "that the product is safe")}


def test_one_content_per_cue_is_kept(analyze) -> None:
    a = analyze("The governor slammed the ruling on Monday, and the mayor told reporters the city would appeal.")
    cues = [at.cue.start for at in a.attributions]
    assert len(cues) == len(set(cues))


def test_candidates_score_between_zero_and_one(nlp) -> None:
    doc = nlp("Officials said the talks would resume, though critics doubted that any deal was near.")
    found = scorer.score_candidates(doc, scorer.shipped_model())
    assert found
    assert all(0.0 <= s.probability <= 1.0 for s in found)
    assert any(s.curated for s in found)


def test_a_quote_beside_the_cue_beats_a_narrative_clause_that_runs_into_it(rules_only, analyze) -> None:
    text = (
        "The mayor praised the new budget for its spending on schools - “It is the best budget in a decade,” "
        "the mayor said on Monday - and urged the council to pass it."
    )
    (ruled,) = [a for a in rules_only(text).attributions if a.cue.text == "said"]
    assert ruled.kind == "indirect"  # the parse reads the narrative clause as what was said
    (learned,) = [a for a in analyze(text).attributions if a.cue.text == "said"]
    assert (learned.kind, learned.content.text) == ("direct", "It is the best budget in a decade,")


def test_a_content_two_cues_claim_goes_to_the_likelier_one(nlp) -> None:
    doc = nlp("The governor hurried past reporters. “I didn't know what was going on,” she said.")
    model = scorer.shipped_model()
    quote = "I didn't know what was going on,"
    # the candidates that give the quote to "hurried" or to "said", whatever their scores
    found = [s for s in scorer.score_candidates(doc, model) if s.attribution.content.text == quote]
    assert {s.attribution.cue.text for s in found} >= {"hurried", "said"}
    likelier = max(found, key=lambda s: s.probability).attribution.cue.text

    def cues(settings: Settings) -> list[str]:
        return [a.cue.text for a in scorer.select(doc, found, 0.0, settings)]

    assert sorted(cues(Settings(one_cue_per_content=False))) == sorted({s.attribution.cue.text for s in found})
    assert cues(Settings()) == [likelier]


def test_a_nominal_cue_under_a_light_verb_takes_the_verbs_subject_as_source(analyze) -> None:
    a = analyze("The senator made critical comments about the new budget on Monday.")
    assert _triples(a) == {("The senator", "comments", "the new budget")}


def test_a_cue_with_several_complements_can_take_them_all_as_content(analyze) -> None:
    a = analyze("Party officials described the push as nearly impossible to pull off.")
    assert _triples(a) == {("Party officials", "described", "the push as nearly impossible to pull off")}


def _features_of(nlp, text: str, cue: str, content: str) -> list[str]:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    found = [d for d in scorer.describe(doc) if d.attribution.cue.text == cue and d.attribution.content.text == content]
    assert found, f"no candidate {cue!r} -> {content!r}"
    return found[0].features


def test_a_content_that_hangs_from_its_cue_is_described_so(nlp) -> None:
    # spaCy makes a new Token object on every access, so tokens compare by position, not identity
    text = "Officials said the talks would resume next week."
    feats = _features_of(nlp, text, "said", "the talks would resume next week")
    assert "cdep_root=ccomp|cue" in feats


def test_a_content_that_holds_the_sentence_root_has_a_root(nlp) -> None:
    # "The talks, officials said, would resume": the content is the main clause around the cue
    text = "The talks, officials said, would resume next week."
    feats = [f for d in scorer.describe(nlp(text)) if d.attribution.cue.text == "said" for f in d.features]
    assert any(f.startswith("cdep_root=ROOT|self") for f in feats)


def test_the_frame_of_a_report_is_not_offered_as_what_its_clause_reports(nlp) -> None:
    # "want" hangs from "argues", and the clause around it, "The group argues", is its frame
    doc = nlp("The group argues that families still want their own neighborhood schools.")
    offered = {(d.attribution.cue.text, d.attribution.content.text) for d in scorer.describe(doc)}
    assert ("argues", "that families still want their own neighborhood schools") in offered
    assert not any(cue == "want" and content.startswith("The group") for cue, content in offered)


def test_whom_a_cue_addresses_is_not_offered_as_what_it_says(nlp) -> None:
    doc = nlp("“You should resign,” Warren told Stumpf during Tuesday's hearing.")
    offered = {(d.attribution.cue.text, d.attribution.content.text) for d in scorer.describe(doc)}
    assert ("told", "You should resign,") in offered
    assert not any(cue == "told" and content.startswith("Stumpf") for cue, content in offered)


def test_what_follows_the_addressee_may_still_be_what_is_said(nlp) -> None:
    doc = nlp("She reminded voters of his long record on civil rights.")
    offered = {(d.attribution.cue.text, d.attribution.content.text) for d in scorer.describe(doc)}
    assert ("reminded", "voters of his long record on civil rights") in offered


def test_a_candidate_knows_when_its_cue_stands_in_a_quote_or_inside_another_report(nlp) -> None:
    text = "“We believe the plan will fail,” the mayor said. Officials said the governor claimed the cuts were fair."
    quoted = _features_of(nlp, text, "believe", "the plan will fail")
    assert "cue_quoted" in quoted
    nested = _features_of(nlp, text, "claimed", "the cuts were fair")
    assert "cue_in_report" in nested and "cue_quoted" not in nested
    outer = _features_of(nlp, text, "said", "the governor claimed the cuts were fair")
    assert "holds_report" in outer


def test_the_second_look_sees_a_likelier_report_around_a_nested_one(nlp) -> None:
    doc = nlp("The company's claim that the product is safe was disputed by regulators.")
    model = scorer.shipped_model()
    assert model.second is not None
    described = scorer.describe(doc)
    first, final = model.looks(described)
    looks = dict(zip((d.attribution.cue.text for d in described), scorer.second_look(described, first), strict=False))
    # "claim" stands inside what "disputed" reports, and "disputed" is the likelier of the two
    assert "outer" in looks["claim"]
    assert not any(f.startswith("outer") for f in looks["disputed"])
    assert final != first


def test_the_trees_judge_only_what_the_first_model_leaves_in_doubt(nlp) -> None:
    doc = nlp(
        "The governor slammed the ruling on Monday, and the mayor told reporters the city would appeal. "
        "Critics doubted that any deal was near, a spokesman for the council said."
    )
    model = scorer.shipped_model()
    assert model.second is not None
    first, final = model.looks(scorer.describe(doc))
    floor = model.second.floor
    assert any(p < floor for p in first) and any(p >= floor for p in first)
    assert all(q == p for p, q in zip(first, final, strict=True) if p < floor)
    assert any(q != p for p, q in zip(first, final, strict=True) if p >= floor)


def test_a_nested_report_the_first_model_keeps_survives_the_second_look_as_a_relay(analyze) -> None:
    a = analyze("The company's claim that the product is safe was disputed by regulators.")
    (claim,) = [at for at in a.attributions if at.cue.text == "claim"]
    assert claim.relayed_by is not None


def test_a_relay_the_first_model_gives_no_chance_is_not_kept(analyze) -> None:
    # "add" and "continue" are cues elsewhere ("he added"); here the parse hangs the outer
    # report on them, and the first model puts them under Settings.relay_floor
    for text, outer in (
        ("But police also fear that sweeping crackdowns could add fuel to the tensions.", "fear"),
        ("Authorities said on Friday that a curfew would continue through the weekend.", "said"),
    ):
        assert [at.cue.text for at in analyze(text).attributions] == [outer]


def test_a_predicate_adjective_with_a_complement_is_a_candidate_report(nlp) -> None:
    doc = nlp("Republican pollster Whit Ayres is skeptical that Trump can overcome his statements. The car was red.")
    offered = {
        (
            d.attribution.source.text if d.attribution.source else None,
            d.attribution.cue.text,
            d.attribution.content.text,
        )
        for d in scorer.describe(doc)
    }
    assert ("Republican pollster Whit Ayres", "skeptical", "that Trump can overcome his statements") in offered
    assert not any(cue == "red" for _, cue, _ in offered)


def test_who_was_told_is_not_offered_with_what_was_said(nlp) -> None:
    # "all the complements together" would run from the one told to the end of the clause
    doc = nlp("The workers had told the inspectors they were experienced welders.")
    offered = {(d.attribution.cue.text, d.attribution.content.text) for d in scorer.describe(doc)}
    assert ("told", "they were experienced welders") in offered
    assert ("told", "the inspectors they were experienced welders") not in offered


def _sources_offered(nlp, text: str, cue: str) -> set[str | None]:
    offered = [d.attribution for d in scorer.describe(nlp(text)) if d.attribution.cue.text == cue]
    return {at.source.text if at.source else None for at in offered}


def test_a_nominal_cue_is_offered_the_agent_its_preposition_names(nlp) -> None:
    text = "The vote went ahead despite repeated warnings from his attorney that the showdown was fruitless."
    assert "his attorney" in _sources_offered(nlp, text, "warnings")


def test_a_participle_that_modifies_a_noun_is_offered_that_noun_as_source(nlp) -> None:
    text = "The union representing the drivers denounced the decision."
    assert "The union" in _sources_offered(nlp, text, "representing")


def test_what_a_reduced_passive_of_report_is_about_is_not_offered_as_its_source(nlp) -> None:
    for text in (
        "The other soldier carried a military ID card said to have been issued in the name of another person.",
        "Police arrested a man believed to be the leader of the gang.",
    ):
        cue = "said" if "said" in text else "believed"
        offered = _sources_offered(nlp, text, cue)
        assert not any(s is not None and ("card" in s or "man" in s) for s in offered), offered


def test_a_cue_the_parse_left_without_a_subject_is_offered_the_noun_phrase_before_it(nlp) -> None:
    text = "Yesterday, in an interview, the governor of Ohio, a veteran Republican, tells reporters that he will run."
    assert "the governor of Ohio, a veteran Republican" in _sources_offered(nlp, text, "tells")


def test_a_relative_clause_cue_is_offered_the_noun_it_hangs_from(nlp) -> None:
    text = "The fund bought a stake in a mining company that had declared bankruptcy."
    assert {"that", "a mining company"} <= _sources_offered(nlp, text, "declared")


def test_an_open_complement_is_offered_the_object_of_the_verb_that_governs_it(nlp) -> None:
    # Stumpf admits; the senator forced him to
    text = "The senator forced Stumpf, who was under questioning, to admit that no executives were punished."
    assert {"The senator", "Stumpf"} <= _sources_offered(nlp, text, "admit")


def test_a_verb_of_impression_is_offered_no_source(nlp) -> None:
    # PolNeAR, and a careful reader, take "the campaign appeared to ..." as the writer's reading
    offered = _sources_offered(nlp, "The campaign has appeared to acknowledge that his help is needed.", "appeared")
    assert offered == {"The campaign", None}


def test_an_opening_participle_with_no_subject_is_offered_no_source(nlp) -> None:
    # whoever asked is not named; Clinton answered
    offered = _sources_offered(nlp, "Asked about the plan, Clinton said it would never work.", "Asked")
    assert None in offered
    assert None not in _sources_offered(nlp, "Asked about the plan, Clinton said it would never work.", "said")


def test_the_second_look_marks_each_step_a_probability_reaches(nlp) -> None:
    doc = nlp("Officials said the governor claimed the cuts were fair.")
    described = scorer.describe(doc)
    first = [0.37] * len(described)
    (look, *_) = scorer.second_look(described, first)
    assert [f for f in look if f.startswith("p1>=")] == [f"p1>={k}" for k in range(1, 8)]


def test_a_quote_paragraph_continues_a_voice_not_a_report_of_what_a_law_does(nlp) -> None:
    # "The legislation ... bans abortions" is a report as PolNeAR reads it, but no one speaks
    # there: the quote paragraph after it continues Smith
    text = (
        "Senator Jane Smith said the bill was cruel. The legislation also bans abortions after 20 weeks.\n\n"
        "“This law will close clinics across the whole state and leave women with nowhere to go.”"
    )
    doc = nlp(text)
    kept = [
        d.attribution
        for d in scorer.describe(doc)
        if (d.attribution.cue.text, d.attribution.content.text)
        in {("said", "the bill was cruel"), ("bans", "abortions after 20 weeks")}
    ]
    assert len(kept) == 2
    chosen = scorer.select(doc, [scorer.Scored(at, 0.9, curated=False) for at in kept], threshold=0.5)
    (paragraph,) = [at for at in chosen if at.kind == "quote_paragraph"]
    assert paragraph.source is not None and paragraph.source.text == "Senator Jane Smith"
    assert paragraph.cue.text == "said"


def test_a_quote_paragraph_without_a_voice_before_it_gets_no_speaker_from_what_a_law_does(nlp) -> None:
    # the speaker stage's own look back follows the same rule as the selection's: with only
    # "The legislation ... bans abortions" before it, the quote has no speaker
    text = (
        "The legislation also bans abortions after 20 weeks.\n\n"
        "“This law will close clinics across the whole state and leave women with nowhere to go.”"
    )
    doc = nlp(text)
    (bans,) = [
        d.attribution
        for d in scorer.describe(doc)
        if (d.attribution.cue.text, d.attribution.content.text) == ("bans", "abortions after 20 weeks")
    ]
    doc._.attributions = scorer.select(doc, [scorer.Scored(bans, 0.9, curated=False)], threshold=0.5)
    (paragraph,) = [at for at in doc._.attributions if at.kind == "quote_paragraph"]
    assert paragraph.source is None
    resolved, _ = SpeakerResolver().predict(doc)
    assert [at.speaker for at in resolved if at.cue.text == "bans"] == ["legislation"]
    assert [at.speaker for at in resolved if at.kind == "quote_paragraph"] == [None]


def _made(doc):  # type: ignore[no-untyped-def]
    (made,) = [
        d.attribution
        for d in scorer.describe(doc)
        if (d.attribution.cue.text, d.attribution.content.text) == ("made", "this remark")
    ]
    return made


QUOTE = "“Our inner cities are a disaster. You get shot walking to the store. They have no jobs.”"


def test_a_report_ending_its_paragraph_with_a_colon_introduces_the_quote_paragraph_after_it(nlp) -> None:
    # the model does not keep "Trump made this remark" (0.1, below the threshold), but the
    # colon says the quote that follows is the remark
    doc = nlp("PolitiFact compared the two statements.\n\nLast week, Trump made this remark:\n\n" + QUOTE)
    made = _made(doc)
    chosen = scorer.select(doc, [scorer.Scored(made, 0.1, curated=False, first_look=0.1)], threshold=0.5)
    assert all(at.cue.text != "made" or at.kind == "quote_paragraph" for at in chosen)
    (paragraph,) = [at for at in chosen if at.kind == "quote_paragraph"]
    assert paragraph.source is not None and paragraph.source.text == "Trump"
    assert paragraph.cue.text == "made"


def test_a_report_not_ending_in_a_colon_does_not_introduce_an_unkept_quote_paragraph(nlp) -> None:
    doc = nlp("PolitiFact compared the two statements.\n\nLast week, Trump made this remark in Ohio.\n\n" + QUOTE)
    made = _made(doc)
    chosen = scorer.select(doc, [scorer.Scored(made, 0.1, curated=False, first_look=0.1)], threshold=0.5)
    (paragraph,) = [at for at in chosen if at.kind == "quote_paragraph"]
    assert paragraph.source is None


def test_a_headline_a_short_label_credits_with_a_colon_is_offered_for_the_model_to_judge(nlp) -> None:
    doc = nlp("Clinton camp: Trump's plan threatens national security\n\nThe campaign spoke on Monday.")
    (line,) = [d for d in scorer.describe(doc) if d.attribution.cue.text == ":"]
    assert line.attribution.source.text == "Clinton camp"
    assert line.attribution.content.text == "Trump's plan threatens national security"
    assert not line.curated  # the rules do not take "Clinton camp" for a name


def test_a_quote_a_name_introduces_with_a_colon_is_offered_with_that_name(nlp) -> None:
    doc = nlp("The surge does not surprise the pollster Daron Shaw: “Lesser-known candidates often gain.”")
    offered = {
        (d.attribution.source.text, d.attribution.content.text)
        for d in scorer.describe(doc)
        if d.attribution.cue.text == ":" and d.attribution.source is not None
    }
    assert ("the pollster Daron Shaw", "Lesser-known candidates often gain.") in offered


def test_a_poll_or_a_voice_that_opens_a_clause_with_a_preposition_is_offered_as_its_source(nlp) -> None:
    doc = nlp("In a CNN national poll, Clinton held a 24-point lead. To Frank, the reforms came too late.")
    offered = {
        (d.attribution.cue.text, d.attribution.source.text, d.attribution.content.text)
        for d in scorer.describe(doc)
        if d.attribution.source is not None
    }
    assert ("In", "a CNN national poll", "Clinton held a 24-point lead") in offered
    assert ("To", "Frank", "the reforms came too late") in offered


def test_a_phrase_that_sets_a_time_or_a_place_in_a_clause_is_not_offered_as_a_source(nlp) -> None:
    doc = nlp("In 2012, Obama won the state. The senator, in the morning, left for Ohio.")
    assert not any(d.attribution.cue.text.lower() == "in" for d in scorer.describe(doc))
