"""A station set up from the Studio in a real browser (Debian's chromium driven by Playwright).

The admin creates the signing key, copies the public key with the copy button (read back from the
clipboard), creates st-02's report token and opens its printable set-up sheet; the sheet's
`radio station init` line is run as printed in a subprocess against a `radio serve` server, the
station syncs, and the stations page shows it online under its current name with its clock, disk
and version. The Studio and the station run on the real clock (December 2026: xã Phổ An is
phường Trà Câu). Screenshots go to test-artefacts/studio/stationsui/.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from radio.core.month import Month
from radio.lifecycle.emergency import signing_key
from radio.publish.approval import approve
from radio.publish.publisher import publish
from tests.publish.network import build_month, schedule_month
from tests.studio.test_browser import ARTEFACTS, Person, browser, studio_url  # noqa: F401 (fixtures)

SHOTS = ARTEFACTS / "stationsui"


class RealClock:
    """The machine's clock: the station subprocess cannot share a test's frozen one."""

    def __call__(self) -> datetime:
        return datetime.now(UTC)

    def advance(self, **delta: float) -> None:
        raise AssertionError("the real clock cannot be moved")


@pytest.fixture
def clock() -> RealClock:  # replaces conftest's frozen clock for this module's app
    return RealClock()


@pytest.fixture
def centre(app, workspace: Path) -> Iterator[str]:
    """`radio serve` on a free port, and schedule.toml's centre_url pointing at it (the sheet's)."""
    from radio.server.http import make_server

    studio = app.state.studio
    server = make_server("127.0.0.1", 0, studio.settings().network.publish_dir, studio.engine, RealClock())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    settings = workspace / "schedule.toml"
    settings.write_text(re.sub(r'(?m)^centre_url = "[^"]*"', f'centre_url = "{url}"',
                               settings.read_text(encoding="utf-8")), encoding="utf-8")
    yield url
    server.shutdown()
    server.server_close()


def _release(app, now: datetime) -> str:
    """This month built (a stand-in MP3), approved, scheduled and published as release 1."""
    studio = app.state.studio
    settings = studio.settings()
    month = Month(now.astimezone(settings.network.timezone).year, now.astimezone(settings.network.timezone).month)
    episode = build_month(studio.engine, settings, str(month))
    approve(studio.engine, str(month), episode.script_sha256, "lanhdao", now)
    schedule_month(studio.engine, settings, str(month))
    publish(studio.engine, settings, signing_key(settings.network), now, month)
    return str(month)


@pytest.mark.slow
def test_a_station_set_up_from_its_printed_sheet(
        app, workspace: Path, centre: str, tmp_path: Path,
        studio_url: str, browser) -> None:  # noqa: F811 (test_browser's fixtures, imported)
    SHOTS.mkdir(parents=True, exist_ok=True)
    network = app.state.studio.settings().network
    admin = Person(browser, studio_url, "admin")
    admin.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=studio_url)

    admin.open("/publish")
    admin.page.click("text=Tạo khóa ký")
    admin.page.wait_for_load_state()
    assert "/stations" in admin.page.url  # where the public key is shown
    public = network.public_key.read_text(encoding="utf-8").splitlines()[-1].strip()
    assert admin.page.inner_text("#public-key") == public
    admin.page.click("button.copy")
    admin.page.wait_for_function("document.querySelector('.copied').textContent.length > 0")
    assert admin.page.inner_text(".copied") == "Đã sao chép"
    assert admin.page.evaluate("navigator.clipboard.readText()") == public
    admin.shot("stationsui/01-public-key", full=False)

    month = _release(app, datetime.now(UTC))

    row = admin.page.locator("#st-st-02")
    assert "Đài truyền thanh phường Trà Câu (xã Phổ An cũ)" in row.locator("td.name").inner_text()
    row.locator("button.token").click()
    admin.page.wait_for_selector("#setup-sheet")
    token = admin.page.inner_text("#sheet-token")
    line = admin.page.inner_text("#init-line")
    assert f"--token {token}" in line and f"--centre {centre}" in line and public in line
    admin.shot("stationsui/02-sheet-with-token")
    admin.page.emulate_media(media="print")
    admin.shot("stationsui/03-sheet-printed")
    admin.page.emulate_media(media="screen")

    # The technician types the line as printed, on the station's computer.
    station_dir = tmp_path / "station-st-02"
    station_dir.mkdir()
    argv = shlex.split(line)
    assert argv[:3] == ["radio", "station", "init"]
    radio = Path(sys.executable).with_name("radio")
    done = subprocess.run([str(radio), *argv[1:]], cwd=station_dir, capture_output=True, text=True,
                          timeout=180, env={**os.environ, "RADIO_LANG": "vi"})
    assert done.returncode == 0, done.stdout + done.stderr
    assert (station_dir / "station.toml").is_file() and any((station_dir / "station-data").rglob("*"))
    assert "st-02" in done.stdout

    admin.open("/stations")
    row = admin.page.locator("#st-st-02")
    assert "trực tuyến" in row.locator("td.state").inner_text()
    assert row.locator("td.release").inner_text().strip() == "1 ✓"
    assert row.locator("td.audio").inner_text().strip() == "có"
    assert re.fullmatch(r"[+-]\d+ s", row.locator("td.clock").inner_text().strip())
    assert row.locator("td.disk").inner_text().strip().endswith("GB")
    assert row.locator("td.version").inner_text().strip() not in ("", "—")
    assert re.search(r"\d\d/\d\d/\d{4} \d\d:\d\d", row.locator("td.seen").inner_text())
    admin.page.locator("#st-st-02").scroll_into_view_if_needed()
    admin.shot("stationsui/04-stations-online")
    admin.open("/stations?show=offline")
    assert admin.page.locator("#st-st-02").count() == 0 and admin.page.locator("#st-st-03").count() == 1
    admin.shot("stationsui/05-filter-offline", full=False)

    # Printed later, the sheet hides the token.
    admin.open("/stations/st-02/sheet")
    assert admin.page.locator("#sheet-token-hidden").count() == 1 and token not in admin.page.content()
    admin.shot("stationsui/06-sheet-token-hidden")
    assert month
    admin.close()
