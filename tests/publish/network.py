"""A small network and a built month in a temp folder, shared by the publish and server tests."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine

from radio.broadcast.schedule import replace_airings
from radio.broadcast.slots import plan_airings, validity
from radio.config import Settings, load_settings
from radio.core.month import Month
from radio.protocol.minisign import SecretKey, write_keypair
from radio.publish.approval import HeardInput, HeardKind, approval_digest
from radio.store.db import transaction
from radio.store.episodes import replace_episode
from radio.store.tables import EpisodeRow
from tests.conftest import IDENTITY_TOML

SCHEDULE = '''
[program]
''' + IDENTITY_TOML + '''
[network]
centre_url = "http://radio.example/cchc"
[network.groups]
south = ["st-02"]

[[stations]]
id = "st-00"
name = "Đài thị xã"
kind = "town"
units = [{ from = 2024-01-01, name = "thị xã Đức Phổ" }]
slots = ["Mon Tue Wed Thu Fri Sat 06:00"]

[[stations]]
id = "st-01"
name = "Đài phường Nguyễn Nghiêm"
kind = "ward"
unit_code = "21439"
units = [{ from = 2024-01-01, name = "phường Nguyễn Nghiêm", code = "21439" }]
slots = ["Mon Wed Fri 05:30", "Mon Wed Fri 17:00"]

[[stations]]
id = "st-02"
name = "Đài xã Phổ An"
unit_code = "21442"
units = [{ from = 2024-01-01, name = "xã Phổ An", code = "21442" }]
slots = ["Tue Thu Sat 05:15"]
'''
APRIL = datetime(2024, 4, 28, 3, 0, tzinfo=UTC)


def make_settings(tmp_path: Path, schedule: str = SCHEDULE) -> Settings:
    (tmp_path / "schedule.toml").write_text(schedule, encoding="utf-8")
    return load_settings(tmp_path / "schedule.toml")


def make_key(settings: Settings) -> SecretKey:
    from radio.protocol.minisign import load_secret_key

    write_keypair(settings.network.secret_key, settings.network.public_key)
    return load_secret_key(settings.network.secret_key)


def heard(recording: bytes = b"recording v1", script: str = "script v1") -> tuple[HeardInput, ...]:
    """What a small programme's approval covers: a voice, two jingles, a recording, two segments."""
    def sha(data: bytes) -> str:
        return hashlib.sha256(data).hexdigest()

    return (HeardInput(HeardKind.VOICE, "espeak", sha(b"espeak-ng voice=vi")),
            HeardInput(HeardKind.JINGLE, "jingle_open", sha(b"open")),
            HeardInput(HeardKind.JINGLE, "jingle_close", sha(b"close")),
            HeardInput(HeardKind.RECORDING, "ghi-am/mot-cua.wav", sha(recording)),
            HeardInput(HeardKind.TEXT, "01-greeting", sha(script.encode())),
            HeardInput(HeardKind.TEXT, "02-topic-05", sha(b"topic 5")))


def build_month(engine: Engine, settings: Settings, month: str, audio: bytes = b"ID3 fake mp3 " * 1000,
                script: str = "script v1", inputs: tuple[HeardInput, ...] | None = None) -> EpisodeRow:
    """What `radio build` leaves: episodes/<month>/episode.mp3 and an EpisodeRow (a rebuild
    replaces it)."""
    mp3 = settings.root / "episodes" / month / "episode.mp3"
    mp3.parent.mkdir(parents=True, exist_ok=True)
    mp3.write_bytes(audio)
    inputs = heard(script=script) if inputs is None else inputs
    episode = EpisodeRow(month=month, title=f"Chuyên mục Cải cách hành chính tháng {month}", duration_s=752.4,
                         predicted_s=750.0, loudness_lufs=-16.0, true_peak_dbtp=-1.2,
                         sha256=hashlib.sha256(audio).hexdigest(), script_sha256=approval_digest(inputs),
                         mp3_path=str(Path("episodes") / month / "episode.mp3"), built_at=APRIL,
                         inputs=[i.as_json() for i in inputs])
    with transaction(engine) as session:
        replace_episode(session, episode)
    return episode


def schedule_month(engine: Engine, settings: Settings, month: str) -> int:
    network = settings.network
    window = validity(Month.parse(month), network.timezone, network.validity_days)
    plans = plan_airings(network.stations, month, 752.4, window)
    return replace_airings(engine, month, [a for p in plans for a in p.airings])


@contextmanager
def live_server(publish_dir: Path, engine: Engine, clock: Callable[[], datetime]) -> Iterator[str]:
    """`radio serve` on a free port in a thread; yields its base URL."""
    from radio.server.http import make_server

    server = make_server("127.0.0.1", 0, publish_dir, engine, clock)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
