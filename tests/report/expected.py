"""Every figure of the 2024 report on the recorded year of conftest.py, worked out by hand.

Programme lengths: January 12 min, February 9.5, April 14, May 950 s = 15.8333 min.
"""

from __future__ import annotations

MONTHS = [f"2024-{m:02d}" for m in range(1, 13)]

EPISODES = {
    # month: duration_s, predicted_s, error_s, window, LUFS, delta, loudness ok, dBTP, peak ok
    "2024-01": (720.0, 700.0, 20.0, "ok", -16.2, -0.2, True, -1.5, True),
    "2024-02": (570.0, 600.0, -30.0, "short", -18.0, -2.0, False, -0.5, False),
    "2024-04": (840.0, 800.0, 40.0, "ok", -15.5, 0.5, True, -1.2, True),
    "2024-05": (950.0, 880.0, 70.0, "long", -16.0, 0.0, True, -1.0, True),
}
MONTH_STATUS = {"2024-01": "built", "2024-02": "built", "2024-03": "missing", "2024-04": "built",
                "2024-05": "built", **{m: "left" for m in MONTHS[5:]}}

# topic: {month: minutes}; every other (topic, month) is 0 and topics 2, 4, 7, 8, 9 are uncovered.
TOPIC_MINUTES = {1: {"2024-01": 5.0}, 3: {"2024-05": 8.33}, 5: {"2024-01": 4.0, "2024-02": 3.33},
                 6: {"2024-02": 4.17, "2024-04": 6.67}, 10: {"2024-05": 5.0}, 11: {"2024-04": 5.0}}
TOPIC_TOTALS = {1: 5.0, 3: 8.33, 5: 7.33, 6: 10.83, 10: 5.0, 11: 5.0}

# (station, month): scheduled, pulled, aired, on_time, missed, upcoming, minutes; others all zero/False
CELLS = {
    ("st-00", "2024-01"): (4, True, 4, 4, 0, 0, 48.0),
    ("st-00", "2024-02"): (4, True, 4, 4, 0, 0, 38.0),
    ("st-00", "2024-04"): (4, True, 4, 4, 0, 0, 56.0),
    ("st-00", "2024-05"): (4, True, 4, 3, 0, 1, 63.33),
    ("st-01", "2024-01"): (2, True, 2, 2, 0, 0, 24.0),
    ("st-01", "2024-02"): (2, True, 1, 1, 1, 0, 9.5),
    ("st-01", "2024-04"): (2, True, 0, 0, 2, 0, 0.0),
    ("st-01", "2024-05"): (2, True, 1, 0, 1, 1, 15.83),
    ("st-02", "2024-01"): (2, False, 0, 0, 2, 0, 0.0),
    ("st-02", "2024-02"): (2, False, 0, 0, 2, 0, 0.0),
    ("st-02", "2024-04"): (2, False, 0, 0, 2, 0, 0.0),
    ("st-02", "2024-05"): (2, False, 0, 0, 1, 1, 0.0),
    ("st-03", "2024-02"): (0, True, 0, 0, 0, 0, 0.0),   # release 3 listed February too
    ("st-03", "2024-04"): (2, True, 2, 2, 0, 0, 28.0),
    ("st-03", "2024-05"): (2, False, 0, 0, 1, 1, 0.0),
    ("st-99", "2024-04"): (0, True, 1, 0, 0, 0, 14.0),
}
STATION_ORDER = ["st-00", "st-01", "st-02", "st-03", "st-99"]
# station: name, scheduled, aired, on_time, missed, upcoming, minutes, months_pulled,
#          last_synced (local), days_since_sync, stale, never_synced
STATIONS = {
    "st-00": ("Đài thị xã", 16, 16, 15, 0, 1, 205.33, 4, "2024-05-19T08:00:00+07:00", 1.2, False, False),
    "st-01": ("Nguyễn Nghiêm", 8, 4, 3, 4, 1, 49.33, 4, "2024-04-02T09:00:00+07:00", 48.1, True, False),
    "st-02": ("Phổ An", 8, 0, 0, 7, 1, 0.0, 0, None, None, False, True),  # never synced: not "stale"
    "st-03": ("Phổ Phong", 4, 2, 2, 1, 1, 28.0, 2, "2024-04-05T10:00:00+07:00", 45.1, True, False),
    "st-99": ("st-99", 0, 1, 0, 0, 0, 14.0, 1, None, None, False, True),
}
# month: programme, scheduled, aired, on_time, missed, upcoming, minutes, stations_pulled, stations_aired
MONTH_TOTALS = {
    "2024-01": (True, 8, 6, 6, 2, 0, 72.0, 2, 2),
    "2024-02": (True, 8, 5, 5, 3, 0, 47.5, 3, 2),
    "2024-04": (True, 10, 7, 6, 4, 0, 98.0, 4, 3),
    "2024-05": (True, 10, 5, 3, 3, 4, 79.17, 2, 2),
}
TOTALS = {"programmes": 4, "programme_minutes": 51.33, "programmes_in_window": 2, "stations": 5,
          "stations_aired": 4, "stations_stale": 2, "scheduled": 36, "aired": 23, "on_time": 20,
          "missed": 12, "upcoming": 4, "broadcast_minutes": 296.67, "topics_covered": 6,
          "topics_total": 11, "stations_never_synced": 2}

CELL_FIELDS = ("scheduled", "pulled", "aired", "on_time", "missed", "upcoming", "minutes")
STATION_FIELDS = ("name", "scheduled", "aired", "on_time", "missed", "upcoming", "minutes",
                  "months_pulled", "last_synced", "days_since_sync", "stale", "never_synced")
MONTH_FIELDS = ("programme", "scheduled", "aired", "on_time", "missed", "upcoming", "minutes",
                "stations_pulled", "stations_aired")
EPISODE_FIELDS = ("duration_s", "predicted_s", "predicted_error_s", "window", "loudness_lufs",
                  "loudness_delta_lu", "loudness_ok", "true_peak_dbtp", "true_peak_ok")


def cell(station: str, month: str) -> dict[str, object]:
    return dict(zip(CELL_FIELDS, CELLS.get((station, month), (0, False, 0, 0, 0, 0, 0.0)), strict=True))


def month_total(month: str) -> dict[str, object]:
    return dict(zip(MONTH_FIELDS, MONTH_TOTALS.get(month, (False, 0, 0, 0, 0, 0, 0.0, 0, 0)), strict=True))


def topic_minutes(topic: int, month: str) -> float:
    return TOPIC_MINUTES.get(topic, {}).get(month, 0.0)
