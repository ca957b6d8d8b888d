"""Output is UTF-8 whatever the console's code page (a Windows PC's cp1252/cp1258, redirected)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from radio.cli import utf8_console

REPO = Path(__file__).resolve().parent.parent
_RADIO = [sys.executable, "-c", "from radio.cli import main; main(prog_name='radio')"]


def _legacy_code_page(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONIOENCODING": "cp1252", "RADIO_LANG": "vi",
            "RADIO_DB": f"sqlite:///{tmp_path / 'radio.db'}"}


@pytest.mark.slow
def test_radio_plan_prints_vietnamese_on_a_cp1252_console(tmp_path: Path) -> None:
    done = subprocess.run([*_RADIO, "plan", "2024"], cwd=REPO, env=_legacy_code_page(tmp_path),
                          capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    text = done.stdout.decode("utf-8")  # strict: the bytes are UTF-8, not cp1252 or '?'
    assert "Traceback" not in done.stderr.decode("utf-8", "replace")
    assert any(ord(char) > 0xFF for char in text)  # Vietnamese letters outside cp1252 came through


@pytest.mark.slow
def test_radio_report_redirected_to_a_file_is_utf8_on_a_cp1252_console(tmp_path: Path) -> None:
    out = tmp_path / "report.txt"
    with out.open("wb") as file:  # `radio report 2024 > report.txt`
        done = subprocess.run([*_RADIO, "report", "2024"], cwd=REPO, env=_legacy_code_page(tmp_path),
                              stdout=file, stderr=subprocess.PIPE, timeout=120)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert "Báo cáo" in out.read_bytes().decode("utf-8")


def test_only_text_streams_not_already_utf8_are_reconfigured(monkeypatch: pytest.MonkeyPatch) -> None:
    legacy = io.TextIOWrapper(io.BytesIO(), encoding="cp1252")
    monkeypatch.setattr(sys, "stdout", legacy)
    monkeypatch.setattr(sys, "stderr", None)  # pythonw on Windows has no console streams
    monkeypatch.setattr(sys, "stdin", io.StringIO("already text"))
    utf8_console()
    assert legacy.encoding == "utf-8"
    legacy.write("Ủy ban nhân dân")
    legacy.flush()
    assert legacy.buffer.getvalue().decode("utf-8") == "Ủy ban nhân dân"  # type: ignore[attr-defined]
