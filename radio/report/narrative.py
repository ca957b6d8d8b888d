"""The year report's Vietnamese narrative, worded for pasting into the office's official report."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from radio.report import wording as w
from radio.report.figures import Report


@dataclass(frozen=True)
class Narrative:
    paragraphs: tuple[str, ...]
    not_done: tuple[str, ...]  # what was not done, one sentence each


def narrative(report: Report, centre: str, programme: str) -> Narrative:
    """What was made, aired, where and on which topics; then what is still missing."""
    return Narrative(_paragraphs(report, centre, programme), _not_done(report))


def _paragraphs(report: Report, centre: str, programme: str) -> tuple[str, ...]:
    t, p = report.totals, report.policy
    window = w.window(p.min_s, p.max_s)
    if not t.programmes:
        made = (f"Năm {report.period}, {centre} chưa sản xuất chương trình “{programme}” nào "
                "(chưa có chương trình nào được ghi nhận trong cơ sở dữ liệu).")
    else:
        made = (f"Năm {report.period}, {centre} đã sản xuất {t.programmes}/{len(report.months)} chương trình "
                f"“{programme}” ({w.months_list([e.month for e in report.episodes])}), tổng thời lượng "
                f"{w.number(t.programme_minutes)} phút, bình quân "
                f"{w.number(t.programme_minutes / t.programmes)} phút/chương trình; "
                f"{t.programmes_in_window}/{t.programmes} chương trình đạt thời lượng {window} theo Kế hoạch.")
    past = t.on_time + t.missed
    aired = (f"Chương trình được phát trên hệ thống truyền thanh của {t.stations_aired}/{t.stations} đài "
             f"({p.area}) với tổng số {t.aired} lượt phát, tổng thời lượng phát sóng "
             f"{w.number(t.broadcast_minutes)} phút")
    aired += f"; {t.on_time}/{past} lượt theo lịch đã qua được phát đúng giờ." if past else "."
    covered = [f for f in report.topics if f.covered]
    if covered:
        most = max(covered, key=lambda f: f.total_minutes)
        topics = (f"Nội dung tuyên truyền đã đề cập {t.topics_covered}/{t.topics_total} nhóm nội dung tại "
                  f"mục II của Kế hoạch (nội dung số {w.join(str(f.topic_id) for f in covered)}); "
                  f"nhiều nhất là nội dung số {most.topic_id} với {w.number(most.total_minutes)} phút.")
    else:
        topics = f"Chưa có nhóm nội dung nào trong {t.topics_total} nhóm tại mục II của Kế hoạch được tuyên truyền."
    return made, aired, topics, f"(Số liệu tính đến ngày {w.date(report.as_of)}.)"


def _not_done(report: Report) -> tuple[str, ...]:
    p = report.policy
    lines = []
    if report.missing_months:
        lines.append(f"Chưa sản xuất chương trình {w.months_list(report.missing_months)}.")
    if report.uncovered_topics:
        left = (f"; còn {len(report.months_left)} tháng để bổ sung ({w.months_list(report.months_left)})"
                if report.months_left else "; không còn tháng nào trong năm để bổ sung")
        lines.append(f"Chưa tuyên truyền nội dung số {w.join(str(i) for i in report.uncovered_topics)} "
                     f"của mục II Kế hoạch{left}.")
    for e in report.episodes:
        if e.window != "ok":
            minutes = w.number(e.duration_s / 60)
            lines.append(f"Chương trình tháng {w.month_long(e.month)} có thời lượng {minutes} phút, "
                         f"ngoài khung {w.window(p.min_s, p.max_s)}.")
        if not e.loudness_ok:
            lines.append(f"Chương trình tháng {w.month_long(e.month)} có độ to {w.number(e.loudness_lufs)} LUFS, "
                         f"lệch quá ±{w.number(p.tolerance_lu)} LU so với mức {w.number(p.target_lufs)} LUFS.")
        if not e.true_peak_ok:
            lines.append(f"Chương trình tháng {w.month_long(e.month)} có đỉnh {w.number(e.true_peak_dbtp)} dBTP, "
                         f"vượt mức {w.number(p.true_peak_max_dbtp)} dBTP.")
    silent = [s.name for s in report.stations if not s.aired]
    if silent:
        lines.append(f"Chưa có lượt phát nào được báo cáo tại: {w.join(silent)}.")
    missed = [f"{s.name} ({s.missed})" for s in report.stations if s.missed]
    if missed:
        lines.append(f"{report.totals.missed} lượt phát theo lịch không có báo cáo đã phát: {w.join(missed)}.")
    stale = [f"{s.name} (lần cuối {w.date(s.last_synced)})"
             for s in report.stations if s.stale and s.last_synced]
    if stale:
        lines.append(f"Đài không đồng bộ quá {p.stale_days} ngày: {w.join(stale)}.")
    never = [s.name for s in report.stations if s.never_synced]
    if never:
        lines.append(f"Đài chưa đồng bộ lần nào: {w.join(never)}.")
    return tuple(lines)


def month_summary(report: Report, programme: str, approved_by: str = "",
                  approved_at: datetime | None = None) -> str:
    """A month report as one paragraph to paste: title, length, stations aired N/M, minutes, and
    who approved it when (`approved_at` in the report's local time)."""
    month = w.month_long(report.period)
    if not report.episodes:
        return (f"Tháng {month}, chưa có chương trình “{programme}” nào được sản xuất "
                f"(số liệu tính đến ngày {w.date(report.as_of)}).")
    e, t = report.episodes[0], report.totals
    text = (f"Chương trình “{programme}” tháng {month} “{e.title}”, thời lượng {w.number(e.duration_s / 60)} "
            f"phút, đã được phát trên hệ thống truyền thanh của {t.stations_aired}/{t.stations} đài "
            f"({report.policy.area}) với {t.aired} lượt phát, tổng thời lượng phát sóng "
            f"{w.number(t.broadcast_minutes)} phút")
    past = t.on_time + t.missed
    text += f"; {t.on_time}/{past} lượt theo lịch đã qua được phát đúng giờ." if past else "."
    if approved_by and approved_at is not None:
        text += f" Chương trình do {approved_by} duyệt lúc {approved_at:%H:%M} ngày {w.date(approved_at)}."
    return text + f" (Số liệu tính đến ngày {w.date(report.as_of)}.)"
