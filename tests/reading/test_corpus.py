"""Real CCHC sentences with expected readings: at least 95% must be read correctly."""

from __future__ import annotations

from pathlib import Path

import pytest

from radio.reading.settings import ReadingSettings
from radio.reading import Normalizer
from radio.reading.check import Case, load_corpus, problems

CORPUS = Path(__file__).with_name("corpus.toml")


@pytest.fixture(scope="module")
def cases() -> list[Case]:
    return load_corpus(CORPUS)


def test_corpus_is_large_enough(cases: list[Case]) -> None:
    assert len(cases) >= 80
    assert all(case.expect for case in cases)


def test_at_least_95_percent_read_correctly(cases: list[Case]) -> None:
    normalizer = Normalizer(ReadingSettings(codes="expand", lexicon=None))
    failures = {case.text: problems(normalizer.read(case.text), case) for case in cases}
    failures = {text: found for text, found in failures.items() if found}
    share = 1 - len(failures) / len(cases)
    assert share >= 0.95, f"{share:.1%} read correctly; failing: {failures}"


@pytest.mark.parametrize("codes", ["drop", "spell"])
def test_other_code_settings_leave_nothing_for_the_engine_to_mangle(cases: list[Case], codes: str) -> None:
    normalizer = Normalizer(ReadingSettings(codes=codes, lexicon=None))
    bare = Case(text="", expect=())
    leftovers = {c.text: found for c in cases if (found := problems(normalizer.read(c.text), bare))}
    assert not leftovers


def test_the_checker_catches_bad_readings() -> None:
    case = Case(text="", expect=("hai nghìn",), forbid=("đến",))
    assert problems("năm hai nghìn", case) == []
    assert problems("năm 2024 hai nghìn", case) == ["digit left"]
    assert problems("QĐ/UBND hai nghìn", case) == [
        "slash left", "abbreviation left: QĐ", "abbreviation left: UBND"]
    assert problems("hai mươi đến ba", case) == ["missing: hai nghìn", "must not say: đến"]
