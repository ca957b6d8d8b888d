"""One path for words: the commands speak Vietnamese by default (English with --lang en), from
catalogs read with the standard library's gettext, and no English sentence slips through."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from radio.core import i18n
from radio.core.errors import RadioError
from radio.core.i18n import Text
from radio.core.progress import Compiling, EngineSwitched, SegmentSpoken, Speaking
from radio.studio.builds import BuildJob

# English words that Vietnamese output never holds as words of its own ("to" and "no" are also
# Vietnamese words, so they are not here); the technical terms people keep in Vietnamese (LUFS,
# MP3, dBTP, file names, commands) are not among them.
ENGLISH = re.compile(r"\b(the|is|are|was|of|and|with|from|not|for|this|that|built|"
                     r"segments?|station|stations|month|topics?|duration|loudness|peak|error|"
                     r"warning|speaking|spoken|report|airings?|missed|never|offline|online)\b",
                     re.IGNORECASE)
# Paths, commands and option names in the output are the user's, not sentences
_NOT_PROSE = re.compile(r"(`[^`]*`|\S*[/\\]\S*|--[\w-]+|\[[\w.]+\][\w.]*|\S+\.(toml|mp3|md|json|wav))")


def english_left(output: str) -> list[str]:
    """Pieces of `output` that are English: a catalog sentence shown untranslated, or English
    words outside paths and commands."""
    found = []
    catalog = i18n.catalog("vi")
    for msgid, translation in catalog.items():
        if translation == msgid:
            continue
        for piece in re.split(r"\{[^}]*\}", msgid):
            piece = piece.strip(" .:;,()")
            if len(piece) >= 12 and " " in piece and piece not in translation and piece in output:
                found.append(piece)
    prose = _NOT_PROSE.sub(" ", output)
    found += [match.group(0) for match in ENGLISH.finditer(prose)]
    return found


@pytest.fixture
def vietnamese(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RADIO_LANG", raising=False)  # the default, as a user runs it


def both(result: Result) -> str:
    return result.stdout + result.stderr


@pytest.mark.usefixtures("vietnamese")
def test_commands_speak_vietnamese_by_default_and_english_on_request(
        radio: Callable[..., Result], workspace: Path) -> None:
    built = radio("build", "2024-05", "--engine", "espeak")
    assert built.exit_code == 0, both(built)
    assert "Đã dựng xong" in built.stdout and "độ lớn:" in built.stdout
    assert "\r" not in built.stderr  # not a terminal: plain lines, no carriage returns in a log
    assert "Đang đọc" in built.stderr and "Đã đọc" in built.stderr
    runs = {
        "build": both(built),
        "unchanged": both(radio("build", "2024-05", "--engine", "espeak")),
        "plan": both(radio("plan", "2026")),
        "stations": both(radio("stations")),
        "check": both(radio("check", str(workspace / "episodes" / "2024-05" / "episode.mp3"))),
        "report": both(radio("report", "2024-05")),
        "bad month": both(radio("build", "2024-13")),
        "bad period": both(radio("report", "20x4")),
        "missing file": both(radio("check", str(workspace / "missing.mp3"))),
        "not built": both(radio("approve", "2024-06", "--by", "Nguyễn Văn A")),
        "not approved": both(radio("publish", "2024-05")),
    }
    assert "Tháng 2024-06 chưa được dựng" in runs["not built"]
    assert "không có tệp này" in runs["missing file"]
    assert "Không có thay đổi" in runs["unchanged"]
    assert "Lỗi: `MONTH`: '2024-13': không phải là tháng" in runs["bad month"]
    for name, output in runs.items():
        assert not english_left(output), f"radio {name}: English left {english_left(output)}\n{output}"

    english = radio("--lang", "en", "plan", "2026")
    assert english.exit_code == 0 and "Topic plan 2026" in english.stdout
    error = radio("--lang", "en", "build", "2024-13")
    assert error.exit_code == 2 and "Error: `MONTH`: '2024-13': not a month" in error.stderr


def test_radio_lang_chooses_english(radio: Callable[..., Result],
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RADIO_LANG", "en")
    assert "not a month" in radio("build", "2024-13").stderr
    monkeypatch.setenv("RADIO_LANG", "vi")
    assert "không phải là tháng" in radio("build", "2024-13").stderr
    monkeypatch.setenv("LANG", "en_US.UTF-8")  # the machine's locale does not turn radio English
    monkeypatch.delenv("RADIO_LANG")
    assert "không phải là tháng" in radio("build", "2024-13").stderr


def test_the_studios_build_progress_is_vietnamese_whatever_the_engine_prints() -> None:
    job = BuildJob("2024-05", "editor", None)  # type: ignore[arg-type]
    reason = Text.of("Google TTS after {attempts} attempts: {problem}", attempts=5, problem="429")
    for event in (Compiling(), Speaking(17, "gtts vi", 600.0, "gtts"), SegmentSpoken(3, 17),
                  EngineSwitched("gtts", "espeak", "HTTPError: 429 Too Many Requests", reason)):
        job.emit(event)
    job.failure = RadioError("No engine could speak the whole programme ({reasons}); the last good "
                             "episode is untouched", reasons="piper: went away").text
    snapshot = job.snapshot("vi")
    assert snapshot["messages"] == [
        "Đang soạn kịch bản",
        "Đang đọc 17 đoạn bằng giọng Google (trực tuyến) (dự kiến 10:00)",
        "giọng Google (trực tuyến) lỗi giữa chừng; đọc lại toàn bộ chương trình bằng giọng máy "
        f"(chi tiết: {reason.in_language('vi')})",
    ]
    assert (snapshot["done"], snapshot["total"]) == (3, 17)
    assert str(snapshot["error"]).startswith("Không bộ đọc nào đọc được trọn chương trình")
    assert job.snapshot("en")["messages"][0] == "Compiling the script"


def test_errors_and_texts_carry_their_message_and_values() -> None:
    err = RadioError("month {text!r}: {month:02d} is not a month (01 to 12)", text="2024-13", month=13)
    assert str(err) == "month '2024-13': 13 is not a month (01 to 12)"
    assert err.in_language("vi") == "tháng '2024-13': 13 không phải là tháng (từ 01 đến 12)"
    assert str(RadioError("a {brace} in finished text")) == "a {brace} in finished text"
    loud = Text.of("  loudness: {lufs:.1f} LUFS integrated", lufs=-16.04)
    assert (loud.in_language("vi"), str(loud)) == ("  độ lớn: -16,0 LUFS (tích hợp)",
                                                   "  loudness: -16.0 LUFS integrated")


def test_one_number_style_everywhere() -> None:
    from radio.report import wording

    assert i18n.number(12.0) == wording.number(12.0) == "12"
    assert i18n.number(12.5, 1, "en") == "12.5" and i18n.number(-0.04) == "0"


def test_every_catalog_message_has_its_vietnamese() -> None:
    from babel.messages.pofile import read_po

    for language in i18n.LANGUAGES:
        path = i18n.LOCALE_DIR / language / "LC_MESSAGES" / "radio.po"
        with path.open("rb") as handle:
            messages = [m for m in read_po(handle, locale=language) if m.id]
        if language == "vi":
            missing = [m.id for m in messages if not m.string or m.fuzzy]
            assert not missing, f"translate these in {path}: {missing}"
            for m in messages:  # a translation keeps every {field} of its message
                fields = set(re.findall(r"\{[^}]*\}", str(m.id)))
                assert fields == set(re.findall(r"\{[^}]*\}", str(m.string))), m.id


def test_the_compiled_catalogs_match_their_po_files() -> None:
    """The programs read the .mo; after editing a .po, run scripts/compile-catalogs."""
    from babel.messages.pofile import read_po

    for language in i18n.LANGUAGES:
        with (i18n.LOCALE_DIR / language / "LC_MESSAGES" / "radio.po").open("rb") as handle:
            wanted = {str(m.id): str(m.string) for m in read_po(handle, locale=language)
                      if m.id and m.string and not m.fuzzy}
        assert i18n.catalog(language) == wanted, \
            f"{language}: radio.mo is stale; run scripts/compile-catalogs and commit the .mo"


def test_a_station_reads_the_catalogs_without_babel() -> None:
    code = ("import sys; from radio.core import i18n; from radio.core.errors import RadioError; "
            "import radio.station; assert i18n.gettext('vi', 'Sign in') == 'Đăng nhập'; "
            "assert RadioError('Error: {message}', message='x').in_language('vi') == 'Lỗi: x'; "
            "assert 'babel' not in sys.modules, 'babel imported'")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
