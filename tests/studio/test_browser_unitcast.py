"""In a real browser: the approver plays each unit's version of a month built per unit on the
review page. Screenshot: test-artefacts/studio/unitcast/review-units.png."""

from __future__ import annotations

from pathlib import Path

from tests.publish.units import UNITS
from tests.studio.test_browser import ARTEFACTS, Person, browser, studio_url  # noqa: F401 (fixtures)
from tests.studio.test_flows import fake_build
from tests.studio.test_units import add_variants

SHOTS = ARTEFACTS / "unitcast"


def test_the_approver_plays_each_units_version(app, workspace: Path, studio_url: str, browser) -> None:  # noqa: F811
    fake_build(app, workspace, "2024-05")
    add_variants(workspace, "2024-05")
    approver = Person(browser, studio_url, "approver")
    page = approver.open("/review/2024-05")
    players = page.locator("ul.units audio")
    assert players.count() == len(UNITS)
    for index, (name, _) in enumerate(UNITS.values()):
        assert name in page.locator("ul.units li").nth(index).inner_text()
        page.evaluate(f"document.querySelectorAll('ul.units audio')[{index}].play()")
        page.wait_for_function(
            f"(() => {{ const a = document.querySelectorAll('ul.units audio')[{index}];"
            " return a.readyState >= 1 && a.duration > 0.5 && a.currentTime > 0; })()", timeout=30_000)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "review-units.png"), full_page=False)
    approver.close()
