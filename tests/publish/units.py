"""A month built per unit, as the build side records it (build.json `variants`), for the
distribution tests: small real MP3s, one per unit, each tagged with its unit's title."""

from __future__ import annotations

import hashlib
import json
import subprocess
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

import imageio_ffmpeg
from sqlalchemy import Engine

from radio.broadcast.schedule import schedule_month
from radio.config import Settings
from radio.core.month import Month
from radio.protocol.minisign import SecretKey
from radio.publish.approval import approval_digest, approve
from radio.publish.publisher import publish
from radio.store.db import transaction
from radio.store.episodes import replace_episode
from radio.store.tables import EpisodeRow
from tests.conftest import IDENTITY_TOML
from tests.publish.network import APRIL, heard, make_key, make_settings

# Two of the five units formed on 2025-07-01, with the stations of schedule.toml; st-00 (the town
# system) is in no group here, so a month that leaves it out must be refused for it.
UNITS: dict[str, tuple[str, tuple[str, ...]]] = {
    "sa-huynh": ("phường Sa Huỳnh", ("st-14", "st-15")),
    "khanh-cuong": ("xã Khánh Cường", ("st-12", "st-13")),
}
SCHEDULE = '''
[program]
''' + IDENTITY_TOML + '''
[network]
centre_url = "http://radio.example/cchc"
[network.groups]
sa-huynh = ["st-14", "st-15"]
khanh-cuong = ["st-12", "st-13"]
''' + "".join(f'''
[[stations]]
id = "{sid}"
name = "Đài truyền thanh {name}"
unit_code = "2148{i}"
units = [{{ from = 2025-07-01, name = "{name}", code = "2148{i}" }}]
slots = ["Mon Wed Fri 05:30", "Tue Thu Sat 17:00"]
''' for i, (sid, name) in enumerate([("st-12", "xã Khánh Cường"), ("st-13", "xã Khánh Cường"),
                                     ("st-14", "phường Sa Huỳnh"), ("st-15", "phường Sa Huỳnh")]))
TOWN = '''
[[stations]]
id = "st-00"
name = "Đài Truyền thanh thị xã Đức Phổ"
kind = "town"
units = [{ from = 2025-07-01, name = "phường Đức Phổ", code = "21439" }]
slots = ["Mon Tue Wed Thu Fri Sat 06:00"]
'''


JANUARY = Month(2027, 1)
NOW = datetime(2026, 12, 28, 3, 0, tzinfo=UTC)


def unit_settings(tmp_path: Path, extra: str = "") -> Settings:
    return make_settings(tmp_path, SCHEDULE + extra)


def tagged_mp3(path: Path, title: str, frequency: int, seconds: float = 1.0) -> Path:
    """A real MP3 (the project's ffmpeg) with an ID3v2.3 title, as each unit's programme has."""
    path.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                    f"sine=frequency={frequency}:duration={seconds}", "-ac", "1", "-ar", "22050",
                    "-b:a", "32k", "-id3v2_version", "3", "-metadata", f"title={title}", str(path)],
                   check=True, timeout=60)
    return path


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build_units_month(engine: Engine, settings: Settings, month: str,
                      units: Mapping[str, tuple[str, tuple[str, ...]]] = UNITS) -> EpisodeRow:
    """What a build per unit leaves: episode.mp3, one MP3 per unit listed in build.json's
    `variants`, and the EpisodeRow; each unit's duration differs (its local part)."""
    folder = settings.root / "episodes" / month
    title = f"Chuyên mục Cải cách hành chính tháng {month}"
    episode_mp3 = tagged_mp3(folder / "episode.mp3", title, 300)
    variants = []
    for i, (unit, (name, stations)) in enumerate(units.items()):
        mp3 = tagged_mp3(folder / f"{month}-{unit}.mp3", f"{title} — {name}", 400 + 100 * i, 1.0 + 0.25 * i)
        variants.append({"unit": unit, "unit_name": name, "file": mp3.name, "sha256": sha256_of(mp3),
                         "duration": 750.0 + 10 * i, "stations": list(stations)})
    inputs = heard(script=f"core and local parts of {sorted(units)}")
    episode = EpisodeRow(month=month, title=title, duration_s=745.0, predicted_s=750.0,
                         loudness_lufs=-16.0, true_peak_dbtp=-1.2, sha256=sha256_of(episode_mp3),
                         script_sha256=approval_digest(inputs),
                         mp3_path=str(Path("episodes") / month / "episode.mp3"), built_at=APRIL,
                         inputs=[i.as_json() for i in inputs])
    (folder / "build.json").write_text(json.dumps(
        {"month": month, "title": title, "sha256": episode.sha256, "script_sha256": episode.script_sha256,
         "variants": variants}, ensure_ascii=False, indent=1), encoding="utf-8")
    with transaction(engine) as session:
        replace_episode(session, episode)
    return episode


def published(tmp_path: Path, db: Engine, extra: str = "") -> tuple[Settings, SecretKey, dict[str, str]]:
    """2027-01 built per unit, scheduled, approved and published; unit → its file's sha256."""
    settings = unit_settings(tmp_path, extra)
    key = make_key(settings)
    episode = build_units_month(db, settings, "2027-01")
    schedule_month(db, settings, JANUARY, NOW)
    approve(db, "2027-01", episode.script_sha256, "Nguyễn Văn A", NOW)
    publish(db, settings, key, NOW, JANUARY)
    variants = json.loads((tmp_path / "episodes" / "2027-01" / "build.json").read_text())["variants"]
    return settings, key, {v["unit"]: v["sha256"] for v in variants}


def manifest(settings: Settings, station: str) -> dict:  # type: ignore[type-arg]
    return json.loads((settings.network.publish_dir / "current" / "stations" / station / "manifest.json")
                      .read_bytes())
