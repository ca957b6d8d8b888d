#!/usr/bin/env python3
"""Benchmark the Studio's pages (run: ./scripts/bench-studio [--stations N] [--runs N]).

Builds a year of records (2024: 12 built, approved, scheduled and published months; every station
syncing each month and reporting its plays) for 1,000 stations in a temporary SQLite database, then
serves every page through the ASGI app in this process (Starlette's TestClient: no network) and
prints each page's median time over the runs after the first (which fills the caches: templates,
catalogs, the predicted length, and reports, which are figured again only when records change or
five minutes pass). Goal: ≤ 300 ms a page, the stations page ≤ 1 s.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
import uuid
import warnings
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
warnings.filterwarnings("ignore")

PAGES = [
    "/login",
    "/year/2024",
    "/month/2024-05",
    "/build/2024-05",
    "/review",
    "/review/2024-05",
    "/schedule/2024-05",
    "/publish",
    "/stations",
    "/users",
    "/audit",
    "/reports?period=2024",
    "/reports/2024.html",
    "/reports/2024-05.html",
    "/reports/2024.csv",
    "/reports/2024.json",
    "/notifications",
    "/password",
]
ROLE_FOR = {
    "/review": "approver",
    "/stations": "admin",
    "/reports": "admin",
    "/schedule": "admin",
    "/publish": "admin",
    "/users": "admin",
    "/audit": "admin",
    "/notifications": "admin",  # the heaviest: the fleet's health besides the programmes
}


def settings_text(stations: int) -> str:
    text = (REPO / "schedule.toml").read_text(encoding="utf-8")
    head = text[: text.index("[[stations]]")]
    head = re.sub(r"\[network\.groups\]\n(?:[^\n]+\n)+", "", head)
    slots = ['"Mon Wed Fri 05:30", "Mon Wed Fri 17:00"', '"Tue Thu Sat 05:15", "Tue Thu Sat 16:45"']
    body = "".join(
        f'\n[[stations]]\nid = "st-{i:04d}"\nname = "Đài truyền thanh số {i}"\n'
        f'kind = "{"town" if i == 0 else "commune"}"\nunit_code = "{30000 + i}"\n'
        f'units = [{{ from = 2024-01-01, name = "đơn vị {i}", code = "{30000 + i}" }}]\n'
        f"slots = [{slots[i % 2]}]\n"
        for i in range(stations)
    )
    return head + body


def populate(root: Path, stations: int) -> None:
    from sqlalchemy import insert

    from radio.store.db import database_url, open_engine, transaction
    from radio.store.tables import AiringRow as Airing
    from radio.store.tables import ApprovalRow as Approval
    from radio.store.tables import EpisodeRow as Episode
    from radio.store.tables import EpisodeSegmentRow as EpisodeSegment
    from radio.store.tables import PlayReportRow as PlayReport
    from radio.store.tables import PublicationRow as Publication
    from radio.store.tables import StationStatusRow as StationStatus
    from radio.studio.auth import add_user

    engine = open_engine(database_url(root))
    tz = timezone(timedelta(hours=7))
    ids = [f"st-{i:04d}" for i in range(stations)]
    with transaction(engine) as session:
        for month in range(1, 13):
            key = f"2024-{month:02d}"
            folder = root / "episodes" / key
            folder.mkdir(parents=True, exist_ok=True)
            shutil.copy(REPO / "episodes" / "2024-05" / "episode.toml", folder / "episode.toml")
            (folder / "episode.mp3").write_bytes(b"\xff\xfb" + bytes(4000))
            segments = [
                {
                    "id": f"{p:02d}-seg",
                    "kind": "topic",
                    "topic": 5,
                    "title": f"Đoạn {p}",
                    "engine": "espeak",
                    "start_s": p * 45.0,
                    "duration_s": 44.0,
                    "predicted_s": 44.5,
                    "text": "Trong 4 tháng đầu năm 2024, Bộ phận Một cửa " * 8,
                    "reading": "Trong bốn tháng đầu năm hai nghìn không trăm hai mươi tư " * 8,
                }
                for p in range(16)
            ]
            (folder / "build.json").write_text(
                json.dumps(
                    {
                        "month": key,
                        "title": f"Chuyên mục tháng {month}",
                        "duration_s": 752.0,
                        "predicted_duration_s": 749.0,
                        "loudness_lufs": -16.0,
                        "true_peak_dbtp": -1.4,
                        "topics": [5, 6],
                        "sha256": "b" * 64,
                        "script_sha256": f"{month:064x}",
                        "engines": {"espeak": 14},
                        "built_at": "2024-04-28T03:00:00+00:00",
                        "segments": segments,
                    },
                    ensure_ascii=False,
                ),
                encoding="utf-8",
            )
            session.add(
                Episode(
                    month=key,
                    title=f"Chuyên mục tháng {month}",
                    duration_s=752,
                    predicted_s=749,
                    loudness_lufs=-16,
                    true_peak_dbtp=-1.4,
                    sha256="b" * 64,
                    script_sha256=f"{month:064x}",
                    mp3_path=str(folder / "episode.mp3"),
                    built_at=datetime(2024, month, 1, tzinfo=tz) - timedelta(days=5),
                    segments=[
                        EpisodeSegment(
                            position=p,
                            key=f"{p:02d}-seg",
                            kind="topic",
                            topic_id=None,
                            title=f"Đoạn {p}",
                            engine="espeak",
                            start_s=p * 45.0,
                            duration_s=44.0,
                            predicted_s=44.5,
                        )
                        for p in range(16)
                    ],
                )
            )
            session.add(
                Approval(
                    month=key,
                    script_sha256=f"{month:064x}",
                    approved_by="lanhdao",
                    approved_at=datetime(2024, month, 1, tzinfo=tz) - timedelta(days=3),
                )
            )
            session.add(
                Publication(
                    sequence=month,
                    published_at=datetime(2024, month, 1, tzinfo=tz) - timedelta(days=2),
                    items=[f"2024-{m:02d}" for m in range(max(1, month - 1), month + 1)],
                )
            )
        session.flush()
        airings, reports = [], []
        for month in range(1, 13):
            key = f"2024-{month:02d}"
            for n, station in enumerate(ids):
                base = datetime(2024, month, 2 + n % 3, 5, 30, tzinfo=tz)
                for k in range(4):
                    at = base + timedelta(days=7 * k)
                    airings.append(
                        {
                            "month": key,
                            "item_id": key,
                            "station_id": station,
                            "starts_at": at,
                            "duration_s": 752.0,
                            "priority": "normal",
                        }
                    )
                    if (n + k) % 5:
                        reports.append(
                            {
                                "report_id": str(uuid.uuid4()),
                                "station_id": station,
                                "event": "played",
                                "item_id": key,
                                "sha256": None,
                                "manifest_sequence": month,
                                "at": at + timedelta(seconds=20),
                                "received_at": at + timedelta(minutes=5),
                                "detail": "",
                            }
                        )
                reports.append(
                    {
                        "report_id": str(uuid.uuid4()),
                        "station_id": station,
                        "event": "synced",
                        "item_id": None,
                        "sha256": None,
                        "manifest_sequence": month,
                        "at": datetime(2024, month, 1, tzinfo=tz) - timedelta(hours=n % 40),
                        "received_at": datetime(2024, month, 1, tzinfo=tz),
                        "detail": "",
                    }
                )
        session.execute(insert(Airing), airings)
        session.execute(insert(PlayReport), reports)
        # Every station's latest status (the stations page's health columns), a few with problems
        synced_at = datetime(2024, 5, 15, 9, 50, tzinfo=tz)
        session.execute(insert(StationStatus), [
            {"station_id": station, "received_at": synced_at - timedelta(minutes=n % 90),
             "station_clock": synced_at, "clock_offset_s": float(n % 130 - 65), "agent_version": "0.1.0",
             "held_sequence": 5, "newest_sequence": 5, "items": 2, "items_held": 2, "items_verified": 2,
             "next_airing": None, "next_airing_held": None, "free_disk_bytes": (n % 50) * 10**9 + 10**8,
             "problems": []}
            for n, station in enumerate(ids)])
    for role in ("editor", "approver", "admin", "viewer"):
        add_user(engine, role, role, "mat-khau-bench", datetime(2024, 1, 1, tzinfo=UTC))
    engine.dispose()
    print(f"{stations} stations, {len(airings)} airings, {len(reports)} play reports, 12 months", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stations", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    from starlette.testclient import TestClient

    from radio.studio import create_app

    with tempfile.TemporaryDirectory(prefix="bench-studio-") as temp:
        root = Path(temp)
        os.environ["RADIO_DB"] = f"sqlite:///{root / 'radio.db'}"
        (root / "schedule.toml").write_text(settings_text(args.stations), encoding="utf-8")
        started = time.perf_counter()
        populate(root, args.stations)
        print(f"records written in {time.perf_counter() - started:.1f} s", flush=True)
        now = datetime(2024, 5, 15, 3, 0, tzinfo=UTC)
        app = create_app(root / "schedule.toml", lambda: now)
        clients: dict[str, TestClient] = {}
        for role in ("editor", "approver", "admin"):
            client = TestClient(app, base_url="http://127.0.0.1", follow_redirects=False)  # an allowed Host
            token = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text)[1]
            assert (
                client.post(
                    "/login", data={"name": role, "password": "mat-khau-bench", "csrf": token}
                ).status_code
                == 303
            )
            clients[role] = client
        # cpu ms: this process's CPU time per page (the app runs in it): on a machine shared with other
        # work the wall-clock median also counts waiting for a core, the CPU time does not.
        print(f"{'page':<26}{'first ms':>9}{'median ms':>10}{'min ms':>9}{'max ms':>9}{'cpu ms':>8}  status  goal")
        for page in PAGES:
            role = next((r for prefix, r in ROLE_FOR.items() if page.startswith(prefix)), "editor")
            client = clients[role]
            times, cpu, status = [], [], 0
            for _ in range(args.runs + 1):  # the first run warms caches (templates, catalog, settings)
                begin, begin_cpu = time.perf_counter(), time.process_time()
                answer = client.get(page)
                times.append((time.perf_counter() - begin) * 1000)
                cpu.append((time.process_time() - begin_cpu) * 1000)
                status = answer.status_code
            first, times = times[0], times[1:]
            goal = 1000 if page == "/stations" else 300
            median = statistics.median(times)
            print(
                f"{page:<26}{first:>9.0f}{median:>10.0f}{min(times):>9.0f}{max(times):>9.0f}"
                f"{statistics.median(cpu[1:]):>8.0f}  {status:>6}  "
                f"{'ok' if median <= goal else 'OVER'} (≤ {goal} ms)",
                flush=True,
            )


if __name__ == "__main__":
    main()
