"""Approve → schedule → publish: refusal rules, the signed atomic tree, sequences, emergencies."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, delete, select

from radio.cli import main
from radio.core.errors import ExitCode, NotReadyError, RadioError
from radio.core.month import Month
from radio.protocol.minisign import verify
from radio.publish.approval import approve
from radio.publish.publisher import add_emergency, publish
from radio.store.db import transaction
from radio.store.tables import AiringRow, ApprovalRow, EpisodeRow, PublicationRow
from tests.publish.network import APRIL, build_month, heard, make_key, make_settings, schedule_month

MAY = Month(2024, 5)


def ready(tmp_path: Path, db: Engine):  # type: ignore[no-untyped-def]
    settings = make_settings(tmp_path)
    key = make_key(settings)
    episode = build_month(db, settings, "2024-05")
    schedule_month(db, settings, "2024-05")
    return settings, key, episode


def test_unapproved_month_is_refused(tmp_path: Path, db: Engine) -> None:
    settings, key, _ = ready(tmp_path, db)
    with pytest.raises(RadioError, match=r"2024-05 is not approved; .*radio approve 2024-05 --by NAME"):
        publish(db, settings, key, APRIL, MAY)
    assert not (settings.network.publish_dir / "current").exists()


def test_a_programme_changed_after_approval_is_refused_naming_what(tmp_path: Path, db: Engine) -> None:
    """A recording replaced and rebuilt: same script text, other audio; publish names the file."""
    settings, key, episode = ready(tmp_path, db)
    approve(db, "2024-05", episode.script_sha256, "Nguyễn Văn A", APRIL)
    rebuilt = build_month(db, settings, "2024-05", inputs=heard(recording=b"another take"))
    with pytest.raises(NotReadyError, match=r"2024-05: the recorded file ghi-am/mot-cua.wav changed after "
                                            r"Nguyễn Văn A approved it on 28/04/2024 10:00;"):
        publish(db, settings, key, APRIL, MAY)  # 03:00 UTC is 10:00 in Asia/Ho_Chi_Minh
    assert not (settings.network.publish_dir / "current").exists()
    approve(db, "2024-05", rebuilt.script_sha256, "Nguyễn Văn A", APRIL + timedelta(minutes=5))
    assert publish(db, settings, key, APRIL, MAY).sequence == 1


def test_approving_a_digest_that_is_no_longer_the_build_is_refused(tmp_path: Path, db: Engine) -> None:
    """The approver saw script.md of one build; the month was rebuilt before they approved."""
    settings, _, episode = ready(tmp_path, db)
    build_month(db, settings, "2024-05", script="script v2")
    with pytest.raises(NotReadyError, match="2024-05 was rebuilt after it was reviewed"):
        approve(db, "2024-05", episode.script_sha256, "Nguyễn Văn A", APRIL)
    with transaction(db) as session:
        assert session.scalars(select(ApprovalRow)).all() == []


def test_unscheduled_month_is_refused(tmp_path: Path, db: Engine) -> None:
    settings = make_settings(tmp_path)
    key = make_key(settings)
    episode = build_month(db, settings, "2024-05")
    approve(db, "2024-05", episode.script_sha256, "B", APRIL)
    with pytest.raises(RadioError, match="no airings; run `radio schedule 2024-05` first"):
        publish(db, settings, key, APRIL, MAY)


def test_audio_changed_after_build_is_refused(tmp_path: Path, db: Engine) -> None:
    settings, key, episode = ready(tmp_path, db)
    approve(db, "2024-05", episode.script_sha256, "B", APRIL)
    (tmp_path / "episodes" / "2024-05" / "episode.mp3").write_bytes(b"other")
    with pytest.raises(RadioError, match="the file changed after it was built"):
        publish(db, settings, key, APRIL, MAY)


def test_published_tree_is_complete_signed_and_consistent(tmp_path: Path, db: Engine) -> None:
    settings, key, episode = ready(tmp_path, db)
    approve(db, "2024-05", episode.script_sha256, "B", APRIL)
    result = publish(db, settings, key, APRIL, MAY)
    root = settings.network.publish_dir / "current"
    assert root.is_symlink() and root.resolve() == result.release.resolve()
    audio = root / "audio" / f"{episode.sha256}.mp3"
    assert hashlib.sha256(audio.read_bytes()).hexdigest() == episode.sha256
    for station_id, count in (("st-00", 8), ("st-01", 4), ("st-02", 4)):
        data = (root / "stations" / station_id / "manifest.json").read_bytes()
        signature = (root / "stations" / station_id / "manifest.json.minisig").read_text()
        assert verify(data, signature, key.public_key).endswith("file:manifest.json sequence:1")
        manifest = json.loads(data)
        assert manifest["format"] == 1 and manifest["station"] == station_id and manifest["sequence"] == 1
        (item,) = manifest["items"]
        assert item["id"] == "2024-05" and item["kind"] == "programme" and item["priority"] == "normal"
        assert item["valid_from"] == "2024-05-01T00:00:00+07:00"
        assert item["valid_to"] == "2024-06-01T00:00:00+07:00"
        assert len(item["airings"]) == count
        assert all(a.endswith("+07:00") for a in item["airings"])
        assert item["audio"] == {"url": f"../../audio/{episode.sha256}.mp3", "sha256": episode.sha256,
                                 "size": audio.stat().st_size, "duration_s": 752.4}
        assert (root / "stations" / station_id / item["audio"]["url"]).resolve() == audio.resolve()
    assert {p.name for p in (root / "calendar").iterdir()} == {"all.ics", "st-00.ics", "st-01.ics", "st-02.ics"}
    assert (root / "calendar" / "all.ics").read_bytes().count(b"BEGIN:VEVENT") == 16
    feed = (root / "feed.xml").read_text(encoding="utf-8")
    assert f'url="http://radio.example/cchc/audio/{episode.sha256}.mp3"' in feed
    assert (root / "minisign.pub").read_text() == key.public_key.file_text()


@pytest.mark.slow
def test_sequences_increase_and_old_months_stay_while_valid(tmp_path: Path, db: Engine) -> None:
    settings, key, may = ready(tmp_path, db)
    approve(db, "2024-05", may.script_sha256, "B", APRIL)
    assert publish(db, settings, key, APRIL, MAY).sequence == 1
    june = build_month(db, settings, "2024-06", audio=b"june audio" * 500)
    schedule_month(db, settings, "2024-06")
    approve(db, "2024-06", june.script_sha256, "B", APRIL)
    late_may = datetime(2024, 5, 28, tzinfo=UTC)
    second = publish(db, settings, key, late_may, Month(2024, 6))
    assert second.sequence == 2 and second.items == ("2024-05", "2024-06")
    july = publish(db, settings, key, datetime(2024, 6, 2, tzinfo=UTC))
    assert july.sequence == 3 and july.items == ("2024-06",)
    manifest = json.loads((settings.network.publish_dir / "current/stations/st-01/manifest.json").read_bytes())
    assert [i["id"] for i in manifest["items"]] == ["2024-06"]
    feed = (settings.network.publish_dir / "current/feed.xml").read_text(encoding="utf-8")
    assert feed.count("<item>") == 2  # the podcast keeps past programmes
    with transaction(db) as session:
        assert session.scalars(select(PublicationRow.sequence).order_by(PublicationRow.id)).all() == [1, 2, 3]


def test_old_releases_are_pruned_and_a_failed_write_leaves_current_alone(tmp_path: Path, db: Engine) -> None:
    settings, key, may = ready(tmp_path, db)
    approve(db, "2024-05", may.script_sha256, "B", APRIL)
    for _ in range(5):
        publish(db, settings, key, APRIL, MAY)
    releases = settings.network.publish_dir / "releases"
    assert sorted(p.name for p in releases.iterdir()) == ["3", "4", "5"]
    (releases / "6").mkdir()  # the folder and the database disagree: refuse, keep release 5 live
    with pytest.raises(RadioError, match="release 6 already exists"):
        publish(db, settings, key, APRIL, MAY)
    assert (settings.network.publish_dir / "current").resolve().name == "5"
    with transaction(db) as session:  # the failed attempt did not consume sequence 6
        assert session.scalar(select(PublicationRow.sequence).order_by(PublicationRow.sequence.desc())) == 5


def test_a_month_rebuilt_after_its_release_is_not_republished_unapproved(tmp_path: Path, db: Engine) -> None:
    settings, key, may = ready(tmp_path, db)
    approve(db, "2024-05", may.script_sha256, "B", APRIL)
    publish(db, settings, key, APRIL, MAY)
    with transaction(db) as session:  # `radio build 2024-05` again, with an edited script
        session.execute(delete(EpisodeRow).where(EpisodeRow.month == "2024-05"))
    build_month(db, settings, "2024-05", audio=b"edited audio" * 500, script="script v2")
    # An emergency (or another month) republishes every live programme: not this unreviewed one.
    with pytest.raises(RadioError, match="2024-05: the words of segment 01-greeting as read changed after B "):
        publish(db, settings, key, APRIL + timedelta(days=3))
    assert (settings.network.publish_dir / "current").resolve().name == "1"


def _mp3(path: Path) -> Path:
    import imageio_ffmpeg

    subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-f", "lavfi", "-i",
                    "sine=frequency=440:duration=2", "-ac", "1", "-b:a", "64k", "-y", str(path)], check=True)
    return path


def test_emergency_goes_to_chosen_stations_first(tmp_path: Path, db: Engine) -> None:
    settings, key, may = ready(tmp_path, db)
    approve(db, "2024-05", may.script_sha256, "B", APRIL)
    publish(db, settings, key, APRIL, MAY)
    now = datetime(2024, 5, 10, 2, 0, tzinfo=UTC)
    item = add_emergency(db, settings, _mp3(tmp_path / "storm.mp3"), "Tin bão khẩn cấp",
                         settings.network.select(["south"]), now, hours=6)
    result = publish(db, settings, key, now)
    assert result.sequence == 2 and item.id in result.items
    current = settings.network.publish_dir / "current" / "stations"
    south = json.loads((current / "st-02" / "manifest.json").read_bytes())
    assert [i["kind"] for i in south["items"]] == ["emergency", "programme"]
    urgent = south["items"][0]
    assert urgent["priority"] == "emergency" and urgent["airings"] == []
    assert 1.5 < urgent["audio"]["duration_s"] < 2.5
    assert urgent["valid_to"] == "2024-05-10T15:00:00+07:00"
    other = json.loads((current / "st-01" / "manifest.json").read_bytes())
    assert [i["kind"] for i in other["items"]] == ["programme"]
    after = publish(db, settings, key, now + timedelta(hours=7))
    assert item.id not in after.items


def test_month_whose_window_has_ended_is_refused(tmp_path: Path, db: Engine) -> None:
    settings, key, may = ready(tmp_path, db)
    approve(db, "2024-05", may.script_sha256, "B", APRIL)
    with pytest.raises(RadioError, match="validity window has already ended"):
        publish(db, settings, key, datetime(2024, 6, 1, 0, 0, tzinfo=UTC), MAY)


def test_emergency_audio_must_be_an_mp3(tmp_path: Path, db: Engine) -> None:
    settings = make_settings(tmp_path)
    (tmp_path / "note.txt").write_text("not audio")
    for path in (tmp_path / "note.txt", tmp_path / "missing.mp3"):
        with pytest.raises(RadioError, match="not a readable MP3"):
            add_emergency(db, settings, path, "x", settings.network.stations, APRIL)


def test_aware_utc_times_round_trip(db: Engine) -> None:
    local = datetime(2024, 5, 2, 5, 30, tzinfo=timezone(timedelta(hours=7)))
    with transaction(db) as session:
        session.add(AiringRow(month="2024-05", item_id="2024-05", station_id="st-01", starts_at=local,
                           duration_s=1.0, priority="normal"))
        session.add(ApprovalRow(month="2024-05", script_sha256="0" * 64, approved_by="B", approved_at=local))
    with transaction(db) as session:
        back = session.scalars(select(AiringRow)).one().starts_at
        approved = session.scalars(select(ApprovalRow)).one().approved_at
    assert back == local and back.tzinfo is not None and back.utcoffset() == timedelta(0)
    assert approved == local


MINISIGN = shutil.which("minisign")


@pytest.mark.skipif(MINISIGN is None, reason="minisign not installed: apt-get install minisign")
def test_real_minisign_verifies_a_published_manifest(tmp_path: Path, db: Engine) -> None:
    settings, key, may = ready(tmp_path, db)
    approve(db, "2024-05", may.script_sha256, "B", APRIL)
    publish(db, settings, key, APRIL, MAY)
    station = settings.network.publish_dir / "current" / "stations" / "st-01"
    done = subprocess.run([MINISIGN, "-Vm", str(station / "manifest.json"), "-P", key.public_key.base64],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "sequence:1" in done.stdout


def test_cli_approve_schedule_publish(tmp_path: Path, db: Engine, db_url: str,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RADIO_DB", db_url)
    settings = make_settings(tmp_path)
    today = datetime.now(UTC)  # the CLI reads the real clock: use next month
    month = str(Month(today.year + today.month // 12, today.month % 12 + 1))
    build_month(db, settings, month)
    config = ["--config", str(tmp_path / "schedule.toml")]
    runner = CliRunner()
    refused = runner.invoke(main, [*config, "publish", month])
    assert refused.exit_code == ExitCode.KEY, refused.output
    # A new key cuts every station off until it re-pins: the advice is the backup first.
    assert "restore it from its offline backup" in refused.output
    assert "pin the new public key again at every station" in refused.output
    assert runner.invoke(main, [*config, "keygen"]).exit_code == 0
    refused = runner.invoke(main, [*config, "publish", month])
    assert refused.exit_code == ExitCode.NOT_READY and "not approved" in refused.output
    zone = settings.network.timezone
    before = datetime.now(zone)
    done = runner.invoke(main, [*config, "approve", month, "--by", "Trần Thị B"])
    after = datetime.now(zone)
    assert done.exit_code == 0 and "approved by Trần Thị B at " in done.output
    assert any(f"at {t:%d/%m/%Y %H:%M} " in done.output for t in (before, after))  # local, not UTC
    assert "2 segment(s) as read, 1 recording(s), 2 jingle(s), 1 voice(s)" in done.output
    done = runner.invoke(main, [*config, "schedule", month])
    assert done.exit_code == 0, done.output
    assert "16 airings on 3 stations" in done.output
    assert (tmp_path / "episodes" / month / "calendar" / "st-02.ics").exists()
    done = runner.invoke(main, [*config, "publish", month])
    assert done.exit_code == 0, done.output
    assert "Release 1: 3 signed manifests" in done.output
    done = runner.invoke(main, [*config, "token", "st-09"])
    assert done.exit_code == 1 and "unknown station 'st-09'" in done.output
    bad = runner.invoke(main, [*config, "schedule", "2024-13"])
    assert bad.exit_code == 2 and "YYYY-MM" in bad.output  # a usage error, before any work


def test_a_publisher_that_loses_the_race_for_a_sequence_is_told_to_retry(
        tmp_path: Path, db: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    settings, key, episode = ready(tmp_path, db)
    approve(db, "2024-05", episode.script_sha256, "B", APRIL)

    def rival(session: Session, _context: object, _instances: object) -> None:
        """Another publisher claims the same sequence number first."""
        for claimed in [o for o in session.new if isinstance(o, PublicationRow)]:
            session.add(PublicationRow(sequence=claimed.sequence, published_at=APRIL, items=["rival"]))

    event.listen(Session, "before_flush", rival)
    try:
        with pytest.raises(RadioError, match="another publish took release 1 .* run `radio publish` again"):
            publish(db, settings, key, APRIL, MAY)
    finally:
        event.remove(Session, "before_flush", rival)
    assert not (settings.network.publish_dir / "current").exists()
