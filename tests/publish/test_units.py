"""A month built per unit: each station's manifest carries its unit's programme, a station pulls and
verifies that file, the release records who got which; a one-programme month is unchanged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from radio.broadcast.schedule import replace_airings, schedule_month
from radio.broadcast.slots import plan_airings, validity
from radio.core.errors import RadioError
from radio.protocol.minisign import verify
from radio.publish.approval import approve
from radio.publish.publisher import add_emergency, publish
from radio.station.config import StationConfig
from radio.station.sync import StationStore, client_for, sync
from radio.store.db import transaction
from radio.store.tables import AiringRow, PublicationRow
from tests.publish.network import build_month, live_server, make_key
from tests.publish.units import (
    JANUARY,
    NOW,
    TOWN,
    UNITS,
    build_units_month,
    manifest,
    published,
    sha256_of,
    tagged_mp3,
    unit_settings,
)


def test_each_station_gets_its_units_programme_signed(tmp_path: Path, db: Engine) -> None:
    settings, key, files = published(tmp_path, db)
    root = settings.network.publish_dir / "current"
    assert files["sa-huynh"] != files["khanh-cuong"]
    for station, unit in (("st-14", "sa-huynh"), ("st-15", "sa-huynh"), ("st-12", "khanh-cuong"),
                          ("st-13", "khanh-cuong")):
        path = root / "stations" / station / "manifest.json"
        signature = (path.parent / "manifest.json.minisig").read_text()
        assert verify(path.read_bytes(), signature, key.public_key).endswith("sequence:1")
        (item,) = manifest(settings, station)["items"]
        assert item["id"] == "2027-01" and item["audio"]["sha256"] == files[unit]
        assert item["title"] == f"Chuyên mục Cải cách hành chính tháng 2027-01 — {UNITS[unit][0]}"
        assert sha256_of(root / "stations" / station / item["audio"]["url"]) == files[unit]
        assert item["audio"]["duration_s"] == (750.0 if unit == "sa-huynh" else 760.0)
        assert len(item["airings"]) == 4
    # Stations of one unit share one file; the release holds each unit's file once.
    assert {p.name for p in (root / "audio").iterdir()} >= {f"{s}.mp3" for s in files.values()}
    with transaction(db) as session:
        (row,) = session.scalars(select(PublicationRow)).all()
        airings = session.scalars(select(AiringRow).where(AiringRow.station_id == "st-14")).all()
    assert sorted((d["station"], d["unit"], d["sha256"]) for d in row.deliveries) == sorted(
        (sid, unit, files[unit]) for unit, (_, sids) in UNITS.items() for sid in sids)
    # The schedule airs each unit's programme for its own length.
    assert {(a.unit, a.unit_name, a.duration_s) for a in airings} == {("sa-huynh", "phường Sa Huỳnh", 750.0)}


def test_sa_huynh_and_khanh_cuong_pull_and_verify_different_files(tmp_path: Path, db: Engine) -> None:
    settings, key, files = published(tmp_path, db)
    held = {}
    with live_server(settings.network.publish_dir, db, lambda: NOW) as url:
        for station in ("st-14", "st-12"):
            storage = tmp_path / "tram" / station
            config = StationConfig(
                path=storage / "station.toml", station_id=station, centre_url=url + "/",
                public_key=key.public_key, report_token="", storage_dir=storage, play_command=(),
                output_device="log", lead_in_s=0.0, sync_interval_s=900, timeout_s=5.0,
                play_grace_s=120, timezone=settings.network.timezone)
            result = sync(config, client_for(config), lambda: NOW, StationStore(storage))
            assert result.complete and result.problems == (), result.problems
            (item,) = result.manifest.items  # type: ignore[union-attr]
            path = StationStore(storage).audio_path(item.audio.sha256)
            assert sha256_of(path) == item.audio.sha256
            held[station] = (item.audio.sha256, _title_tag(path))
    assert held["st-14"] == (files["sa-huynh"], "Chuyên mục Cải cách hành chính tháng 2027-01 — phường Sa Huỳnh")
    assert held["st-12"] == (files["khanh-cuong"], "Chuyên mục Cải cách hành chính tháng 2027-01 — xã Khánh Cường")


def _title_tag(path: Path) -> str:
    from mutagen.id3 import ID3

    return str(ID3(path)["TIT2"])


def test_a_station_in_no_unit_is_refused_by_name(tmp_path: Path, db: Engine) -> None:
    """st-00 is in neither unit: it must not get another unit's programme, nor be skipped silently."""
    settings = unit_settings(tmp_path, TOWN)
    key = make_key(settings)
    episode = build_units_month(db, settings, "2027-01")
    with pytest.raises(RadioError, match=r"2027-01: station st-00 \(Đài Truyền thanh thị xã Đức Phổ\) is in "
                                         r"none of the month's units \(sa-huynh, khanh-cuong\)"):
        schedule_month(db, settings, JANUARY, NOW)
    # Airings stored earlier (the network grew after scheduling): publish refuses too, writing nothing.
    window = validity(JANUARY, settings.network.timezone, None)
    replace_airings(db, "2027-01", [a for p in plan_airings(settings.network.stations, "2027-01", 750.0, window)
                                    for a in p.airings])
    approve(db, "2027-01", episode.script_sha256, "Nguyễn Văn A", NOW)
    with pytest.raises(RadioError, match="station st-00 .* is in none of the month's units"):
        publish(db, settings, key, NOW, JANUARY)
    assert not (settings.network.publish_dir / "current").exists()


def test_a_variant_file_changed_after_the_build_is_refused(tmp_path: Path, db: Engine) -> None:
    settings = unit_settings(tmp_path)
    key = make_key(settings)
    episode = build_units_month(db, settings, "2027-01")
    schedule_month(db, settings, JANUARY, NOW)
    approve(db, "2027-01", episode.script_sha256, "Nguyễn Văn A", NOW)
    tagged_mp3(tmp_path / "episodes" / "2027-01" / "2027-01-sa-huynh.mp3", "other", 999)
    with pytest.raises(RadioError, match="2027-01-sa-huynh.mp3: sha256 is .* the file changed after it was built"):
        publish(db, settings, key, NOW, JANUARY)


def test_a_malformed_variant_is_named_by_file_and_field(tmp_path: Path, db: Engine) -> None:
    settings = unit_settings(tmp_path)
    build_units_month(db, settings, "2027-01")
    path = tmp_path / "episodes" / "2027-01" / "build.json"
    document = json.loads(path.read_text())
    document["variants"][1]["file"] = "../elsewhere.mp3"
    path.write_text(json.dumps(document))
    with pytest.raises(RadioError, match=r"build.json: variants\[1\].file is missing or malformed"):
        schedule_month(db, settings, JANUARY, NOW)


def test_one_programme_months_are_unchanged_and_recorded(tmp_path: Path, db: Engine) -> None:
    """A month without variants (all of 2024, a one-unit centre): every station the one file."""
    settings = unit_settings(tmp_path, TOWN)
    key = make_key(settings)
    episode = build_month(db, settings, "2027-01")
    schedule_month(db, settings, JANUARY, NOW)
    approve(db, "2027-01", episode.script_sha256, "B", NOW)
    result = publish(db, settings, key, NOW, JANUARY)
    for station in ("st-00", "st-12", "st-14"):
        (item,) = manifest(settings, station)["items"]
        assert item["audio"]["sha256"] == episode.sha256
        assert item["title"] == episode.title and "unit" not in item
    assert {(d["unit"], d["sha256"]) for d in result.deliveries} == {("", episode.sha256)}
    with transaction(db) as session:
        assert {a.unit for a in session.scalars(select(AiringRow))} == {""}


def test_emergencies_are_unaffected_by_units(tmp_path: Path, db: Engine) -> None:
    settings, key, files = published(tmp_path, db)
    notice = tagged_mp3(tmp_path / "notice.mp3", "Thông báo khẩn", 880)
    add_emergency(db, settings, notice, "Bão số 5", settings.network.select(["sa-huynh"]), NOW)
    publish(db, settings, key, NOW)
    kinds = {sid: sorted((i["kind"], i["audio"]["sha256"]) for i in manifest(settings, sid)["items"])
             for sid in ("st-14", "st-12")}
    assert kinds["st-14"] == sorted([("emergency", sha256_of(notice)), ("programme", files["sa-huynh"])])
    assert kinds["st-12"] == [("programme", files["khanh-cuong"])]


def test_a_units_recorded_title_is_its_manifest_title(tmp_path: Path, db: Engine) -> None:
    """The build records each unit's title tag: stations list the programme by that title."""
    settings = unit_settings(tmp_path)
    key = make_key(settings)
    episode = build_units_month(db, settings, "2027-01")
    path = tmp_path / "episodes" / "2027-01" / "build.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    document["variants"][0]["title"] = "Chuyên mục Cải cách hành chính tháng 1 năm 2027 — phường Sa Huỳnh"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    schedule_month(db, settings, JANUARY, NOW)
    approve(db, "2027-01", episode.script_sha256, "B", NOW)
    publish(db, settings, key, NOW, JANUARY)
    assert manifest(settings, "st-15")["items"][0]["title"] == document["variants"][0]["title"]
    assert manifest(settings, "st-13")["items"][0]["title"].endswith("2027-01 — xã Khánh Cường")
