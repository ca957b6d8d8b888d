"""Readable outputs: the Vietnamese narrative, empty periods said plainly, and the `radio report` command."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine

from radio.cli import main
from radio.report import FORMATS, make_report, renderer
from radio.report.narrative import narrative
from tests.report.conftest import AS_OF, POLICY, STATIONS

REPO = Path(__file__).resolve().parents[2]


def test_the_year_narrative_gives_the_numbers_and_what_was_not_done(year_db: Engine) -> None:
    report = make_report(year_db, "2024", STATIONS, POLICY, AS_OF)
    story = narrative(report, "Trung tâm Truyền thông – Văn hóa – Thể thao thị xã Đức Phổ",
                      "Chuyên mục Cải cách hành chính")
    text = " ".join(story.paragraphs)
    for phrase in ("đã sản xuất 4/12 chương trình", "(tháng 1, 2, 4 và 5)", "tổng thời lượng 51,3 phút",
                   "2/4 chương trình đạt thời lượng 10–15 phút", "4/5 đài", "23 lượt phát",
                   "296,7 phút", "20/32 lượt", "6/11 nhóm nội dung", "nội dung số 1, 3, 5, 6, 10 và 11",
                   "20/05/2024"):
        assert phrase in text, phrase
    not_done = "\n".join(story.not_done)
    for phrase in ("Chưa sản xuất chương trình tháng 3.", "nội dung số 2, 4, 7, 8 và 9",
                   "còn 7 tháng để bổ sung", "tháng 2/2024 có thời lượng 9,5 phút",
                   "tháng 5/2024 có thời lượng 15,8 phút", "-18 LUFS", "-0,5 dBTP",
                   "Chưa có lượt phát nào được báo cáo tại: Phổ An.",
                   "12 lượt phát theo lịch không có báo cáo đã phát: Nguyễn Nghiêm (4), Phổ An (7) và Phổ Phong (1)",
                   "Đài chưa đồng bộ lần nào: Phổ An và st-99", "Nguyễn Nghiêm (lần cuối 02/04/2024)"):
        assert phrase in not_done, phrase
    assert "Đài thị xã" not in not_done  # the station that did everything is not blamed


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_an_empty_database_is_said_plainly_in_every_format(db: Engine, fmt: str) -> None:
    report = make_report(db, "2024", STATIONS, POLICY, AS_OF)
    assert report.empty
    out = renderer(fmt)(report, narrative(report, "Trung tâm", "Chuyên mục"))
    if fmt == "json":
        doc = json.loads(out)
        assert doc["empty"] is True and doc["totals"]["programmes"] == 0
        assert doc["missing_months"] == ["2024-01", "2024-02", "2024-03", "2024-04"]
    elif fmt == "csv":
        assert "Tổng hợp,,,,,Số chương trình đã sản xuất,0" in out.splitlines()
    else:
        assert "Chưa có dữ liệu cho năm 2024" in out


def test_a_year_without_programmes_says_so(year_db: Engine) -> None:
    report = make_report(year_db, "2023", STATIONS, POLICY, AS_OF)
    assert report.empty and report.missing_months == tuple(f"2023-{m:02d}" for m in range(1, 13))
    assert "Chưa có dữ liệu cho năm 2023" in renderer("text")(report, None)
    story = narrative(report, "Trung tâm", "Chuyên mục")
    assert "chưa sản xuất chương trình “Chuyên mục” nào" in story.paragraphs[0]
    assert "Chưa sản xuất chương trình tháng 1, 2, 3" in story.not_done[0]


def test_text_and_markdown_show_the_tables(year_db: Engine) -> None:
    report = make_report(year_db, "2024", STATIONS, POLICY, AS_OF)
    text = renderer("text")(report, None)
    assert "Phổ An         0/2*  0/2*" in text and "Tổng thời lượng phát sóng (phút)       296,7" in text
    md = renderer("md")(report, None)
    assert "| Nguyễn Nghiêm | 2/2 | 1/2 |   | 0/2 | 1/2 |" in md
    assert "| 2/2024 | 9,5 | 10 | -30 | ngắn | -18 | -2 | lệch | -0,5 | vượt |" in md


@pytest.fixture
def project(tmp_path: Path, db_url: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The shipped schedule.toml (16 stations) in a scratch folder, on the test database."""
    shutil.copy(REPO / "schedule.toml", tmp_path / "schedule.toml")
    monkeypatch.setenv("RADIO_DB", db_url)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_command_writes_the_report_file_and_a_summary(project: Path, year_db: Engine) -> None:
    out = project / "out" / "bao-cao-2024.json"
    out.parent.mkdir()
    result = CliRunner().invoke(main, ["report", "2024", "--format", "json", "-o", str(out),
                                       "--as-of", "2024-05-20T12:00", "--stale-days", "60"])
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["totals"]["aired"] == 23 and doc["totals"]["programmes"] == 4
    # The shipped network has 16 stations; st-99 reported too. With 60 days, st-01 and st-03 are fresh.
    assert doc["totals"]["stations"] == 17 and doc["policy"]["stale_days"] == 60
    # The window, targets and zone come from schedule.toml.
    assert {k: doc["policy"][k] for k in ("min_s", "max_s", "target_lufs", "tz")} == \
        {"min_s": 600.0, "max_s": 900.0, "target_lufs": -16.0, "tz": "Asia/Ho_Chi_Minh"}
    assert {s["station_id"] for s in doc["stations"] if s["last_synced"] and not s["stale"]} == \
        {"st-00", "st-01", "st-03"}
    assert doc["totals"]["stations_stale"] == 0 and doc["totals"]["stations_never_synced"] == 14
    assert doc["narrative"]["paragraphs"][0].startswith("Năm 2024, Trung tâm Truyền thông")
    assert [p.name for p in out.parent.iterdir()] == ["bao-cao-2024.json"]  # no temporary left
    assert "Report 2024 (json)" in result.output and "4 programme(s), 23 airing(s)" in result.output


def test_the_command_prints_a_month_as_text(project: Path, year_db: Engine) -> None:
    result = CliRunner().invoke(main, ["--lang", "vi", "report", "2024-05", "--as-of", "2024-05-20"])
    assert result.exit_code == 0, result.output
    assert "Báo cáo thời lượng và phủ sóng chương trình CCHC tháng 5/2024" in result.output
    assert "Tóm tắt" not in result.output  # the narrative belongs to the year report
    english = CliRunner().invoke(main, ["--lang", "en", "report", "2024-05", "--as-of", "2024-05-20"])
    assert "Duration and coverage report of the CCHC programme, month 5/2024" in english.output
    assert "Airings aired (stations' reports)" in english.output


@pytest.mark.parametrize("args, message, code", [
    (["report", "24"], "`PERIOD`: '24': write a year (2024) or a month (2024-05)", 2),
    (["report", "2024-13"], "`PERIOD`: '2024-13': write a year", 2),
    (["report", "2024", "--as-of", "yesterday"], "--as-of 'yesterday': give a local date", 1),
])
def test_bad_input_is_one_clear_line(project: Path, db: Engine, monkeypatch: pytest.MonkeyPatch,
                                     args: list[str], message: str, code: int) -> None:
    monkeypatch.setenv("RADIO_LANG", "en")
    result = CliRunner().invoke(main, args)
    assert result.exit_code == code
    assert message in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("fmt, start", [("html", "<!DOCTYPE html>"), ("md", "# Báo cáo"),
                                        ("csv", "\ufeffPhần,Tháng,Mã đài"), ("text", "Báo cáo")])
def test_the_command_writes_each_format(project: Path, year_db: Engine, fmt: str, start: str) -> None:
    out = project / f"report.{fmt}"
    out.write_text("old", encoding="utf-8")  # replaced whole
    result = CliRunner().invoke(main, ["--lang", "vi", "report", "2024", "--format", fmt, "-o", str(out),
                                       "--as-of", "2024-05-20"])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith(start)
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".")) == []


@pytest.mark.slow
def test_only_the_html_report_loads_matplotlib() -> None:
    # A fresh interpreter: this test process may already hold matplotlib from other tests.
    code = ("import sys\n"
            "from radio.cli.report import report\n"
            "from radio.report import FORMATS, renderer\n"
            "[renderer(f) for f in FORMATS if f != 'html']\n"
            "assert 'matplotlib' not in sys.modules, 'loaded without html'\n"
            "renderer('html')\n"
            "assert 'matplotlib' in sys.modules\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stderr


def test_as_of_a_date_means_the_end_of_that_day() -> None:
    from zoneinfo import ZoneInfo

    from radio.cli.report import _as_of

    zone = ZoneInfo("Asia/Ho_Chi_Minh")
    assert _as_of("2024-11-25", zone) == datetime(2024, 11, 25, 23, 59, 59, tzinfo=zone)
    assert _as_of("2024-11-25T17:00", zone) == datetime(2024, 11, 25, 17, 0, tzinfo=zone)


def test_the_workbook_holds_the_tables_in_vietnamese_with_numbers(project: Path, year_db: Engine) -> None:
    from openpyxl import load_workbook

    out, book_path = project / "report.txt", project / "bao-cao.xlsx"
    result = CliRunner().invoke(main, ["--lang", "vi", "report", "2024", "-o", str(out), "--xlsx", str(book_path),
                                       "--as-of", "2024-05-20"])
    assert result.exit_code == 0, result.output
    book = load_workbook(book_path)
    assert book.sheetnames == ["Tóm tắt", "Tổng hợp", "Thời lượng", "Nội dung", "Lượt phát theo đài", "Đài",
                               "Theo tháng", "Khẩn cấp"]
    assert "Báo cáo" in book["Tóm tắt"]["A1"].value and "đã sản xuất" in book["Tóm tắt"]["A2"].value
    stations = book["Đài"]
    headers = [c.value for c in stations[2]]
    assert headers[:4] == ["Đài", "Theo lịch", "Tháng đã nhận", "Đã phát"]
    rows = {r[0]: r for r in stations.iter_rows(min_row=3, values_only=True)}
    town = rows["Đài Truyền thanh thị xã Đức Phổ"]
    assert town[1:5] == (16, 4, 16, 15) and isinstance(town[7], float)  # numbers, not "205,3"
    assert rows["Đài truyền thanh xã Phổ An"][8] == "chưa đồng bộ lần nào"
    totals = {r[0]: r[1] for r in book["Tổng hợp"].iter_rows(min_row=3, values_only=True)}
    assert totals["Tổng thời lượng phát sóng (phút)"] == 296.7
    words = " ".join(str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row if v)
    for english in ("pulled", "true", "false", "section", "station_id"):
        assert english not in words.split()
