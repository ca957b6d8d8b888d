"""The approver hears each unit's version of a month built per unit, on the review page."""

from __future__ import annotations

import json
from pathlib import Path

from starlette.testclient import TestClient

from tests.publish.units import UNITS, sha256_of, tagged_mp3
from tests.studio.conftest import sign_in
from tests.studio.test_flows import fake_build


def add_variants(workspace: Path, month: str) -> dict[str, Path]:
    """Add each unit's MP3 to the month's build.json, as a build per unit lists them."""
    folder = workspace / "episodes" / month
    path = folder / "build.json"
    facts = json.loads(path.read_text(encoding="utf-8"))
    files = {}
    facts["variants"] = []
    for i, (unit, (name, stations)) in enumerate(UNITS.items()):
        mp3 = tagged_mp3(folder / f"{month}-{unit}.mp3", f"T — {name}", 500 + 100 * i)
        files[unit] = mp3
        facts["variants"].append({"unit": unit, "unit_name": name, "file": mp3.name,
                                  "sha256": sha256_of(mp3), "duration": 750.0 + i, "stations": list(stations)})
    path.write_text(json.dumps(facts, ensure_ascii=False), encoding="utf-8")
    return files


def test_the_review_page_plays_each_units_version(app, client: TestClient, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    fake_build(app, workspace, "2024-05")
    files = add_variants(workspace, "2024-05")
    sign_in(client, "approver")
    page = client.get("/review/2024-05")
    assert page.status_code == 200
    assert "Chương trình từng đơn vị nghe:" in page.text
    for unit, mp3 in files.items():
        assert f'src="/audio/2024-05/unit/{unit}?v={sha256_of(mp3)[:12]}"' in page.text
        assert UNITS[unit][0] in page.text
        heard = client.get(f"/audio/2024-05/unit/{unit}")
        assert heard.status_code == 200 and heard.content == mp3.read_bytes()
    assert client.get("/audio/2024-05/unit/tra-cau").status_code == 404  # no such unit this month
    assert client.get("/audio/2024-05/unit/..%2Fepisode").status_code == 404


def test_a_one_programme_month_has_one_player(app, client: TestClient, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    fake_build(app, workspace, "2024-05")
    sign_in(client, "approver")
    page = client.get("/review/2024-05")
    assert page.status_code == 200 and "/unit/" not in page.text and page.text.count("<audio") == 1
