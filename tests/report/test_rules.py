"""The matching, pulling and wording rules, on hand-made facts (no database)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from radio.core.month import Month
from radio.report import wording as w
from radio.report.data import AiringFact, PlayFact, PublicationFact, ReportData, SyncFact
from radio.report.figures import match_airings, pulled

UTC = UTC
T0 = datetime(2024, 5, 9, 22, 30, tzinfo=UTC)
TOL = timedelta(minutes=30)


def airing(offset_h: float) -> AiringFact:
    return AiringFact("2024-05", "2024-05", "st-01", T0 + timedelta(hours=offset_h), 700)


def play(offset_min: float) -> PlayFact:
    return PlayFact("st-01", "2024-05", T0 + timedelta(minutes=offset_min))


def test_a_play_report_matches_one_airing_within_the_tolerance() -> None:
    # Two airings 12 h apart; one report exactly at the edge, one 31 min late for the second.
    scheduled = [airing(0), airing(12)]
    assert match_airings(scheduled, [play(30), play(12 * 60 + 31)], T0 + timedelta(days=1), TOL) == (1, 1, 0)
    # One report cannot stand for two airings.
    assert match_airings([airing(0), airing(0.1)], [play(3)], T0 + timedelta(days=1), TOL) == (1, 1, 0)


def test_an_unmatched_airing_is_upcoming_until_its_tolerance_has_passed() -> None:
    assert match_airings([airing(0)], [], T0 + timedelta(minutes=29), TOL) == (0, 0, 1)
    assert match_airings([airing(0)], [], T0 + timedelta(minutes=31), TOL) == (0, 1, 0)


def data(syncs: list[SyncFact], publications: list[PublicationFact]) -> ReportData:
    return ReportData((Month(2024, 5),), T0, (), (), (), (), (), tuple(syncs), tuple(publications))


def test_pulled_by_sequence_or_by_a_sequence_less_sync_after_publication() -> None:
    release = PublicationFact(4, T0, ("2024-04", "2024-05"))
    other = PublicationFact(3, T0 - timedelta(days=30), ("2024-04",))
    by_sequence = data([SyncFact("st-01", 4, T0 - timedelta(days=99))], [other, release])
    assert pulled("st-01", "2024-05", by_sequence)          # the sequence decides, not the time
    assert not pulled("st-02", "2024-05", by_sequence)
    old_release = data([SyncFact("st-01", 3, T0 + timedelta(days=1))], [other, release])
    assert not pulled("st-01", "2024-05", old_release)      # a later sync of an older manifest
    assert pulled("st-01", "2024-05", data([SyncFact("st-01", None, T0)], [release]))
    assert not pulled("st-01", "2024-05", data([SyncFact("st-01", None, T0 - timedelta(seconds=1))], [release]))
    assert not pulled("st-01", "2024-05", data([SyncFact("st-01", None, T0)], []))


def test_vietnamese_numbers_and_lists() -> None:
    assert [w.number(12.5), w.number(12.0), w.number(1234.56, 2), w.number(-0.5), w.number(3, 0)] == \
        ["12,5", "12", "1.234,56", "-0,5", "3"]
    assert w.join(["1", "2", "3"]) == "1, 2 và 3" and w.join(["1"]) == "1"
    assert w.months_list(["2024-03", "2024-11"]) == "tháng 3 và 11"


def test_a_figure_that_rounds_to_zero_is_never_negative_zero() -> None:
    assert [w.number(-0.04), w.number(-0.4, 0), w.number(-0.05), w.number(-1234.5, 0)] == \
        ["0", "0", "-0,1", "-1.234"]
    assert w.window(600, 900) == "10–15 phút" and w.window(570, 930) == "9,5–15,5 phút"


def test_broadcast_minutes_are_what_the_station_measured_not_the_programme_length() -> None:
    from radio.report.figures import broadcast_seconds

    length = 756.0  # a 12.6-minute programme
    assert broadcast_seconds(PlayFact("st-01", "2024-05", T0, seconds=0.05), length) == 0.05  # exited at once
    assert broadcast_seconds(PlayFact("st-01", "2024-05", T0, seconds=300.0, complete=False), length) == 300.0
    assert broadcast_seconds(PlayFact("st-01", "2024-05", T0, seconds=900.0), length) == length  # capped
    assert broadcast_seconds(PlayFact("st-01", "2024-05", T0), length) == length  # an older station
