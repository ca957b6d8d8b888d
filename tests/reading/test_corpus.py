"""Corpora with expected readings: the project's own (every sentence read right) and real news and
legal sentences found on public pages (at least 97%, every case naming its source and category)."""

from __future__ import annotations

from pathlib import Path

import pytest

from radio.reading import Normalizer
from radio.reading.check import Case, load_corpus, problems, score_by_category
from radio.reading.settings import ReadingSettings

CORPUS = Path(__file__).with_name("corpus.toml")
REAL = Path(__file__).with_name("real-corpus.toml")
BULLETINS = Path(__file__).with_name("bulletin-corpus.toml")
BULLETIN_CATEGORIES = {"storm and weather bulletins", "flood and water bulletins", "reservoir releases",
                       "power and water cuts", "vaccination and health days", "military service",
                       "elections", "rescue at sea and roads", "commune notices",
                       "document codes in notices"}
CATEGORIES = {"issuer said twice", "document references", "dates with - or .", "day/month without cue",
              "context abbreviations", "hotlines/phones", "negative numbers", "URLs/e-mail",
              "units/per-unit slashes", "common abbreviations", "plain CCHC news"}


@pytest.fixture(scope="module")
def cases() -> list[Case]:
    return load_corpus(CORPUS)


@pytest.fixture(scope="module")
def real() -> list[Case]:
    return load_corpus(REAL)


def test_real_corpus_is_large_and_sourced(real: list[Case]) -> None:
    assert len(real) >= 400
    assert all(case.expect and case.source for case in real)
    assert {case.category for case in real} == CATEGORIES
    assert len({case.text for case in real}) == len(real)  # no sentence twice


def test_real_corpus_at_least_97_percent(real: list[Case]) -> None:
    normalizer = Normalizer(ReadingSettings(codes="expand", lexicon=None))
    scores = score_by_category(real, normalizer.read)
    share = scores.right / len(real)
    assert share >= 0.97, f"{share:.1%} read correctly; failing: {[f.case.text for f in scores.failures]}"


@pytest.fixture(scope="module")
def bulletins() -> list[Case]:
    return load_corpus(BULLETINS)


def test_bulletin_corpus_is_large_sourced_and_all_corpora_make_750(
        cases: list[Case], real: list[Case], bulletins: list[Case]) -> None:
    assert len(bulletins) >= 300
    assert all(case.expect and case.source for case in bulletins)
    assert {case.category for case in bulletins} == BULLETIN_CATEGORIES
    assert len({case.text for case in bulletins}) == len(bulletins)
    assert len(cases) + len(real) + len(bulletins) >= 750


def test_bulletin_corpus_at_least_99_percent_and_every_category_95(bulletins: list[Case]) -> None:
    normalizer = Normalizer(ReadingSettings(codes="expand", lexicon=None))
    scores = score_by_category(bulletins, normalizer.read)
    failing = [f.case.text for f in scores.failures]
    assert scores.right / len(bulletins) >= 0.99, failing
    weak = {name: right / total for name, (right, total) in scores.by_category.items() if right / total < 0.95}
    assert not weak, (weak, failing)


def test_corpus_is_large_enough(cases: list[Case]) -> None:
    assert len(cases) >= 80
    assert all(case.expect for case in cases)


def test_every_sentence_of_the_own_corpus_read_correctly(cases: list[Case]) -> None:
    normalizer = Normalizer(ReadingSettings(codes="expand", lexicon=None))
    failures = {case.text: problems(normalizer.read(case.text), case) for case in cases}
    assert not {text: found for text, found in failures.items() if found}


@pytest.mark.parametrize("codes", ["drop", "spell"])
def test_other_code_settings_leave_nothing_for_the_engine_to_mangle(
        cases: list[Case], real: list[Case], bulletins: list[Case], codes: str) -> None:
    normalizer = Normalizer(ReadingSettings(codes=codes, lexicon=None))
    bare = Case(text="", expect=())
    leftovers = {c.text: found for c in [*cases, *real, *bulletins]
                 if (found := problems(normalizer.read(c.text), bare))}
    assert not leftovers


def test_scores_by_category() -> None:
    cases = [Case("a", ("a",), category="x"), Case("b", ("z",), category="x"), Case("c", ("c",))]
    scores = score_by_category(cases, lambda text: text)
    assert (scores.right, scores.by_category) == (2, {"x": (1, 2), "-": (1, 1)})
    assert [f.case.text for f in scores.failures] == ["b"]


def test_the_checker_catches_bad_readings() -> None:
    case = Case(text="", expect=("hai nghìn",), forbid=("đến",))
    assert problems("năm hai nghìn", case) == []
    assert problems("năm 2024 hai nghìn", case) == ["digit left"]
    assert problems("QĐ/UBND hai nghìn", case) == [
        "slash left", "abbreviation left: QĐ", "abbreviation left: UBND"]
    assert problems("hai mươi đến ba", case) == ["missing: hai nghìn", "must not say: đến"]
