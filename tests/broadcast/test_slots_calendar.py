"""Slots → airings (pure, injected dates) and the iCalendar text calendar apps read."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar

from radio.broadcast.calendar import calendar_bytes
from radio.broadcast.slots import plan_airings, slot_times, spread, validity
from radio.broadcast.stations import Slot, Station, UnitPeriod
from radio.core.month import Month

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def station(sid: str = "st-01", slots: tuple[Slot, ...] = (Slot(0, time(5, 30)), Slot(2, time(17, 0))),
            airings: int = 4) -> Station:
    return Station(sid, f"Đài {sid}", "ward", "21439", (UnitPeriod(date(2024, 1, 1), "phường A", "21439"),),
                   slots, VN, airings)


def test_validity_is_the_calendar_month_in_local_time() -> None:
    window = validity(Month(2024, 12), VN, None)
    assert window.start == datetime(2024, 12, 1, tzinfo=VN)
    assert window.end == datetime(2025, 1, 1, tzinfo=VN)
    assert window.start.astimezone(UTC) == datetime(2024, 11, 30, 17, tzinfo=UTC)
    assert validity(Month(2024, 2), VN, 45).end == datetime(2024, 3, 17, tzinfo=VN)


def test_slot_times_are_every_weekday_occurrence_in_the_window() -> None:
    times = slot_times(station(), validity(Month(2024, 5), VN, None))
    # May 2024: 4 Mondays (6, 13, 20, 27) and 5 Wednesdays (1, 8, 15, 22, 29).
    assert len(times) == 9
    assert times[0] == datetime(2024, 5, 1, 17, 0, tzinfo=VN)
    assert times[-1] == datetime(2024, 5, 29, 17, 0, tzinfo=VN)
    assert all(t.weekday() in (0, 2) for t in times)


def test_spread_picks_evenly_and_keeps_all_when_short() -> None:
    assert spread(list(range(10)), 2) == [2, 7]
    assert spread(list(range(3)), 5) == [0, 1, 2]
    assert spread(list(range(8)), 4) == [1, 3, 5, 7]


def test_plan_airings_per_station_count_and_not_before() -> None:
    window = validity(Month(2024, 5), VN, None)
    town = station("st-00", tuple(Slot(d, time(6)) for d in range(6)), airings=8)
    plans = plan_airings((town, station()), "2024-05", 750.0, window)
    assert [len(p.airings) for p in plans] == [8, 4]
    assert all(a.item_id == "2024-05" and a.priority == "normal" and a.duration_s == 750.0
               for p in plans for a in p.airings)
    late = plan_airings((station(),), "2024-05", 750.0, window,
                        not_before=datetime(2024, 5, 25, tzinfo=VN))[0]
    assert [a.starts_at.day for a in late.airings] == [27, 29]
    assert late.wanted == 4


def test_calendar_has_one_event_per_airing_with_time_zone() -> None:
    window = validity(Month(2024, 5), VN, None)
    st = station()
    airings = plan_airings((st,), "2024-05", 750.0, window)[0].airings
    data = calendar_bytes("Lịch phát", airings, {st.id: st}, {"2024-05": "Chuyên mục CCHC tháng 5"},
                          datetime(2024, 4, 28, tzinfo=UTC))
    assert b"BEGIN:VTIMEZONE" in data and b"TZID:Asia/Ho_Chi_Minh" in data
    cal = Calendar.from_ical(data)
    events = cal.walk("VEVENT")
    assert len(events) == 4
    first = events[0]
    assert first.decoded("dtstart") == airings[0].starts_at
    assert first.decoded("dtend") - first.decoded("dtstart") == timedelta(seconds=750)
    assert str(first["summary"]) == "Chuyên mục CCHC tháng 5 — Đài st-01"
    assert str(first["description"]) == "Trạm st-01, mức thường, thời lượng 12.5 phút"
    assert len({str(e["uid"]) for e in events}) == 4


def test_a_unit_programme_is_named_in_its_airings_events() -> None:
    window = validity(Month(2027, 1), VN, None)
    st = station()
    airings = plan_airings((st,), "2027-01", 766.0, window, unit="sa-huynh",
                           unit_name="phường Sa Huỳnh")[0].airings
    data = calendar_bytes("Lịch phát", airings, {st.id: st}, {"2027-01": "Chuyên mục CCHC tháng 1"},
                          datetime(2026, 12, 28, tzinfo=UTC))
    first = Calendar.from_ical(data).walk("VEVENT")[0]
    assert str(first["description"]) == ("Trạm st-01, chương trình của phường Sa Huỳnh, mức thường, "
                                         "thời lượng 12.8 phút")
