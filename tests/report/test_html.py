"""The HTML report is one self-contained file, and a real headless Chromium renders its charts and tables."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from matplotlib.image import imread
from sqlalchemy import Engine

from radio.report import make_report
from radio.report.narrative import narrative
from radio.report.render_html import render_html
from tests.report.conftest import AS_OF, POLICY, STATIONS

# Injected into a copy of the report (the report itself carries no script): records load errors,
# then on load measures every chart image and table and lists any resource fetched from outside.
PROBE = """<script>
window.__errors = [];
addEventListener('error', e => __errors.push(String(e.message || (e.target && e.target.src) || e.type)), true);
addEventListener('load', () => {
  const box = el => el.getBoundingClientRect();
  const images = [...document.querySelectorAll('figure img')].map(i => ({
    id: i.parentElement.id, complete: i.complete, natural: i.naturalWidth, width: box(i).width,
    height: box(i).height}));
  const tables = [...document.querySelectorAll('table')].map(t => ({
    section: t.closest('section').id, rows: t.rows.length, width: box(t).width}));
  const fetched = performance.getEntriesByType('resource').map(r => r.name)
    .filter(n => !n.startsWith('data:'));
  const probe = document.createElement('pre');
  probe.id = 'probe';
  probe.textContent = JSON.stringify({images, tables, fetched, errors: __errors});
  document.body.appendChild(probe);
});
</script>"""


def chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.skip("chromium is not installed (apt-get install chromium): the browser check is skipped")
    return path


def run_chromium(browser: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
         "--window-size=1200,2600", *args],
        capture_output=True, text=True, timeout=120, check=True)


@pytest.fixture
def html(year_db: Engine) -> str:
    report = make_report(year_db, "2024", STATIONS, POLICY, AS_OF)
    return render_html(report, narrative(report, "Trung tâm", "Chuyên mục"))


def test_the_html_file_needs_nothing_from_outside(html: str) -> None:
    outside = re.sub(r'src="data:image/svg\+xml;base64,[A-Za-z0-9+/=]+"', "", html)
    assert "http" not in outside and "<script" not in outside and "<link" not in outside
    assert outside.count("<figure") == 3 and outside.count("<table") == 6
    assert "Chưa thực hiện được" in outside and "Tóm tắt" in outside


@pytest.mark.slow
def test_chromium_renders_the_charts_and_tables(html: str, tmp_path: Path) -> None:
    browser = chromium()
    page = tmp_path / "bao-cao.html"
    page.write_text(html.replace("<head>", "<head>" + PROBE, 1), encoding="utf-8")
    dom = run_chromium(browser, tmp_path / "profile", "--dump-dom", page.as_uri()).stdout
    probe = re.search(r'<pre id="probe">(.*?)</pre>', dom, re.S)
    assert probe, "the page did not finish loading in Chromium"
    found = json.loads(probe[1].replace("&quot;", '"').replace("&amp;", "&"))
    assert found["errors"] == [] and found["fetched"] == []
    assert [i["id"] for i in found["images"]] == ["chart-durations", "chart-topics", "chart-stations"]
    for image in found["images"]:  # decoded (natural width) and laid out with a real size
        assert image["complete"] and image["natural"] > 200 and image["width"] > 200 and image["height"] > 100, image
    rows = {t["section"]: t["rows"] for t in found["tables"]}
    assert rows == {"totals": 15, "durations": 5, "topics": 12, "matrix": 6, "stations": 6, "months": 13}
    assert all(t["width"] > 100 for t in found["tables"])


def test_chromium_draws_coloured_charts(html: str, tmp_path: Path) -> None:
    browser = chromium()
    page = tmp_path / "bao-cao.html"
    page.write_text(html, encoding="utf-8")
    shot = tmp_path / "shot.png"
    run_chromium(browser, tmp_path / "profile", f"--screenshot={shot}", page.as_uri())
    pixels = imread(shot)[..., :3]
    red, green, blue = pixels[..., 0], pixels[..., 1], pixels[..., 2]
    # Only the charts are coloured: the green heat-map cells and the red out-of-window bar.
    assert ((green > red + 0.15) & (green > blue + 0.15)).sum() > 5000
    assert ((red > green + 0.3) & (red > blue + 0.3)).sum() > 1000
