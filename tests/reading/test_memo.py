"""Readings kept between runs: the same reading as the normaliser's, and a changed lexicon is
never answered from readings made with the old one."""

from __future__ import annotations

from pathlib import Path

from radio.reading import Normalizer
from radio.reading.memo import ReadingMemo
from radio.reading.settings import ReadingSettings

TEXT = "UBND xã họp ngày 20/12/2021 với NNC."


def memo(settings: ReadingSettings, folder: Path) -> ReadingMemo:
    return ReadingMemo(Normalizer(settings), settings, folder)


def test_a_kept_reading_is_the_normalisers_and_is_not_read_again(tmp_path: Path, monkeypatch) -> None:
    settings = ReadingSettings(codes="expand", lexicon=None)
    first = memo(settings, tmp_path)
    assert first.read(TEXT) == Normalizer(settings).read(TEXT)
    first.save()
    again = memo(settings, tmp_path)
    monkeypatch.setattr(Normalizer, "read", lambda self, text: "normalised again")
    assert again.read(TEXT) == first.read(TEXT)  # from the file: the normaliser is not asked


def test_a_changed_lexicon_starts_afresh(tmp_path: Path) -> None:
    lexicon = tmp_path / "lexicon.toml"
    lexicon.write_text('[words]\n', encoding="utf-8")
    settings = ReadingSettings(codes="expand", lexicon=lexicon)
    before = memo(settings, tmp_path / "memo")
    spelled = before.read(TEXT)
    before.save()
    lexicon.write_text('[words]\nNNC = "người nộp cước"\n', encoding="utf-8")
    after = memo(settings, tmp_path / "memo")
    assert after.read(TEXT) != spelled and "người nộp cước" in after.read(TEXT)
    after.save()
    assert len(list((tmp_path / "memo").glob("*.json"))) == 1  # the old identity's file is gone
