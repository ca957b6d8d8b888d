"""A small recorded year (2024, seen on 20 May at noon) that the report tests check figure by figure.

Programmes: January (12 min), February (9.5 min: too short, too quiet, peak too high), April (14 min),
May (15.83 min: too long); March was never built. Stations: st-00 airs everything (plus one extra
play in May), st-01 misses some and plays once 45 min late, st-02 never syncs nor plays, st-03 joins
in April, and st-99 (not in settings) reports one play. Reports after "as of" must be ignored.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine

from radio.report.figures import Policy
from radio.store.db import transaction
from radio.store.tables import (
    AiringRow,
    EpisodeRow,
    EpisodeSegmentRow,
    PlayReportRow,
    PublicationRow,
    TopicRow,
)

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
AS_OF = datetime(2024, 5, 20, 12, 0, tzinfo=TZ)
STATIONS = [("st-00", "Đài thị xã"), ("st-01", "Nguyễn Nghiêm"), ("st-02", "Phổ An"), ("st-03", "Phổ Phong")]
POLICY = Policy(min_s=600, max_s=900, target_lufs=-16.0, tolerance_lu=1.0, true_peak_max_dbtp=-1.0,
                stale_days=7, match_tolerance=timedelta(minutes=30), tz=TZ)

# month → (duration, predicted, LUFS, dBTP, [(kind, topic, seconds)])
EPISODES = {
    "2024-01": (720, 700, -16.2, -1.5, [("greeting", None, 60), ("topic", 1, 300), ("topic", 5, 240),
                                        ("closing", None, 120)]),
    "2024-02": (570, 600, -18.0, -0.5, [("greeting", None, 60), ("topic", 5, 200), ("topic", 6, 250),
                                        ("closing", None, 60)]),
    "2024-04": (840, 800, -15.5, -1.2, [("greeting", None, 60), ("topic", 6, 400), ("topic", 11, 300),
                                        ("closing", None, 80)]),
    "2024-05": (950, 880, -16.0, -1.0, [("greeting", None, 60), ("topic", 3, 500), ("topic", 10, 300),
                                        ("closing", None, 90)]),
}


def local(month: str, day: int, hour: int, minute: int = 0) -> datetime:
    year, mon = map(int, month.split("-"))
    return datetime(year, mon, day, hour, minute, tzinfo=TZ)


def fill_year(engine: Engine) -> None:
    with transaction(engine) as s:
        s.add_all(TopicRow(id=i, title=f"Nội dung {i} của mục II Kế hoạch tuyên truyền CCHC năm 2024")
                  for i in range(1, 12))
        for month, (duration, predicted, lufs, peak, segments) in EPISODES.items():
            episode = EpisodeRow(month=month, title=f"Chuyên mục CCHC {month}", duration_s=duration,
                              predicted_s=predicted, loudness_lufs=lufs, true_peak_dbtp=peak,
                              sha256="0" * 64, script_sha256="1" * 64, mp3_path=f"episodes/{month}.mp3",
                              built_at=local(month, 1, 8))
            start = 0.0
            for position, (kind, topic, seconds) in enumerate(segments):
                episode.segments.append(EpisodeSegmentRow(
                    position=position, key=f"{position:02d}-{kind}", kind=kind, topic_id=topic,
                    title=kind, engine="espeak", start_s=start, duration_s=seconds, predicted_s=seconds))
                start += seconds
            s.add(episode)
        for month in EPISODES:
            for day in (2, 9, 16, 23):
                s.add(_airing("st-00", month, local(month, day, 5, 30)))
            for station in ("st-01", "st-02") + (("st-03",) if month >= "2024-04" else ()):
                for day in (9, 23):
                    s.add(_airing(station, month, local(month, day, 5, 30)))
        # An emergency item is not the month's programme: not counted.
        s.add(AiringRow(month="2024-05", item_id="emergency-x", station_id="st-00",
                        starts_at=local("2024-05", 3, 7), duration_s=60, priority="emergency"))
        for sequence, published, items in ((1, local("2024-01", 1, 0), ["2024-01"]),
                                           (2, local("2024-02", 1, 0), ["2024-01", "2024-02"]),
                                           (3, local("2024-04", 1, 0), ["2024-02", "2024-04"]),
                                           (4, local("2024-05", 1, 0), ["2024-04", "2024-05"])):
            s.add(PublicationRow(sequence=sequence, published_at=published, items=items))
        reports = [
            # st-00: synced every release, played every past airing a minute late, one extra in May.
            ("st-00", "synced", None, 1, local("2024-01", 1, 8)),
            ("st-00", "synced", None, 2, local("2024-02", 1, 8)),
            ("st-00", "synced", None, 3, local("2024-04", 1, 8)),
            ("st-00", "synced", None, 4, local("2024-05", 1, 8)),
            ("st-00", "synced", None, 4, local("2024-05", 19, 8)),
            *[("st-00", "played", m, None, local(m, d, 5, 31)) for m in ("2024-01", "2024-02", "2024-04")
              for d in (2, 9, 16, 23)],
            *[("st-00", "played", "2024-05", None, local("2024-05", d, 5, 31)) for d in (2, 9, 16)],
            ("st-00", "played", "2024-05", None, local("2024-05", 12, 17)),
            # st-01: release 2, then a sync without a sequence on 2 April.
            ("st-01", "synced", None, 2, local("2024-02", 1, 9)),
            ("st-01", "synced", None, None, local("2024-04", 2, 9)),
            ("st-01", "played", "2024-01", None, local("2024-01", 9, 5, 31)),
            ("st-01", "played", "2024-01", None, local("2024-01", 23, 5, 30)),
            ("st-01", "played", "2024-02", None, local("2024-02", 9, 5, 30)),
            ("st-01", "played", "2024-05", None, local("2024-05", 9, 6, 15)),  # 45 min late
            # st-02: only a failure, which counts for nothing.
            ("st-02", "failed", "2024-01", None, local("2024-01", 9, 5, 30)),
            # st-03: release 3 only; its later reports are after "as of".
            ("st-03", "synced", None, 3, local("2024-04", 5, 10)),
            ("st-03", "played", "2024-04", None, local("2024-04", 9, 5, 32)),
            ("st-03", "played", "2024-04", None, local("2024-04", 23, 5, 29)),
            ("st-03", "synced", None, 4, local("2024-05", 25, 10)),
            ("st-03", "played", "2024-05", None, local("2024-05", 23, 5, 30)),
            # st-99: not in settings; one play of April.
            ("st-99", "played", "2024-04", None, local("2024-04", 10, 5, 30)),
        ]
        for station, event, item, sequence, at in reports:
            s.add(PlayReportRow(report_id=str(uuid.uuid4()), station_id=station, event=event, item_id=item,
                             sha256=None, manifest_sequence=sequence, at=at, received_at=at, detail=""))


def _airing(station: str, month: str, starts_at: datetime) -> AiringRow:
    return AiringRow(month=month, item_id=month, station_id=station, starts_at=starts_at,
                  duration_s=EPISODES[month][0], priority="normal")


@pytest.fixture
def year_db(db: Engine) -> Engine:
    fill_year(db)
    return db
