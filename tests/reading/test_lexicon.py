"""The lexicon as data: the shipped file, the editor's overrides, senses and bad input."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from radio.core.errors import RadioError
from radio.reading import Normalizer
from radio.reading.lexicon import SHIPPED, load_lexicon
from radio.reading.settings import ReadingSettings

DECREE_30_TYPES = [
    "NQ", "QĐ", "CT", "QC", "QyĐ", "TC", "TB", "HD", "CTr", "KH", "PA", "ĐA", "DA", "BC", "BB",
    "TTr", "HĐ", "CĐ", "BGN", "BTT", "GUQ", "GM", "GGT", "GNP", "PG", "PC", "PB", "SY", "TrS", "SL",
]
SEEDED = [
    "UBND", "HĐND", "CCHC", "TTHC", "DVC", "BPMC", "CBCCVC", "CSDL", "BHYT", "MTTQ", "KT-XH", "CĐS",
    "VH&TT", "TT&TT", "SIPAS", "PAPI", "PCI", "DDCI", "DTI", "VNeID",
] + ["PAR INDEX"]


def _normalizer(tmp_path: Path, toml: str, codes: str = "expand") -> Normalizer:
    path = tmp_path / "lexicon.toml"
    path.write_text(toml, encoding="utf-8")
    return Normalizer(ReadingSettings(codes=codes, lexicon=path))


def test_shipped_lexicon_is_seeded() -> None:
    lexicon = load_lexicon()
    assert set(DECREE_30_TYPES) <= set(lexicon.types)
    assert set(SEEDED) <= set(lexicon.words)
    assert {"CP", "TTg", "BTTTT", "BNV", "TW", "TU", "UBTVQH"} <= set(lexicon.issuers)
    assert len(lexicon.issuers["TU"]) == 3  # Tỉnh ủy, Thành ủy or Thị ủy


def test_user_lexicon_overrides_and_adds(tmp_path: Path) -> None:
    normalizer = _normalizer(tmp_path, '[words]\nVNeID = "vi en i đi"\n"Phổ Hoà" = "Phổ Hòa"\n'
                                       'ZXQ = "dét ích quy"\n')
    assert normalizer.read("VNeID và ZXQ") == "vi en i đi và dét ích quy"
    assert normalizer.read("UBND") == "Ủy ban nhân dân"  # the shipped entries stay


def test_keys_match_both_tone_placements(tmp_path: Path) -> None:
    normalizer = _normalizer(tmp_path, '[words]\n"Phổ Hoà" = "Phổ Hòa (phường)"\n')
    assert normalizer.read("xã Phổ Hòa") == "xã Phổ Hòa (phường)"
    assert normalizer.read("xã Phổ Hoà") == "xã Phổ Hòa (phường)"


def test_senses_choose_by_nearest_cue(tmp_path: Path) -> None:
    normalizer = _normalizer(tmp_path, '[words]\nBT = [{ read = "bí thư", cues = ["đảng ủy"] },'
                                       ' { read = "bồi thường", cues = ["giải phóng mặt bằng"] }]\n')
    assert normalizer.read("BT Đảng ủy xã") == "bí thư Đảng ủy xã"
    assert normalizer.read("tiền BT giải phóng mặt bằng") == "tiền bồi thường giải phóng mặt bằng"
    assert normalizer.read("BT") == "bí thư"  # no cue: the first sense


def test_user_letters_and_types(tmp_path: Path) -> None:
    normalizer = _normalizer(tmp_path, '[letters]\nB = "bờ"\n[types]\nKH = "bản kế hoạch"\n')
    assert normalizer.read("ABC") == "a bờ xê"
    assert normalizer.read("số 7/KH-UBND") == "số bảy, bản kế hoạch của Ủy ban nhân dân"


@pytest.mark.parametrize(("toml", "message"), [
    ('[word]\nA = "a"\n', "lexicon.toml: unknown field(s) word"),
    ('[words]\nA = 3\n', "lexicon.toml.words.A: expected text or a list"),
    ('[words]\nA = [{ read = "x", cue = ["y"] }]\n', "lexicon.toml.words.A[0]: unknown field(s) cue"),
    ('[words]\nA = [{ read = "x", cues = [1] }]\n', "lexicon.toml.words.A[0].cues"),
    ('[words]\nA = ""\n', "lexicon.toml.words.A: give a reading"),
    ('[words\n', "invalid TOML"),
])
def test_bad_user_lexicon_names_file_and_field(tmp_path: Path, toml: str, message: str) -> None:
    with pytest.raises(RadioError, match=re.escape(message)):
        _normalizer(tmp_path, toml)


def test_missing_user_lexicon(tmp_path: Path) -> None:
    with pytest.raises(RadioError, match="nope.toml: lexicon file not found"):
        Normalizer(ReadingSettings(codes="expand", lexicon=tmp_path / "nope.toml"))


def test_shipped_lexicon_is_valid_toml_data() -> None:
    assert SHIPPED.exists()
    assert load_lexicon(SHIPPED).words["UBND"][0].read == "Ủy ban nhân dân"
