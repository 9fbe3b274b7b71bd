"""Across articles: claims, independent origins, replies, figure conflicts, speakers, exports."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from conftest import SEED_TEXT
from typer.testing import CliRunner

import whosaid
from whosaid.cli import app
from whosaid.crossdoc import corroborate
from whosaid.ledger import Ledger
from whosaid.ledger.crossdoc import read_claims
from whosaid.records import Claim

runner = CliRunner()


def _ingest_seed(db: str) -> str:
    result = runner.invoke(app, ["ingest", str(SEED_TEXT), "--db", db, "--processes", "1"])
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture(scope="module")
def seed_db(module_ledger_target: str) -> str:
    return _ingest_seed(module_ledger_target)


def _claims(db: str, *args: str) -> list[dict]:
    result = runner.invoke(app, ["claims", "--db", db, "--format", "json", "--limit", "500", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _with_voice(claims: list[dict], text: str) -> dict:
    (claim,) = [c for c in claims if any(text in v["content"] for v in c["voices"])]
    return claim


def test_seed_troop_figures_conflict_with_both_voices(seed_db: str) -> None:
    result = runner.invoke(app, ["conflicts", "--db", seed_db, "--format", "json"])
    (conflict,) = json.loads(result.stdout)
    assert {conflict["first"]["text"], conflict["second"]["text"]} == {
        "about 10,000 elite troops",
        "some 11,000 troops",
    }
    assert {conflict["first"]["voice"], conflict["second"]["voice"]} == {
        "Volodymyr Zelenskyy",
        "Ukrainian and Western assessments",
    }
    assert conflict["gap"] == pytest.approx(1000 / 11000, abs=1e-3)


def test_seed_nis_confirmation_joins_the_capture_claim(seed_db: str) -> None:
    claim = _with_voice(_claims(seed_db), "captured two North Korean soldiers")
    roles = {(v["role"], v["speaker"]) for v in claim["voices"]}
    assert ("confirm", "National Intelligence Service") in roles
    assert ("support", "Volodymyr Zelenskyy") in roles
    assert any("capture" in v["content"] and v["speaker"] == "Volodymyr Zelenskyy" for v in claim["voices"])
    assert claim["independent_origins"] == 2 and claim["status"] == "corroborated"


def test_seed_executions_claim_stands_on_one_voice(seed_db: str) -> None:
    claim = _with_voice(_claims(seed_db), "executed their wounded")
    assert claim["status"] == "single-origin" and claim["independent_origins"] == 1
    assert [v["speaker"] for v in claim["voices"]] == ["Volodymyr Zelenskyy"]


def test_seed_russian_non_answer_is_filed_under_the_troops_claim(seed_db: str) -> None:
    claim = _with_voice(_claims(seed_db), "11,000 troops")
    reply = [v for v in claim["voices"] if v["role"] == "non_committal"]
    assert [v["speaker"] for v in reply] == ["Russia"]
    assert "unanswered" in claim["flags"]


def test_claim_filters_by_speaker_status_and_text(seed_db: str) -> None:
    by_nis = _claims(seed_db, "--speaker", "NIS")
    assert by_nis and all(any(v["speaker"] == "National Intelligence Service" for v in c["voices"]) for c in by_nis)
    assert all("unanswered" in c["flags"] for c in _claims(seed_db, "--status", "unanswered"))
    (executions,) = _claims(seed_db, "--about", "executed")
    assert "executed" in executions["claim"]
    assert _claims(seed_db, "--about", '") OR 1=1 --') == []


def _ledger_of(target: str, nlp, texts: dict[str, str]) -> list[Claim]:  # type: ignore[no-untyped-def]
    with Ledger(target) as ledger:
        ledger.add_batch([whosaid.analyze_text(t, nlp, doc_id=k) for k, t in texts.items()])
        corroborate(ledger)
        return read_claims(ledger)


def test_articles_repeating_one_minister_are_one_origin(ledger_target: str, nlp) -> None:
    claims = _ledger_of(
        ledger_target,
        nlp,
        {
            "c": "Interior Minister Ihor Klymenko said the bridge at Odesa will reopen to traffic in May.",
            "d": "The bridge at Odesa will reopen to traffic in May, Interior Minister Ihor Klymenko said on Monday.",
            "e": "Klymenko said that the bridge at Odesa would reopen to traffic in May.",
        },
    )
    (claim,) = claims
    assert len(claim.voices) == 3 and claim.origins == 1 and claim.status == "single-origin"


def test_a_denial_in_the_reports_own_sentence_disputes_its_claim(ledger_target: str, nlp) -> None:
    claims = _ledger_of(
        ledger_target,
        nlp,
        {
            "r": "Kyiv has accused Moscow of deliberately targeting energy infrastructure in the Odesa "
            "region, which Russia denies. Officials said the strikes left 200,000 homes without power.",
        },
    )
    (disputed,) = [c for c in claims if any(v.speaker == "Russia" for v in c.voices)]
    assert disputed.status == "disputed"
    assert {(v.role, v.speaker) for v in disputed.voices} == {("support", "Kyiv"), ("deny", "Russia")}
    with Ledger(ledger_target) as ledger:
        (link,) = ledger.db.execute(
            "SELECT r.speaker FROM attributions a JOIN attributions r ON r.id = a.answers_id"
        ).fetchall()
    assert link[0] == "Kyiv"


def test_a_claim_on_anonymous_sources_alone_is_flagged(ledger_target: str, nlp) -> None:
    claims = _ledger_of(
        ledger_target,
        nlp,
        {
            "s": "Sources familiar with the talks said the prisoner exchange would take place in Doha next week.",
            "t": "People briefed on the talks said the prisoner exchange would take place in Doha next week.",
            "u": "The Qatari foreign ministry said the ceasefire talks would resume in Istanbul on Friday.",
            "v": "Officials familiar with the plan said the ceasefire talks would resume in Istanbul on Friday.",
        },
    )
    doha = next(c for c in claims if "Doha" in c.label)
    assert all(v.anonymous for v in doha.voices)
    assert "anonymous sources only" in doha.flags
    istanbul = next(c for c in claims if "Istanbul" in c.label)
    assert {v.anonymous for v in istanbul.voices} == {True, False}
    assert "anonymous sources only" not in istanbul.flags


def test_two_independent_sources_corroborate(ledger_target: str, nlp) -> None:
    claims = _ledger_of(
        ledger_target,
        nlp,
        {
            "f": "The mayor of Lviv said 40 buildings were damaged in the overnight strike on Lviv.",
            "g": "Police in Lviv said that 40 buildings were damaged in the overnight strike on Lviv.",
        },
    )
    (claim,) = claims
    assert claim.origins == 2 and claim.status == "corroborated"


def test_a_relay_is_a_channel_not_an_origin(ledger_target: str, nlp) -> None:
    claims = _ledger_of(
        ledger_target,
        nlp,
        {
            "a": "The ministry said that the dam at Nova Kakhovka was destroyed by Russian shelling on Tuesday.",
            "b": (
                "Reuters reported that the ministry had said the dam at Nova Kakhovka was destroyed by Russian"
                " shelling."
            ),
        },
    )
    (claim,) = [c for c in claims if "Nova Kakhovka" in c.label]
    roles = {(v.role, v.speaker) for v in claim.voices}
    assert ("relay", "Reuters") in roles
    assert claim.origins == 1


def test_figures_within_a_bound_agree_and_beyond_it_conflict(ledger_target: str, nlp) -> None:
    claims = _ledger_of(
        ledger_target,
        nlp,
        {
            "h": "The governor of Kharkiv said repairs at the Kharkiv power plant would take up to five days.",
            "i": "The operator of the Kharkiv power plant said repairs at the Kharkiv plant would take four days.",
            "j": "Engineers said repairs at the Kharkiv power plant would take nine days.",
        },
    )
    conflicts = [c for claim in claims for c in claim.conflicts]
    pairs = {frozenset((c.first.text, c.second.text)) for c in conflicts}
    assert frozenset(("up to five days", "four days")) not in pairs
    assert frozenset(("up to five days", "nine days")) in pairs


def test_split_undoes_a_merge_and_is_remembered(ledger_target: str) -> None:
    db = _ingest_seed(ledger_target)
    before = json.loads(runner.invoke(app, ["speakers", "--db", db, "--speaker", "zelenskyy", "-f", "json"]).stdout)
    assert [s["name"] for s in before] == ["Volodymyr Zelenskyy"]
    assert {"name": "zelenskyy", "evidence": "name in kursk-pows"} in before[0]["names"]
    result = runner.invoke(app, ["speakers", "--db", db, "--split", "Zelenskyy", "-f", "json"])
    assert result.exit_code == 0, result.output
    after = json.loads(runner.invoke(app, ["speakers", "--db", db, "--speaker", "zelenskyy", "-f", "json"]).stdout)
    assert len(after) == 2
    with Ledger(db) as ledger:
        corroborate(ledger)  # a later rebuild keeps the split
        assert ledger.db.execute("SELECT count(*) FROM speaker_names WHERE name = 'zelenskyy'").fetchone()[0] == 1
        owner = ledger.db.execute(
            "SELECT s.name FROM speaker_names n JOIN speakers s ON s.id = n.speaker_id WHERE n.name = 'zelenskyy'"
        ).fetchone()[0]
    assert owner != "Volodymyr Zelenskyy"


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_export_writes_every_table_with_all_rows(seed_db: str, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / fmt
    result = runner.invoke(app, ["export", "--db", seed_db, "--format", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    with Ledger(seed_db) as ledger:
        expected = ledger.count("attributions"), ledger.count("claims")
    if fmt == "jsonl":
        got = tuple(
            len((out / f"{t}.jsonl").read_text(encoding="utf-8").splitlines()) for t in ("attributions", "claims")
        )
    elif fmt == "csv":
        got = tuple(
            len(list(csv.DictReader((out / f"{t}.csv").open(encoding="utf-8")))) for t in ("attributions", "claims")
        )
    else:
        import pyarrow.parquet as pq

        got = tuple(pq.read_table(out / t).num_rows for t in ("attributions", "claims"))
    assert got == expected


def test_unknown_export_format_is_a_clear_error(seed_db: str, tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", "--db", seed_db, "--format", "xlsx", "-o", str(tmp_path / "x")])
    assert result.exit_code == 2 and "unknown format 'xlsx'" in result.output


def test_parquet_export_is_partitioned_and_complete(seed_db: str, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    from whosaid.ledger.export import export

    with Ledger(seed_db) as ledger:
        counts = export(ledger, tmp_path, "parquet", batch=10)
        assert counts["attributions"] == ledger.count("attributions")
    parts = sorted((tmp_path / "attributions").glob("part-*.parquet"))
    assert len(parts) == -(-counts["attributions"] // 10)
    assert pq.read_table(tmp_path / "attributions").num_rows == counts["attributions"]


def test_a_country_body_named_by_capital_or_adjective_is_one_speaker(ledger_target: str, nlp) -> None:
    claims = _ledger_of(
        ledger_target,
        nlp,
        {
            "k1": "Seoul's military said that North Korea fired two ballistic missiles into the sea on Tuesday.",
            "k2": "The South Korean military said North Korea fired two ballistic missiles into the sea on Tuesday.",
        },
    )
    (claim,) = [c for c in claims if "missiles" in c.label]
    assert len(claim.voices) == 2 and claim.origins == 1
    with Ledger(ledger_target) as ledger:
        names = dict(
            ledger.db.execute(
                "SELECT n.name, n.evidence FROM speaker_names n JOIN speaker_names m ON m.speaker_id = n.speaker_id"
                " WHERE m.name = 'seoul''s military'"
            ).fetchall()
        )
    assert "south korean military" in names
    assert "same body of South Korea" in " ".join(names.values())


def _claim_sets(ledger: Ledger) -> set[tuple[str, str, frozenset[tuple[int, str, str | None]]]]:
    claims = read_claims(ledger, limit=1000)
    return {(c.label, c.status, frozenset((v.attribution_id, v.role, v.speaker) for v in c.voices)) for c in claims}


def test_a_ledger_without_stored_terms_rebuilds_the_same_claims(ledger_target: str) -> None:
    # a ledger written before the terms were stored: the rebuild describes its statements first
    db = _ingest_seed(ledger_target)
    with Ledger(db) as ledger:
        before = _claim_sets(ledger)
        ledger.db.execute("UPDATE attributions SET claim_terms = NULL")
        corroborate(ledger)
        assert ledger.db.execute("SELECT count(*) FROM attributions WHERE claim_terms IS NULL").fetchone()[0] == 0
        assert _claim_sets(ledger) == before and len(before) > 10


def test_a_rebuild_that_fails_keeps_the_previous_claims(ledger_target: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from whosaid.ledger import crossdoc as sql

    db = _ingest_seed(ledger_target)
    with Ledger(db) as ledger:
        before = _claim_sets(ledger)

        def broken(*args: object) -> None:
            raise RuntimeError("disk full")

        monkeypatch.setattr(sql, "write_claims", broken)
        with pytest.raises(RuntimeError, match="disk full"):
            corroborate(ledger)
        assert _claim_sets(ledger) == before
        monkeypatch.undo()
        corroborate(ledger)  # the working tables of the failed rebuild are gone
        assert _claim_sets(ledger) == before


def test_a_statement_stored_during_a_rebuild_waits_for_the_next(
    ledger_target: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # another ingest stores a statement between this rebuild's describing and its grouping
    import whosaid.crossdoc as crossdoc

    db = _ingest_seed(ledger_target)
    with Ledger(db) as ledger:
        before = _claim_sets(ledger)
        (late,) = ledger.db.execute("SELECT max(id) FROM attributions").fetchone()
        ledger.db.execute("UPDATE attributions SET claim_terms = NULL WHERE id = ?", (late,))
        monkeypatch.setattr(crossdoc, "describe_new", lambda ledger: 0)
        corroborate(ledger)
        voiced = {r[0] for r in ledger.db.execute("SELECT attribution_id FROM claim_voices")}
        assert late not in voiced
        monkeypatch.undo()
        corroborate(ledger)
        assert _claim_sets(ledger) == before


@pytest.mark.parametrize(
    "reply", ["The budget office confirmed where the city stands.", "The council confirmed 68 new appointments."]
)
def test_a_confirmation_of_its_own_proposition_does_not_join_the_claim_before_it(
    ledger_target: str, nlp, reply: str
) -> None:
    claims = _ledger_of(ledger_target, nlp, {"h": f"The mayor said the new bridge would open in May. {reply}"})
    (bridge,) = [c for c in claims if any("bridge" in v.content for v in c.voices)]
    assert [v.speaker for v in bridge.voices] == ["mayor"]


def test_a_group_and_its_member_are_one_origin_not_two(ledger_target: str, nlp) -> None:
    claims = _ledger_of(
        ledger_target,
        nlp,
        {
            "g1": "Laurence Tribe and Lee Epstein said the Supreme Court would hear the Texas case in April.",
            "g2": "Laurence Tribe said the Supreme Court would hear the Texas case in April.",
            "g3": "Martha Minow said the Supreme Court would hear the Texas case in April.",
        },
    )
    (claim,) = [c for c in claims if "Texas case" in c.label]
    speakers = {v.speaker for v in claim.voices}
    assert {"Laurence Tribe and Lee Epstein", "Laurence Tribe", "Martha Minow"} <= speakers
    assert claim.origins == 2 and claim.status == "corroborated"


def test_the_same_words_about_different_subjects_are_two_claims(ledger_target: str, nlp) -> None:
    claims = _ledger_of(
        ledger_target,
        nlp,
        {
            "k": "The governor said Ohio would block Syrian refugees from settling in the state next year.",
            "l": "Aides said hard-liners would block Syrian refugees from settling in the state next year.",
            "m": "A spokesman said Ohio would block Syrian refugees from settling in the state next year.",
        },
    )
    syrian = [c for c in claims if "Syrian" in c.label]
    assert sorted(c.origins for c in syrian) == [1, 2]
    (two,) = [c for c in syrian if c.origins == 2]
    assert not any("hard-liners" in v.content for v in two.voices)


def test_a_statement_knows_the_subject_of_what_it_reports(nlp) -> None:
    doc = nlp(
        "Arpaio said we can build a wall. Reuters reported that the ministry had said the dam was destroyed."
        " Officials urged Trump to release his tax returns. Nathan Deal vowed to block Syrian refugees."
        " Mary Kay Henry was talking about building a wall along the border."
    )
    subjects = {at.cue.text: at.subjects for at in doc._.attributions if at.cue.text != "said"}
    assert [at.subjects for at in doc._.attributions if at.content.text.startswith("we")] == [("we",)]
    assert subjects["reported"] == ("dam",)  # what the ministry said, not the ministry
    assert subjects["urged"] == ("trump",)  # who is urged is who is to do it
    assert subjects["vowed"] == ("deal",)  # who vows is who is to do it
    assert subjects["talking"] == ("henry",)  # and who talks about doing it, through "about"
