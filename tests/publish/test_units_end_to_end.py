"""A month per unit end to end with the shipped files: `radio build 2027-01` → approve (accepting
the unconfirmed facts by name) → schedule → publish through the command line, then `radio station
init` (which pulls once) at st-14 (phường Sa Huỳnh) and st-12 (xã Khánh Cường) against `radio
serve`: each holds, verified, its own unit's programme, greeting in its own unit's name. A quicker
twin runs the same distribution on a fabricated build."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from mutagen.id3 import ID3

from radio.cli import main
from radio.config import load_settings
from radio.publish.approval import blocking_warnings
from radio.station.store import StationStore
from radio.store.db import open_engine, transaction
from radio.store.episodes import built_episode
from tests.publish.network import live_server
from tests.publish.units import build_units_month, sha256_of

REPO = Path(__file__).resolve().parents[2]
# The five units of 2025-07-01 as schedule.toml groups them; the town's own system (st-00, in no
# group) airs phường Đức Phổ's programme, the unit it serves since then.
FIVE = {"duc-pho": "phường Đức Phổ", "tra-cau": "phường Trà Câu", "sa-huynh": "phường Sa Huỳnh",
        "xa-nguyen-nghiem": "xã Nguyễn Nghiêm", "khanh-cuong": "xã Khánh Cường"}


TITLE = "Chuyên mục Cải cách hành chính tháng 1 năm 2027"


@pytest.fixture
def shipped(tmp_path: Path, db_url: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copy(REPO / "schedule.toml", tmp_path / "schedule.toml")
    shutil.copytree(REPO / "episodes", tmp_path / "episodes",
                    ignore=shutil.ignore_patterns("*.mp3", "build.json", "script.md", "plan-*.toml", "calendar"))
    monkeypatch.setenv("RADIO_DB", db_url)
    return tmp_path


def cli(workspace: Path) -> Callable[..., Result]:
    def run(*args: str) -> Result:
        return CliRunner(mix_stderr=False).invoke(main, ["--config", str(workspace / "schedule.toml"), *args])
    return run


def pull(workspace: Path, url: str, station: str, public_key: str) -> Path:
    """`radio token` at the centre, `radio station init` (one sync) at the station; its storage."""
    radio = cli(workspace)
    token = radio("token", station)
    assert token.exit_code == 0, token.stderr
    secret = token.stdout.strip().splitlines()[-1]  # printed once, on the last line
    config = workspace / station / "station.toml"
    done = CliRunner(mix_stderr=False).invoke(main, [
        "--lang", "en", "station", "init", "--centre", url, "--id", station, "--public-key", public_key,
        "--token", secret, "--device", "null", "--station-config", str(config)])
    assert done.exit_code == 0, done.stdout + done.stderr
    return config.parent / "station-data"


def held(storage: Path) -> tuple[str, str]:
    """The one programme a station holds: its sha256 and its title tag."""
    state = StationStore(storage)
    (sha256,) = {p.stem for p in state.audio_path("0" * 64).parent.glob("*.mp3")}
    return sha256, str(ID3(state.audio_path(sha256))["TIT2"])


def test_sa_huynh_and_khanh_cuong_each_pull_their_own_programme(shipped: Path, db_url: str) -> None:
    settings = load_settings(shipped / "schedule.toml")
    groups = dict(settings.network.groups)
    units = {unit: (name, groups[unit] + (("st-00",) if unit == "duc-pho" else ())) for unit, name in FIVE.items()}
    engine = open_engine(db_url)
    episode = build_units_month(engine, settings, "2027-01", units)
    radio = cli(shipped)
    for step in (("approve", "2027-01", "--by", "Nguyễn Văn A"), ("schedule", "2027-01"), ("keygen",),
                 ("publish", "2027-01")):
        done = radio("--lang", "en", *step) if step[0] != "approve" else radio(*step)
        assert done.exit_code == 0, f"{step}: {done.stdout}{done.stderr}"
    assert "unit sa-huynh: st-14, st-15 → audio/" in done.stdout
    public_key = (shipped / ".radio" / "keys" / "minisign.pub").read_text().splitlines()[-1]
    with live_server(settings.network.publish_dir, engine, lambda: datetime.now(settings.network.timezone)) as url:
        sa_huynh = held(pull(shipped, url, "st-14", public_key))
        khanh_cuong = held(pull(shipped, url, "st-12", public_key))
    folder = shipped / "episodes" / "2027-01"
    assert sa_huynh[0] == sha256_of(folder / "2027-01-sa-huynh.mp3")
    assert khanh_cuong[0] == sha256_of(folder / "2027-01-khanh-cuong.mp3")
    assert sa_huynh[0] != khanh_cuong[0] != episode.sha256
    assert sa_huynh[1].endswith("— phường Sa Huỳnh") and khanh_cuong[1].endswith("— xã Khánh Cường")


@pytest.mark.slow
def test_build_approve_publish_pull_gives_sa_huynh_and_khanh_cuong_their_own_programmes(
        shipped: Path, db_url: str) -> None:
    radio = cli(shipped)
    built = radio("build", "2027-01", "--engine", "espeak")
    assert built.exit_code == 0, built.stderr
    engine = open_engine(db_url)
    with transaction(engine) as session:
        accept = [f"--accept={name}" for name in blocking_warnings(built_episode(session, "2027-01").warnings)]
    for step in (("approve", "2027-01", "--by", "Nguyễn Văn A", *accept), ("schedule", "2027-01"),
                 ("keygen",), ("publish", "2027-01")):
        done = radio("--lang", "en", *step)
        assert done.exit_code == 0, f"{step}: {done.stdout}{done.stderr}"
    assert "unit sa-huynh: st-14, st-15 → audio/" in done.stdout
    settings = load_settings(shipped / "schedule.toml")
    public_key = (shipped / ".radio" / "keys" / "minisign.pub").read_text().splitlines()[-1]
    with live_server(settings.network.publish_dir, engine, lambda: datetime.now(settings.network.timezone)) as url:
        sa_huynh = held(pull(shipped, url, "st-14", public_key))
        khanh_cuong = held(pull(shipped, url, "st-12", public_key))
    facts = json.loads((shipped / "episodes" / "2027-01" / "build.json").read_text(encoding="utf-8"))

    def variant(station: str) -> dict:  # type: ignore[type-arg]
        return next(v for v in facts["variants"] if station in v["stations"])

    assert sa_huynh[0] != khanh_cuong[0]
    assert sa_huynh == (variant("st-14")["sha256"], f"{TITLE} — phường Sa Huỳnh")
    assert khanh_cuong == (variant("st-12")["sha256"], f"{TITLE} — xã Khánh Cường")
    # Each unit's own greeting: the local greeting segment (the shared core names every unit).
    greetings = {station: " ".join(s["text"] for s in variant(station)["segments"]
                                   if "greeting" in s["kind"] and s["id"] in variant(station)["local"])
                 for station in ("st-14", "st-12")}
    assert "Đài truyền thanh phường Sa Huỳnh kính chào" in greetings["st-14"]
    assert "Đài truyền thanh xã Khánh Cường kính chào" in greetings["st-12"]
    assert "Khánh Cường" not in greetings["st-14"] and "Sa Huỳnh" not in greetings["st-12"]
