"""schedule.toml's network: the shipped stations, and one clear error per kind of bad data."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import pytest

from radio.broadcast.stations import Slot
from radio.config import load_settings
from radio.core.errors import RadioError

ROOT = Path(__file__).resolve().parents[2]

GOOD = '''
[network]
timezone = "Asia/Ho_Chi_Minh"
[network.groups]
coast = ["st-02"]

[[stations]]
id = "st-01"
name = "Đài A"
kind = "ward"
unit_code = "21439"
units = [{ from = 2024-01-01, name = "phường A", code = "21439" }]
slots = ["Mon Wed Fri 05:30", "Mon Wed Fri 17:00"]

[[stations]]
id = "st-02"
name = "Đài B"
unit_code = "21442"
units = [{ from = 2024-01-01, name = "xã B" }]
slots = ["Tue 06:00"]
'''


def load(tmp_path: Path, text: str):  # type: ignore[no-untyped-def]
    path = tmp_path / "schedule.toml"
    path.write_text(text, encoding="utf-8")
    return load_settings(path).network


def test_shipped_network_has_town_and_fifteen_stations() -> None:
    network = load_settings(ROOT / "schedule.toml").network
    assert network.timezone.key == "Asia/Ho_Chi_Minh"
    assert [s.id for s in network.stations] == [f"st-{i:02d}" for i in range(16)]
    assert [s.kind for s in network.stations].count("town") == 1
    assert {s.unit_code for s in network.stations[1:]} == {str(c) for c in range(21439, 21482, 3)}
    assert network.station("st-00").airings_per_month == 8
    assert network.station("st-05").airings_per_month == 4
    assert len({s.slots for s in network.stations}) > 3  # stations keep their own slots


def test_shipped_units_follow_the_2025_merges() -> None:
    network = load_settings(ROOT / "schedule.toml").network
    nguyen_nghiem, pho_phong = network.station("st-01"), network.station("st-03")
    assert nguyen_nghiem.unit_on(date(2025, 6, 30)).name == "phường Nguyễn Nghiêm"
    assert nguyen_nghiem.unit_on(date(2025, 7, 1)).name == "phường Đức Phổ"
    # "Nguyễn Nghiêm" becomes a commune over other land: not the same station.
    assert pho_phong.unit_on(date(2025, 7, 1)).name == "xã Nguyễn Nghiêm"
    assert [s.id for s in network.select(["sa-huynh"])] == ["st-14", "st-15"]


def test_good_network(tmp_path: Path) -> None:
    network = load(tmp_path, GOOD)
    a = network.station("st-01")
    assert a.slots[:2] == (Slot(0, time(5, 30)), Slot(0, time(17, 0)))
    assert len(a.slots) == 6
    assert network.station("st-02").kind == "commune"
    assert network.validity_days is None
    assert [s.id for s in network.select(["coast", "st-01"])] == ["st-01", "st-02"]
    assert len(network.select(["all"])) == 2


def test_no_network_section_is_an_empty_network(tmp_path: Path) -> None:
    assert load(tmp_path, "").stations == ()


@pytest.mark.parametrize(("old", "new", "message"), [
    ('"Tue 06:00"', '"Thur 06:00"', r"stations\[1\] \(st-02\)\.slots\[0\]: unknown weekday 'Thur'"),
    ('"Tue 06:00"', '"Tue 25:00"', r"\(st-02\)\.slots\[0\]: '25:00' is not a time of day"),
    ('"Tue 06:00"', '"Tue 06:75"', r"\(st-02\)\.slots\[0\]: '06:75'"),
    ('"Tue 06:00"', '"06:00"', r"\(st-02\)\.slots\[0\]: .*weekdays then a time"),
    ('id = "st-02"', 'id = "st-01"', r"stations\[1\]\.id: duplicate station id 'st-01'"),
    ('timezone = "Asia/Ho_Chi_Minh"', 'timezone = "Asia/Hanoi_City"',
     r"network\.timezone: unknown time zone 'Asia/Hanoi_City'"),
    ('kind = "ward"', 'kind = "ward"\ntimezone = "Mars/Olympus"',
     r"\(st-01\)\.timezone: unknown time zone 'Mars/Olympus'"),
    ('coast = ["st-02"]', 'coast = ["st-09"]', r"network\.groups\.coast: station 'st-09' does not exist"),
    ('kind = "ward"', 'kind = "district"', r"\(st-01\)\.kind: 'district' is not one of"),
    ('id = "st-02"', 'id = "Phổ An"', r"stations\[1\]\.id: 'Phổ An' must be lower-case"),
    ('unit_code = "21442"\n', '', r"\(st-02\)\.unit_code: required field is missing"),
    ('slots = ["Tue 06:00"]', 'slots = []', r"\(st-02\)\.slots: give at least one slot"),
    ('slots = ["Tue 06:00"]', 'slots = ["Tue 06:00", "Tue 6:00"]', r"\(st-02\)\.slots: the same weekday"),
    ('name = "Đài B"', 'name = "Đài B"\nairings = 0',
     r"\(st-02\)\.airings: 0 is outside 1\.\.200 airings a month"),
])
def test_bad_schedule_data_names_station_and_field(tmp_path: Path, old: str, new: str, message: str) -> None:
    assert GOOD.count(old) == 1
    with pytest.raises(RadioError, match=message):
        load(tmp_path, GOOD.replace(old, new))


def test_unknown_station_in_selection_is_clear(tmp_path: Path) -> None:
    with pytest.raises(RadioError, match="unknown station 'st-77'.*st-01, st-02"):
        load(tmp_path, GOOD).select(["st-77"])
