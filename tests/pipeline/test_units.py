"""Each unit hears its own programme (issue 21): one shared core, a local part per unit.

The compile-level tests are quick; the end-to-end build of 2027-01 with the shipped files (real
espeak-ng, ffmpeg and database) is slow-marked.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from click.testing import Result
from mutagen.id3 import ID3
from pydub import AudioSegment

from radio.audio.assemble import Programme, lay_out
from radio.audio.level import Levelled
from radio.audio.render import render
from radio.audio.settings import AudioSettings
from radio.audio.tags import episode_tags
from radio.config import load_settings
from radio.content.compiler import Programmes, compile_programmes
from radio.content.pace import Pace
from radio.content.script import SegmentKind
from radio.content.units import StationUnits, UnitNetwork, unit_of_station
from radio.core import ffmpeg
from radio.core.errors import RadioError
from radio.core.month import Month
from radio.pipeline.variants import assemble_variants, local_script, local_segments
from radio.speech.engine import SpokenSegment
from radio.speech.kinds import Voice
from radio.speech.sentences import join_sentences, split_sentences
from tests.audio.conftest import speechlike

REPO = Path(__file__).resolve().parents[2]
PACE = Pace(syllables_per_s=2.6, comma_pause_s=0.2, sentence_pause_s=0.45)
UNITS = {"duc-pho": "phường Đức Phổ", "tra-cau": "phường Trà Câu", "sa-huynh": "phường Sa Huỳnh",
         "xa-nguyen-nghiem": "xã Nguyễn Nghiêm", "khanh-cuong": "xã Khánh Cường"}
TITLE = "Chuyên mục Cải cách hành chính tháng 1 năm 2027"


def _compile(folder: Path, month: Month, episode: str | None = None) -> Programmes:
    shutil.copy(REPO / "schedule.toml", folder / "schedule.toml")
    (folder / "episodes").mkdir(exist_ok=True)
    if episode is not None:
        (folder / "episodes" / str(month)).mkdir(parents=True, exist_ok=True)
        (folder / "episodes" / str(month) / "episode.toml").write_text(episode, encoding="utf-8")
    settings = load_settings(folder / "schedule.toml")
    return compile_programmes(month, settings.program, PACE, pause_s=settings.audio.pause_ms / 1000)


def _text(programmes: Programmes, unit: str) -> str:
    script = next(v.script for v in programmes.variants if v.unit.key == unit)
    return "\n".join(s.text for s in script.segments)


def test_the_units_of_a_month_come_from_the_groups_whose_stations_serve_one_unit() -> None:
    network = load_settings(REPO / "schedule.toml").program.network
    assert network.on(date(2024, 5, 1)) == ()  # each 2024 group spans several wards and communes
    units = network.on(date(2027, 1, 1))
    assert {u.key: u.name for u in units} == UNITS
    assert unit_of_station(units, "st-14").key == "sa-huynh"  # type: ignore[union-attr]
    assert unit_of_station(units, "st-12").key == "khanh-cuong"  # type: ignore[union-attr]
    # the town's own station has served phường Đức Phổ since 01/7/2025
    assert unit_of_station(units, "st-00").key == "duc-pho"  # type: ignore[union-attr]
    one = UnitNetwork((("x", ("a", "b")),), (StationUnits("a", ((date(2024, 1, 1), "xã X"),)),
                                             StationUnits("b", ((date(2024, 1, 1), "xã X"),))))
    assert one.on(date(2027, 1, 1)) == ()  # a network of one unit: one programme, as before


def test_a_2024_month_is_one_programme_as_before(tmp_path: Path) -> None:
    programmes = _compile(tmp_path, Month(2024, 5))
    assert programmes.variants == ()
    ids = [s.id for s in programmes.main.segments]
    assert "02-greeting" in ids and not any("local" in i for i in ids)


def test_every_unit_gets_its_own_greeting_centre_and_thanks_and_shares_the_core(
        tmp_path: Path) -> None:
    programmes = _compile(tmp_path, Month(2027, 1))
    assert {v.unit.key for v in programmes.variants} == set(UNITS)
    window = (600, 900)
    local = local_segments(programmes)
    for variant in programmes.variants:
        script, name = variant.script, variant.unit.name
        assert script.title == f"{TITLE} — {name}"
        assert window[0] <= script.predicted_s <= window[1], name  # each fits on its own
        greeting = script.segments[1]
        assert greeting.kind == SegmentKind.GREETING
        assert f"Đài truyền thanh {name} kính chào quý vị" in greeting.text
        one_stop = script.segments[-2]  # the unit's centre, then its station's thanks
        assert one_stop.id.endswith("closing-local") and f"Đài truyền thanh {name} cảm ơn" in one_stop.text
        assert f"Trung tâm Phục vụ hành chính công {name}" in one_stop.text
        assert "giờ" in one_stop.text and "trụ sở" in one_stop.text
        assert script.material == programmes.main.material  # one core: the same material
        # the local part is short: everything else is the same segment as in the core
        assert 1 <= len(local[variant.unit.key]) <= 2  # duc-pho's station made the main one
    station = "Đài truyền thanh phường Sa Huỳnh"
    assert station in _text(programmes, "sa-huynh") and station not in _text(programmes, "khanh-cuong")


def _units_spoken(programmes: Programmes, settings: AudioSettings, shortest_s: float
                  ) -> tuple[Programme, list[SpokenSegment], dict[str, AudioSegment]]:
    """A silent whole-area programme, and the units' local segments spoken by sentence: each
    distinct sentence one take (`shortest_s` and longer), the same wherever it is said."""
    rate = settings.sample_rate
    core = [Levelled(rate, rate, -16.0, -3.0, f"core-{i}", data=bytes(2 * rate))
            for i in range(len(programmes.main.segments))]
    main = lay_out(programmes.main, ["espeak"] * len(core), core, settings)
    takes: dict[str, AudioSegment] = {}

    def take(sentence: str) -> AudioSegment:
        return takes.setdefault(sentence, speechlike(shortest_s + len(sentence) / 60,
                                                     pitch=100.0 + len(takes) * 7))

    spoken = []
    for segment in local_script(programmes).segments:
        parts = tuple(take(s) for s in split_sentences(segment.text))
        spoken.append(SpokenSegment(segment.id, Voice.ESPEAK, join_sentences(list(parts), 0.6),
                                    takes=parts, gap_s=0.4))
    return main, spoken, takes


def test_a_sentence_every_unit_says_is_levelled_and_encoded_once_for_all(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    programmes = _compile(tmp_path, Month(2027, 1))
    settings = load_settings(tmp_path / "schedule.toml").audio
    main, spoken, takes = _units_spoken(programmes, settings, 1.0)
    runs: list[str] = []
    real = ffmpeg.run

    def counted(args: list[str], **options: object) -> tuple[bytes, str]:
        runs.append(str(options.get("what")))
        return real(args, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(ffmpeg, "run", counted)
    built = assemble_variants(programmes, main, programmes.main, spoken, settings,
                              tmp_path / "levelled")
    # each distinct sentence levelled under one name (a boost after the chain keeps it), not once
    # a unit under each unit's segment
    assert len({what for what in runs if what.startswith("levelling")}) == len(takes)
    # the greetings heard only in units' programmes (duc-pho's station greets in the main one)
    greetings = [b.programme.sounds[1].parts for b in built if b.programme.sounds[1].parts != main.sounds[1].parts]
    assert len(greetings) == len(UNITS) - 1
    assert len({parts[0].key for parts in greetings}) == 1  # "Kính thưa quý vị và các bạn!"
    assert len({parts[1].key for parts in greetings}) == len(greetings)  # "Đài truyền thanh …"
    runs.clear()
    for variant in built:
        render(variant.programme, tmp_path / f"{variant.unit.key}.mp3",
               episode_tags(load_settings(tmp_path / "schedule.toml").program, Month(2027, 1)),
               settings, cache_dir=tmp_path / "encoded")
    pieces = {(part.key, edge) for b in built
              for part, edge in zip(b.programme.parts, b.programme.edges, strict=True)}
    encodes = [what for what in runs if what.startswith("encoding")]
    assert len(encodes) == len(pieces) < sum(len(b.programme.parts) for b in built)



def test_a_local_segment_with_a_sentence_under_a_second_is_levelled_whole(tmp_path: Path) -> None:
    """Too few 400 ms blocks to set a short sentence's loudness on its own: its segment is one part."""
    programmes = _compile(tmp_path, Month(2027, 1))
    settings = load_settings(tmp_path / "schedule.toml").audio
    main, spoken, _ = _units_spoken(programmes, settings, 0.3)  # "Kính thưa …" lasts 0.77 s
    built = assemble_variants(programmes, main, programmes.main, spoken, settings, None)
    for variant in built:
        for chapter, sound in zip(variant.programme.chapters, variant.programme.sounds, strict=True):
            if chapter.segment_id.endswith("greeting-local"):
                assert len(sound.parts) == 1 and sound.gap == 0

NEWS = '''
[[news]]
title = "Ngày hội dịch vụ công trực tuyến"
source = "Ủy ban nhân dân phường"
text = "Sáng thứ Bảy tuần này, đoàn viên thanh niên hướng dẫn bà con nộp hồ sơ trực tuyến tại nhà văn hóa."
units = ["sa-huynh"]

[[news]]
title = "Lịch tiếp công dân tháng 1"
source = "Văn phòng Ủy ban nhân dân"
text = "Lãnh đạo Ủy ban nhân dân tiếp công dân định kỳ vào ngày 15 hằng tháng tại trụ sở."
'''


def test_news_addressed_to_one_unit_is_heard_only_in_its_programme(tmp_path: Path) -> None:
    programmes = _compile(tmp_path, Month(2027, 1), NEWS)
    only = "đoàn viên thanh niên hướng dẫn bà con"
    everyone = "tiếp công dân định kỳ vào ngày 15"
    assert only in _text(programmes, "sa-huynh")
    for unit in set(UNITS) - {"sa-huynh"}:
        assert only not in _text(programmes, unit) and everyone in _text(programmes, unit)
    main = "\n".join(s.text for s in programmes.main.segments)
    assert only not in main and everyone in main
    # its greeting announces it; the others' do not
    assert "ngày hội dịch vụ công trực tuyến" in _text(programmes, "sa-huynh")
    assert "ngày hội dịch vụ công trực tuyến" not in _text(programmes, "tra-cau")


def test_an_unknown_unit_key_is_refused_naming_file_and_field(tmp_path: Path) -> None:
    with pytest.raises(RadioError) as caught:
        _compile(tmp_path, Month(2027, 1), NEWS.replace('"sa-huynh"', '"sa-hunh"'))
    message = caught.value.in_language("vi")
    assert "episode.toml" in message and "news[0].units" in message and "'sa-hunh'" in message
    assert "sa-huynh" in message  # the keys it could have been


def test_a_bad_unit_key_stops_the_build_with_one_clear_line(radio: Callable[..., Result],
                                                            workspace: Path) -> None:
    folder = workspace / "episodes" / "2027-01"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "episode.toml").write_text(NEWS.replace('"sa-huynh"', '"phuong-x"'), encoding="utf-8")
    result = radio("build", "2027-01", "--engine", "espeak")
    assert result.exit_code != 0
    assert "'phuong-x' is not a unit" in result.stderr and "news[0].units" in result.stderr
    assert "Traceback" not in result.stderr and not (folder / "episode.mp3").exists()


@pytest.mark.slow
def test_build_2027_01_makes_five_unit_programmes(radio: Callable[..., Result],
                                                  workspace: Path) -> None:
    result = radio("build", "2027-01", "--engine", "espeak")
    assert result.exit_code == 0, result.stderr
    folder = workspace / "episodes" / "2027-01"
    facts = json.loads((folder / "build.json").read_text(encoding="utf-8"))
    variants = {v["unit"]: v for v in facts["variants"]}
    assert {key: v["unit_name"] for key, v in variants.items()} == UNITS
    hashes = set()
    for key, variant in variants.items():
        mp3 = folder / variant["file"]
        assert variant["file"] == f"episode-{key}.mp3"
        digest = hashlib.sha256(mp3.read_bytes()).hexdigest()
        assert digest == variant["sha256"]
        hashes.add(digest)
        assert 600 <= variant["duration"] <= 900
        tags = ID3(mp3)
        assert str(tags["TIT2"]) == f"{TITLE} — {UNITS[key]}"
        assert len(tags.getall("CHAP")) == len(variant["segments"])
        assert abs(int(str(tags["TLEN"])) / 1000 - variant["duration"]) < 0.5
    assert len(hashes) == 5 and facts["sha256"] not in hashes  # distinct audio

    def greeting(station: str) -> str:
        variant = next(v for v in variants.values() if station in v["stations"])
        return variant["segments"][1]["text"]

    assert "Đài truyền thanh phường Sa Huỳnh kính chào" in greeting("st-14")
    assert "Đài truyền thanh xã Khánh Cường kính chào" in greeting("st-12")

    script = (folder / "script.md").read_text(encoding="utf-8")
    assert script.count("## Phần riêng của ") == 5 and "## Phần riêng của phường Sa Huỳnh" in script
    assert script.count(". Lời kết\n") == 1 and "### phường Sa Huỳnh · 2. Lời chào" in script
    assert "phường Sa Huỳnh: Dữ kiện chưa kiểm chứng" in script  # a unit's warning, named
    names = {i["name"] for i in facts["inputs"]}
    assert any(name.endswith("-greeting-local@sa-huynh") for name in names)  # approval covers it

    again = radio("build", "2027-01", "--engine", "espeak")
    assert again.exit_code == 0 and "Unchanged" in again.stdout + again.stderr
    (folder / "episode-sa-huynh.mp3").write_bytes(b"damaged")  # a unit's file changed: rebuild
    rebuilt = radio("build", "2027-01", "--engine", "espeak")
    assert rebuilt.exit_code == 0 and "Unchanged" not in rebuilt.stdout + rebuilt.stderr
    assert hashlib.sha256((folder / "episode-sa-huynh.mp3").read_bytes()).hexdigest() == \
        variants["sa-huynh"]["sha256"]


@pytest.mark.parametrize("name", sorted(p.name for p in (REPO / "radio/content/templates/units").glob("*.md")))
def test_the_units_templates_name_no_unit(name: str) -> None:
    from tests.content.test_templates import UNIT_NAMES, _raw  # the same rule as every template

    text = _raw(f"units/{name}")
    for unit in UNIT_NAMES:
        assert unit.casefold() not in text.casefold(), f"units/{name} names {unit!r}: use a variable"
