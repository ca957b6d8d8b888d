"""Progress events: one value per step, rendered as a bar on a terminal and plain lines in a log."""

from __future__ import annotations

import io

from radio.cli.progress import ConsoleReporter
from radio.core.i18n import N_, Text
from radio.core.progress import Collect, Compiling, Encoding, SegmentSpoken, Warned


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _run(stream: io.StringIO, language: str) -> str:
    reporter = ConsoleReporter(stream, language)
    reporter.emit(Compiling())
    for done in range(1, 13):
        reporter.emit(SegmentSpoken(done, 12))
    reporter.emit(Warned(Text.of(N_("{month}: speaks of another year as the present — {line}"),
                                 month="2024-05", line="tin-1")))
    reporter.emit(Encoding())
    return stream.getvalue()


def test_a_log_gets_plain_lines_and_no_carriage_returns() -> None:
    log = _run(io.StringIO(), "vi")
    assert "\r" not in log
    assert log.splitlines() == [
        "• Đang soạn kịch bản",
        "  Đã đọc 10/12 đoạn",
        "  Đã đọc 12/12 đoạn",
        "• Cảnh báo: 2024-05: nói về một năm khác như thể là năm hiện tại — tin-1",
        "• Đang mã hóa và đo tệp MP3",
    ]


def test_a_terminal_gets_one_line_redrawn_as_a_bar() -> None:
    shown = _run(_Terminal(), "en")
    assert shown.count("\r") == 12 and "[########################] Spoken 12 of 12\n" in shown
    assert "\r  [##......................] Spoken 1 of 12" in shown
    assert shown.endswith("• Warning: 2024-05: speaks of another year as the present — tin-1\n"
                          "• Encoding and measuring the MP3\n")


def test_events_are_values() -> None:
    events = Collect()
    events.emit(SegmentSpoken(1, 2))
    assert events.events == [SegmentSpoken(1, 2)] and SegmentSpoken(1, 2) != SegmentSpoken(2, 2)
