"""The report as titled tables of display strings, shared by the text, Markdown and HTML renderers."""

from __future__ import annotations

import re
from dataclasses import dataclass

from radio.report import wording as w
from radio.report.figures import Report

WINDOW_WORDS = {"ok": "đạt", "short": "ngắn", "long": "dài"}
_FIGURE = re.compile(r"^[-+\d.,/*]*$")


@dataclass(frozen=True)
class Section:
    key: str                             # stable anchor: totals, durations, topics, stations, ...
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    notes: tuple[str, ...] = ()


def title(report: Report) -> str:
    return f"Báo cáo thời lượng và phủ sóng chương trình CCHC {_period(report)}"


def empty_message(report: Report) -> str:
    """Said plainly when the period has nothing recorded, instead of a page of zeros."""
    return (f"Chưa có dữ liệu cho {_period(report)}: chưa có chương trình nào được sản xuất và chưa có lịch phát "
            f"hay báo cáo phát sóng nào (tính đến {w.moment(report.as_of)}). "
            "Hãy chạy `radio build` và `radio schedule` cho tháng cần báo cáo.")


def _period(report: Report) -> str:
    """'năm 2024' or 'tháng 5/2024'."""
    return f"năm {report.period}" if report.kind == "year" else f"tháng {w.month_long(report.period)}"


def sections(report: Report) -> tuple[Section, ...]:
    return (_totals(report), _durations(report), _topics(report), _station_matrix(report),
            _stations(report), _months(report), _emergencies(report))


def _emergencies(report: Report) -> Section:
    """Urgent items apart from the monthly programme: they are not airings of a slot."""
    rows = tuple(
        (e.title, "khẩn cấp" if e.priority == "emergency" else "ưu tiên", w.moment(e.valid_from),
         w.moment(e.valid_to), str(e.stations), str(e.stations_played))
        for e in report.emergencies)
    notes = () if rows else ("Không có tin khẩn cấp nào trong kỳ.",)
    return Section("emergencies", "Tin khẩn cấp và ưu tiên",
                   ("Tiêu đề", "Mức", "Hiệu lực từ", "Đến", "Số đài nhận", "Số đài đã phát"), rows, notes)


def _totals(report: Report) -> Section:
    t = report.totals
    rows = (
        ("Chương trình đã sản xuất", f"{t.programmes}/{len(report.months)}"),
        ("Tổng thời lượng chương trình (phút)", w.number(t.programme_minutes)),
        ("Chương trình đạt khung thời lượng", f"{t.programmes_in_window}/{t.programmes}"),
        ("Nhóm nội dung đã tuyên truyền", f"{t.topics_covered}/{t.topics_total}"),
        ("Đài có phát", f"{t.stations_aired}/{t.stations}"),
        ("Lượt phát theo lịch", str(t.scheduled)),
        ("Lượt đã phát (báo cáo của đài)", str(t.aired)),
        ("Lượt phát đúng lịch", str(t.on_time)),
        ("Lượt bỏ lỡ", str(t.missed)),
        ("Lượt sắp tới", str(t.upcoming)),
        ("Tổng thời lượng phát sóng (phút)", w.number(t.broadcast_minutes)),
        (f"Đài không đồng bộ quá {report.policy.stale_days} ngày", str(t.stations_stale)),
        ("Đài chưa đồng bộ lần nào", str(t.stations_never_synced)),
        ("Tin khẩn cấp, ưu tiên đã gửi", str(len(report.emergencies))),
    )
    return Section("totals", f"Tổng hợp (tính đến {w.moment(report.as_of)})", ("Chỉ tiêu", "Số liệu"), rows)


def _durations(report: Report) -> Section:
    p = report.policy
    rows = tuple(
        (w.month_long(e.month), w.number(e.duration_s / 60, 2), w.number(e.predicted_s / 60, 2),
         w.number(e.predicted_error_s), WINDOW_WORDS[e.window],
         w.number(e.loudness_lufs), w.number(e.loudness_delta_lu), "đạt" if e.loudness_ok else "lệch",
         w.number(e.true_peak_dbtp), "đạt" if e.true_peak_ok else "vượt")
        for e in report.episodes)
    notes = []
    if not report.episodes:
        notes.append("Chưa có chương trình nào được sản xuất trong kỳ.")
    if report.missing_months:
        notes.append(f"Tháng không có chương trình: {w.join(w.month_long(m) for m in report.missing_months)}.")
    if report.months_left:
        notes.append(f"Tháng chưa sản xuất (còn thời gian): {w.join(w.month_long(m) for m in report.months_left)}.")
    return Section(
        "durations",
        f"Thời lượng chương trình (khung {w.window(p.min_s, p.max_s)}; độ to {w.number(p.target_lufs)} LUFS "
        f"±{w.number(p.tolerance_lu)} LU; đỉnh ≤ {w.number(p.true_peak_max_dbtp)} dBTP)",
        ("Tháng", "Thực tế (phút)", "Dự kiến (phút)", "Chênh (giây)", "Khung",
         "Độ to (LUFS)", "Lệch (LU)", "Độ to", "Đỉnh (dBTP)", "Đỉnh"),
        rows, tuple(notes))


def _topics(report: Report) -> Section:
    rows = tuple(
        (str(f.topic_id), short(f.title), *(w.number(m) if m else "" for m in f.minutes),
         w.number(f.total_minutes) if f.covered else "chưa")
        for f in report.topics)
    notes: tuple[str, ...] = ()
    if report.uncovered_topics:
        left = (f"; còn {len(report.months_left)} tháng để bổ sung: "
                f"{w.join(w.month_long(m) for m in report.months_left)}") if report.months_left else \
            "; không còn tháng nào trong kỳ để bổ sung"
        notes = (f"Nội dung chưa tuyên truyền: số {w.join(str(i) for i in report.uncovered_topics)}{left}.",)
    return Section("topics", "Nội dung tuyên truyền (mục II Kế hoạch) theo tháng, số phút",
                   ("Số", "Nội dung", *(w.month_short(m) for m in report.months), "Tổng"), rows, notes)


def _station_matrix(report: Report) -> Section:
    """Each cell: aired/scheduled, with '*' when the station never pulled that month's file."""
    cells = {(c.station_id, c.month): c for c in report.cells}
    rows = []
    for s in report.stations:
        row = []
        for m in report.months:
            c = cells[s.station_id, m]
            row.append("" if not (c.scheduled or c.aired) else f"{c.aired}/{c.scheduled}{'' if c.pulled else '*'}")
        rows.append((s.name, *row))
    return Section("matrix", "Lượt đã phát / lượt theo lịch, theo đài và tháng",
                   ("Đài", *(w.month_short(m) for m in report.months)), tuple(rows),
                   ("* : đài chưa nhận (chưa đồng bộ) tệp chương trình của tháng đó.",))


def _stations(report: Report) -> Section:
    rows = tuple(
        (s.name, str(s.scheduled), str(s.months_pulled), str(s.aired), str(s.on_time), str(s.missed),
         str(s.upcoming), w.number(s.minutes),
         w.moment(s.last_synced) if s.last_synced else "chưa đồng bộ lần nào",
         "quá hạn" if s.stale else "")
        for s in report.stations)
    return Section("stations", "Các đài truyền thanh",
                   ("Đài", "Theo lịch", "Tháng đã nhận", "Đã phát", "Đúng lịch", "Bỏ lỡ", "Sắp tới",
                    "Phút phát", "Đồng bộ lần cuối", f"> {report.policy.stale_days} ngày"), rows)


def _months(report: Report) -> Section:
    rows = tuple(
        (w.month_long(m.month), "có" if m.programme else "không", str(m.scheduled), str(m.aired),
         str(m.on_time), str(m.missed), str(m.upcoming), w.number(m.minutes),
         str(m.stations_pulled), str(m.stations_aired))
        for m in report.month_totals)
    return Section("months", f"Toàn {report.policy.area} theo tháng",
                   ("Tháng", "Chương trình", "Theo lịch", "Đã phát", "Đúng lịch", "Bỏ lỡ", "Sắp tới",
                    "Phút phát", "Đài đã nhận", "Đài đã phát"), rows)


def short(text: str, limit: int = 60) -> str:
    """Plan titles run to paragraphs; tables show their opening words."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rsplit(" ", 1)[0] + "…"


def is_figure(cell: str) -> bool:
    """Cells of numbers (12,5 · 3/4 · 0/2*) are set flush right; words flush left."""
    return bool(_FIGURE.match(cell))
