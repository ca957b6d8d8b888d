"""Distribution of a programme per unit at province scale (run: ./scripts/bench-units-publish).

A generated province of 96 units (communes and wards) and 500 stations, each unit with its own
programme of a month (build.json `variants`), against one programme to the same 500 stations:

1. schedule: `radio schedule`'s work (airings per station at its unit's programme length, stored).
2. publish: `radio publish`'s work, first release (each unit's file hashed and stored once, 500
   manifests built, signed and written as one durable release) and a republish (files stored).
3. report: `radio report 2027-01`'s work (read, figures, per-unit table, text and CSV) with one
   play report per airing.

Building the programmes is the build side's benchmark (scripts/bench-units); here each unit's
file is random bytes of a real programme's size (12.5 min at 96 kbit/s), which is what
publishing costs: it hashes, copies and links bytes, never decodes them. Everything runs in a
temporary folder on SQLite; figures are from this one run on this machine (shared, 2 cores).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import resource
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Engine, insert, select

from radio.broadcast.schedule import schedule_month
from radio.config import Settings, load_settings
from radio.core.month import Month
from radio.protocol.minisign import load_secret_key, write_keypair
from radio.publish.approval import approve
from radio.publish.publisher import publish
from radio.report import make_report, render
from radio.report.figures import Policy
from radio.store.db import open_engine, transaction
from radio.store.episodes import replace_episode
from radio.store.tables import AiringRow, EpisodeRow, PlayReportRow

MONTH = Month(2027, 1)
NOW = datetime(2026, 12, 28, 3, 0, tzinfo=UTC)
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat")
T = TypeVar("T")

IDENTITY = """
[program]
[[program.identity]]
from = 2024-01-01
centre = "Trung tâm Truyền thông tỉnh Quảng Ngãi"
area = "tỉnh Quảng Ngãi"
area_kind = "tỉnh"
local_units = "các xã, phường"
one_stop = "Trung tâm Phục vụ hành chính công"
province = "tỉnh Quảng Ngãi"
hotline = "0255.3859.123"
portal = "Cổng Dịch vụ công quốc gia"
"""


def province_toml(units: int, stations: int) -> str:
    """`units` groups and `stations` stations, dealt round-robin (every unit has 5 or 6)."""
    members: dict[int, list[str]] = {u: [] for u in range(units)}
    lines = [IDENTITY, "[network]", 'centre_url = "http://radio.example/cchc"', ""]
    blocks = []
    for i in range(stations):
        sid = f"st-{i:04d}"
        unit = i % units
        members[unit].append(sid)
        day = WEEKDAYS[i % 6]
        blocks.append(f'\n[[stations]]\nid = "{sid}"\nname = "Đài truyền thanh số {i}"\n'
                      f'unit_code = "{30000 + unit}"\n'
                      f'units = [{{ from = 2025-07-01, name = "xã Số {unit + 1}", code = "{30000 + unit}" }}]\n'
                      f'slots = ["{day} {5 + i % 3:02d}:{(i * 7) % 60:02d}", "{day} 17:{(i * 11) % 60:02d}"]\n')
    lines.append("[network.groups]")
    lines += [f'u-{u + 1:03d} = [{", ".join(f"{chr(34)}{s}{chr(34)}" for s in ids)}]' for u, ids in members.items()]
    return "\n".join(lines) + "\n" + "".join(blocks)


def build(engine: Engine, settings: Settings, units: int, size: int) -> EpisodeRow:
    """What a build leaves (episode.mp3, each unit's MP3, build.json), recorded and approved."""
    folder = settings.root / "episodes" / str(MONTH)
    folder.mkdir(parents=True)
    rng = random.Random(21)
    core = rng.randbytes(size)
    (folder / "episode.mp3").write_bytes(core)
    groups = dict(settings.network.groups)
    variants = []
    for u in range(units):
        data = core[: size - 4096] + rng.randbytes(4096)  # the shared core, then the unit's own part
        name = f"{MONTH}-u-{u + 1:03d}.mp3"
        (folder / name).write_bytes(data)
        variants.append({"unit": f"u-{u + 1:03d}", "unit_name": f"xã Số {u + 1}", "file": name,
                         "sha256": hashlib.sha256(data).hexdigest(), "duration": 750.0 + u % 30,
                         "stations": list(groups[f"u-{u + 1:03d}"])})
    script = hashlib.sha256(f"approved {units}".encode()).hexdigest()
    (folder / "build.json").write_text(json.dumps({"month": str(MONTH), "variants": variants}), encoding="utf-8")
    episode = EpisodeRow(month=str(MONTH), title="Chuyên mục Cải cách hành chính tháng 1 năm 2027",
                         duration_s=750.0, predicted_s=750.0, loudness_lufs=-16.0, true_peak_dbtp=-1.5,
                         sha256=hashlib.sha256(core).hexdigest(), script_sha256=script,
                         mp3_path=str(folder / "episode.mp3"), built_at=NOW)
    with transaction(engine) as session:
        replace_episode(session, episode)
    approve(engine, str(MONTH), script, "Nguyễn Văn A", NOW)
    return episode


def played_everything(engine: Engine) -> int:
    """One on-time `played` report per airing, as if every station aired every slot."""
    with transaction(engine) as session:
        airings = session.execute(select(AiringRow.station_id, AiringRow.starts_at, AiringRow.duration_s)).all()
        session.execute(insert(PlayReportRow), [
            {"report_id": uuid.uuid4().hex, "station_id": sid, "event": "played", "item_id": str(MONTH),
             "at": at, "received_at": at, "detail": "", "played_s": seconds} for sid, at, seconds in airings])
    return len(airings)


def timed(work: Callable[[], T]) -> tuple[T, float, float]:
    """The value, wall-clock seconds and this process's CPU seconds (the machine is shared: CPU
    time is the steadier figure, wall time includes waiting for fsync and for other processes)."""
    start, cpu = time.perf_counter(), time.process_time()
    value = work()
    return value, time.perf_counter() - start, time.process_time() - cpu


def run(units: int, stations: int, size: int) -> dict[str, float | int]:
    """One case in its own folder; units 0 = one programme for every station."""
    with tempfile.TemporaryDirectory(prefix="bench-units-") as tmp:
        root = Path(tmp)
        (root / "schedule.toml").write_text(province_toml(max(units, 1), stations), encoding="utf-8")
        settings = load_settings(root / "schedule.toml")
        engine = open_engine(f"sqlite:///{root / 'radio.db'}")
        write_keypair(settings.network.secret_key, settings.network.public_key)
        key = load_secret_key(settings.network.secret_key)
        build(engine, settings, units, size)
        plan, schedule_s, schedule_cpu = timed(lambda: schedule_month(engine, settings, MONTH, NOW))
        first, publish_s, publish_cpu = timed(lambda: publish(engine, settings, key, NOW, MONTH))
        _, republish_s, republish_cpu = timed(lambda: publish(engine, settings, key, NOW + timedelta(minutes=1)))
        plays = played_everything(engine)
        policy = Policy(min_s=600, max_s=900, target_lufs=-16.0, tolerance_lu=1.0, true_peak_max_dbtp=-1.0,
                        tz=settings.network.timezone)
        names = [(s.id, s.name) for s in settings.network.stations]
        as_of = MONTH.end(settings.network.timezone) + timedelta(days=1)
        report, report_s, report_cpu = timed(lambda: make_report(engine, str(MONTH), names, policy, as_of))
        _, render_s, render_cpu = timed(lambda: (render(report, "text", settings.program),
                                                 render(report, "csv", settings.program)))
        audio = first.release / "audio"
        manifests = sum(p.stat().st_size for p in (first.release / "stations").rglob("manifest.json"))
        engine.dispose()
        return {"schedule_s": schedule_s, "publish_s": publish_s, "republish_s": republish_s,
                "report_s": report_s + render_s, "schedule_cpu": schedule_cpu, "publish_cpu": publish_cpu,
                "republish_cpu": republish_cpu, "report_cpu": report_cpu + render_cpu,
                "airings": len(plan.airings), "plays": plays,
                "files": sum(1 for _ in audio.iterdir()),
                "audio_mb": sum(p.stat().st_size for p in audio.iterdir()) / 1e6,
                "manifest_kb": manifests / 1e3, "unit_rows": len(report.units),
                "distinct_sent": len({d["sha256"] for d in first.deliveries})}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=96)
    parser.add_argument("--stations", type=int, default=500)
    parser.add_argument("--audio-mb", type=float, default=12.5 * 60 * 96 / 8 / 1000,
                        help="size of each programme file (default: 12.5 min at 96 kbit/s)")
    args = parser.parse_args()
    size = int(args.audio_mb * 1e6)
    print(f"Province: {args.units} units, {args.stations} stations; each programme file {size / 1e6:.1f} MB "
          f"(random bytes: publishing hashes and links, never decodes)")
    one = run(0, args.stations, size)
    per_unit = run(args.units, args.stations, size)
    rows = (("radio schedule 2027-01", "schedule"), ("radio publish 2027-01, first release", "publish"),
            ("republish, files already stored", "republish"), ("radio report 2027-01 + text/CSV", "report"))
    print(f"\n{'seconds (wall / CPU of this process)':44}{'one programme':>17}{f'{args.units} units':>17}"
          f"{'ratio wall/CPU':>16}")
    for label, key in rows:
        a, b = float(one[f"{key}_s"]), float(per_unit[f"{key}_s"])
        ac, bc = float(one[f"{key}_cpu"]), float(per_unit[f"{key}_cpu"])
        print(f"{label:44}{f'{a:.2f} / {ac:.2f}':>17}{f'{b:.2f} / {bc:.2f}':>17}"
              f"{f'{b / a:.1f}× / {bc / ac:.1f}×':>16}")
    for label, key in (("airings stored", "airings"), ("play reports", "plays"),
                       ("distinct files sent to stations", "distinct_sent"), ("audio files in the release", "files"),
                       ("audio in the release (MB)", "audio_mb"), ("manifests, all stations (kB)", "manifest_kb"),
                       ("per-unit report rows", "unit_rows")):
        print(f"{label:44}{one[key]:>17.1f}{per_unit[key]:>17.1f}" if isinstance(one[key], float)
              else f"{label:44}{one[key]:>17}{per_unit[key]:>17}")
    print(f"\npeak RSS of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
