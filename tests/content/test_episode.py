from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from radio.config import load_settings
from radio.content.episode import load_month_input, load_year_inputs
from radio.content.planning import year_planning
from radio.core.errors import RadioError
from radio.core.month import Month
from radio.reading import Normalizer
from radio.reading.settings import ReadingSettings
from tests.content.conftest import REPO, SHIPPED_EPISODES

MAY = Month(2024, 5)


def _write(root: Path, text: str, month: str = "2024-05") -> Path:
    path = root / month / "episode.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_examples_parse() -> None:
    inputs = load_year_inputs(SHIPPED_EPISODES, 2024)
    assert {3, 5, 9} <= set(inputs)
    may = inputs[5]
    assert may.topics == (5, 6)
    assert len(may.news) >= 2 and all(item.source for item in may.news)
    assert may.figures["ho_so_dung_han_ty_le"] == "98,9%"
    assert may.qa[0].topic == 6
    assert may.recorded == {}  # builds offline without any recording
    assert "\n" not in may.news[0].text  # wrapped lines are joined into one paragraph


def test_no_input_is_none(tmp_path: Path) -> None:
    assert load_month_input(tmp_path, MAY) is None


def test_malformed_toml_names_file_and_line(tmp_path: Path) -> None:
    path = _write(tmp_path, 'topics = [5, 6]\n\n[figures\nx = 1\n')
    with pytest.raises(RadioError, match=rf"{path}: invalid TOML: .*line 3"):
        load_month_input(tmp_path, MAY)


def test_a_topic_the_years_plan_lacks_names_file_and_field(tmp_path: Path) -> None:
    path = _write(tmp_path, "topics = [5, 12]\n")
    assert load_month_input(tmp_path, MAY).topics == (5, 12)  # which areas exist is the plan's
    program = replace(load_settings(REPO / "schedule.toml").program, episodes_dir=tmp_path)
    with pytest.raises(RadioError, match=rf"{path}\.topics\[1\]: 12 is not a content area of the 2024 plan"):
        year_planning(program, 2024)


@pytest.mark.parametrize(("text", "message"), [
    ("topics = [5]\n", r"choose 2 to 4 topics, got 1"),
    ("topics = [5, 5]\n", r"listed twice"),
    ('topics = ["5", 6]\n', r"topics\[0\]: '5' is not a content area"),
    ("[[news]]\ntitle = 'T'\ntext = 'x'\n", r"news\[0\]\.source: required field is missing"),
    ("[[qa]]\nquestion = 'Q'\nanswer = 'A'\ntopic = 0\n", r"qa\[0\]\.topic: 0 is not"),
    ("[figures]\nHo-so = 1\n", r"figures\.Ho-so: a figure name"),
    ("titel = 'x'\n", r"unknown field\(s\) titel"),
])
def test_bad_fields_are_named(tmp_path: Path, text: str, message: str) -> None:
    _write(tmp_path, text)
    with pytest.raises(RadioError, match=message):
        load_month_input(tmp_path, MAY)


def test_recorded_file_relative_to_the_episode_folder(tmp_path: Path) -> None:
    path = _write(tmp_path, '[recorded]\ngreeting = "ghi-am/chao.wav"\n')
    with pytest.raises(RadioError, match=r"recorded\.greeting: recorded file ghi-am/chao.wav not"):
        load_month_input(tmp_path, MAY)
    (path.parent / "ghi-am").mkdir()
    (path.parent / "ghi-am" / "chao.wav").write_bytes(b"RIFF")
    loaded = load_month_input(tmp_path, MAY)
    assert loaded is not None and loaded.recorded["greeting"] == path.parent / "ghi-am" / "chao.wav"


def test_figures_become_text(tmp_path: Path) -> None:
    _write(tmp_path, '[figures]\nty_le = 98.5\nso_ho_so = 1245\nky = "quý I"\n')
    loaded = load_month_input(tmp_path, MAY)
    assert loaded is not None
    assert loaded.figures == {"ty_le": "98,5", "so_ho_so": "1245", "ky": "quý I"}


def test_large_whole_figures_are_read_as_counts(tmp_path: Path) -> None:
    _write(tmp_path, "[figures]\nkinh_phi = 150000000\nso_ho_so = 12345\nty_le = 98.5\n")
    loaded = load_month_input(tmp_path, MAY)
    assert loaded is not None
    assert loaded.figures == {"kinh_phi": "150.000.000", "so_ho_so": "12.345", "ty_le": "98,5"}
    read = Normalizer(ReadingSettings(codes="expand", lexicon=None)).read
    assert read(f"{loaded.figures['kinh_phi']} đồng") == "một trăm năm mươi triệu đồng"
