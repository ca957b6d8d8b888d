"""`radio station run` as a real process against a FaultServer: start, wait, kill, read its journal."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from pathlib import Path

import imageio_ffmpeg

from radio.protocol.manifest import ManifestAudio
from radio.station.output import decoded_seconds
from tests.station.helpers import TZ, Tree

REPO = Path(__file__).resolve().parents[2]
FAKETIME_LIB = Path("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1")


def until(check: Callable[[], object], timeout: float, what: str) -> None:
    """Poll `check` every 0.1 s until it is true; fail naming `what` after `timeout` seconds."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if check():
            return
        time.sleep(0.1)
    raise AssertionError(f"gave up waiting {timeout:.0f} s for {what}")


def naive(at: datetime) -> str:
    """A time as the test helpers' `local()` takes it (Vietnam local time, no offset)."""
    return at.astimezone(TZ).strftime("%Y-%m-%dT%H:%M:%S")


def real_audio(tree: Tree, folder: Path, seconds: float, frequency: int = 440) -> ManifestAudio:
    mp3 = folder / f"sine-{seconds}-{frequency}.mp3"
    subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                    f"sine=frequency={frequency}:duration={seconds}", "-ac", "1", "-ar", "44100",
                    "-b:a", "64k", str(mp3)], check=True, timeout=60)
    stored = tree.audio(mp3.read_bytes())
    return ManifestAudio.stored(stored.sha256, stored.size, decoded_seconds(mp3))


def station_toml(folder: Path, centre: str, tree: Tree, token: str, storage: Path,
                 **settings: object) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    values: dict[str, object] = {"output_device": "null", "sync_interval_s": 30, "timeout_s": 5,
                                 "play_grace_s": 12, **settings}
    lines = ["[station]", 'id = "st-03"', f'centre = "{centre}"',
             f'public_key = "{tree.key.public_key.base64}"', f'token = "{token}"',
             f'storage = "{storage}"']
    lines += [f"{key} = {json.dumps(value)}" for key, value in values.items()]
    path = folder / "station.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def start_agent(settings: Path, env: Mapping[str, str] | None = None) -> subprocess.Popen[str]:
    """The agent, its output in a file beside station.toml (a pipe nobody reads could fill up)."""
    output = settings.parent / f"agent-{time.monotonic_ns()}.log"
    with output.open("w", encoding="utf-8") as log:
        agent = subprocess.Popen(
            [sys.executable, "-c", "from radio.cli import main; main()", "station", "run",
             "--station-config", str(settings)],
            cwd=REPO, env={**os.environ, "RADIO_LANG": "vi", "PYTHONUNBUFFERED": "1", **(env or {})},
            stdout=log, stderr=subprocess.STDOUT, text=True)
    agent.args = [*agent.args, str(output)]  # where stop() finds what it printed
    return agent


def stop(agent: subprocess.Popen[str], sig: int = signal.SIGTERM) -> str:
    """End the agent (SIGKILL after 10 s); answer what it printed."""
    if agent.poll() is None:
        agent.send_signal(sig)
    try:
        agent.wait(timeout=10)
    except subprocess.TimeoutExpired:
        agent.kill()
        agent.wait(timeout=10)
    return output_of(agent)


def output_of(agent: subprocess.Popen[str]) -> str:
    return Path(agent.args[-1]).read_text(encoding="utf-8", errors="replace")


def journal_lines(storage: Path, key: str | None = None) -> list[dict[str, str]]:
    path = storage / "airings.jsonl"
    if not path.is_file():
        return []
    lines = []
    for line in path.read_bytes().splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if key is None or entry.get("key") == key:
            lines.append(entry)
    return lines


def airing_key(item_id: str, at: datetime) -> str:
    return f"{item_id}@{at.astimezone(TZ).isoformat()}"


def soon(seconds: float) -> datetime:
    return (datetime.now(TZ) + timedelta(seconds=seconds)).replace(microsecond=0)
