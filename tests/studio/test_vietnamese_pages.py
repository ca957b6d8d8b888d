"""Every page of the Studio, signed in as the admin over a lived-in database, reads in Vietnamese.

The routes come from the app itself (a page another branch adds is checked too); their path
parameters are filled from the fixture's data. Only the visible text is checked (tags, attributes,
scripts and `<code>`/`<pre>` literals removed); a word is English when it is written in plain ASCII
letters and cannot be a Vietnamese syllable, or is one of a few English words that could. Acronyms
(LUFS, MP3, CSV, UBND), ids, file names, addresses and the fixture's own names are allowed.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from sqlalchemy import select
from starlette.routing import Route
from starlette.testclient import TestClient

from radio.core import ffmpeg
from radio.core.hashing import file_sha256
from radio.store import plays
from radio.store import stations as station_store
from radio.store.db import transaction
from radio.store.tables import AiringRow, PlayReportRow, StationStatusRow
from radio.store.tables import EpisodeRow as Episode
from radio.studio import create_app
from radio.studio.auth import add_user
from tests.studio.conftest import PASSWORD, TEST_SECURITY, Clock, csrf_of
from tests.studio.test_flows import fake_build

# The office's accounts (the conftest's are named after the roles, which are English words).
ACCOUNTS = {"kythuat": "admin", "bientap": "editor", "lanhdao": "approver", "vanphong": "viewer"}
PUBLISHED, BUILT, EMPTY = "2024-05", "2024-03", "2024-09"

# Product names the office reads as names, and ASCII words of the interface that are Vietnamese.
ALLOWED = {"nguyenvana",  # the login example on the Users page
           "radio", "studio", "dbtp", "vneid", "piper", "google", "excel", "zalo", "ffmpeg", "minisign",
           "chromium", "ok"}
# English words that happen to be spelled like a Vietnamese syllable.
ENGLISH_SYLLABLES = {"the", "that", "not", "on", "at", "mon", "tue", "sat", "sun", "min", "than",
                     "hi", "go", "up", "can", "then", "thing", "long", "hang"}
_VIETNAMESE_SYLLABLE = re.compile(
    r"(ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|b|c|d|g|h|k|l|m|n|p|r|s|t|v|x)?"
    r"(uye|uya|oai|oay|oeo|uay|uoi|uou|ieu|yeu|ươi|[aeiouy]{1,2})"
    r"(ng|nh|ch|c|m|n|p|t)?"
)
_LITERAL_TAGS = {"script", "style", "code", "pre", "kbd", "samp", "textarea"}
_MACHINE_TOKENS = re.compile(
    r"\S*://\S*"  # addresses
    r"|\S+@\S+"  # e-mail
    r"|(?<!\w)/[\w/.{}-]*"  # paths
    r"|\S+\.(?:mp3|wav|m4a|toml|json|csv|xlsx|md|ics|xml|key|pub|txt|html|onnx|db)\b"  # files
    r"|\b[0-9a-f]{7,}\b"  # hashes
    r"|\S*_\S*"  # ids written with underscores (vi_VN-…)
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:vn|com|org|net)\b"  # web sites named in a source (dichvucong.gov.vn)
)


_FILE_PATH = re.compile(r"(?<![\w:/.])(?:/[\w.-]+){2,}")
_SLUG = re.compile(r"(?<![\w-])[a-z]+(?:-[a-z]+)+(?![\w-])")


class _Visible(HTMLParser):
    """The text a reader sees: no tags, attributes, scripts or machine literals."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _LITERAL_TAGS:
            self._hidden += 1
        elif tag in {"br", "p", "div", "td", "th", "li", "option", "tr", "h1", "h2", "h3"}:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _LITERAL_TAGS and self._hidden:
            self._hidden -= 1
        self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def visible_text(page: str) -> str:
    parser = _Visible()
    parser.feed(page)
    return html.unescape("".join(parser.parts))


def english_words(text: str, names: set[str]) -> list[str]:
    """The English words of `text`, in order; `names` are the fixture's ids and accounts."""
    for name in sorted(names, key=len, reverse=True):
        text = re.sub(rf"(?<![\w-]){re.escape(name)}(?![\w-])", " ", text)
    found = [f"path:{p}" for p in _FILE_PATH.findall(text)]  # a path on the centre's disk
    text = _MACHINE_TOKENS.sub(" ", text)
    found += [f"id:{s}" for s in _SLUG.findall(text)]  # an id where a name belongs (duc-pho)
    for word in re.findall(r"[^\W\d_]+", text):
        if not word.isascii() or len(word) < 2 or word.isupper() or word.lower() in ALLOWED:
            continue
        lower = word.lower()
        if lower in ENGLISH_SYLLABLES or not _VIETNAMESE_SYLLABLE.fullmatch(lower):
            found.append(word)
    return found


def test_the_checker_tells_english_from_vietnamese_without_marks() -> None:
    names = {"st-03", "kythuat"}
    assert english_words("Thanh tra xin chao ban UBND st-03 kythuat LUFS MP3 episode.mp3", names) == []
    assert english_words("Speaking 17 segments with gtts", names) == ["Speaking", "segments", "with", "gtts"]
    assert english_words("Mon Wed Fri 05:30 · espeak · jingle · 02-greeting", names) == [
        "Mon", "Wed", "Fri", "espeak", "jingle", "greeting"]
    assert visible_text('<a title="build">Dựng</a><code>radio build</code>') == "Dựng  "


# ---------------------------------------------------------------- the lived-in Studio


@pytest.fixture
def office(workspace: Path) -> Iterator[tuple[object, TestClient, Clock]]:
    clock = Clock(datetime(2024, 4, 28, 3, 0, tzinfo=UTC))
    app = create_app(workspace / "schedule.toml", clock, TEST_SECURITY)
    engine = app.state.studio.engine
    for name, role in ACCOUNTS.items():
        add_user(engine, name, role, PASSWORD, clock())
    with TestClient(app, raise_server_exceptions=False, follow_redirects=False) as client:
        yield app, client, clock
    engine.dispose()


def _sign_in(client: TestClient, name: str) -> str:
    client.cookies.clear()
    token = csrf_of(client.get("/login").text)
    answer = client.post("/login", data={"name": name, "password": PASSWORD, "csrf": token, "next": "/"})
    assert answer.status_code == 303, answer.text
    return csrf_of(client.get("/", follow_redirects=True).text)


def _post(client: TestClient, path: str, **data: object) -> None:
    answer = client.post(path, data=data)
    assert answer.status_code in (200, 303), (path, answer.status_code, answer.text[:1000])


def _live(app, client: TestClient, clock: Clock, workspace: Path) -> None:
    """Built, returned, approved, scheduled, published months; stations reporting; an emergency;
    a failed login; slots edited — what a year of the office leaves in the database."""
    _build(app, workspace, PUBLISHED, "a" * 64)
    _build(app, workspace, BUILT, "c" * 64)
    token = csrf_of(client.get("/login").text)  # a mistyped password: a login-failed entry
    client.post("/login", data={"name": "lanhdao", "password": "sai", "csrf": token, "next": "/"})
    token = _sign_in(client, "bientap")
    _post(client, f"/month/{PUBLISHED}/submit", csrf=token)
    _post(client, f"/month/{BUILT}/submit", csrf=token)
    token = _sign_in(client, "lanhdao")
    _post(client, f"/review/{BUILT}", csrf=token, decision="return", script="c" * 64, comment="Sửa tin 2")
    _post(client, f"/review/{PUBLISHED}", csrf=token, decision="approve", script="a" * 64)
    token = _sign_in(client, "kythuat")
    _post(client, "/keys", csrf=token)
    _post(client, f"/schedule/{PUBLISHED}", csrf=token)
    confirm = re.search(r'name="confirm" value="([^"]+)"', client.get(f"/publish/{PUBLISHED}").text)
    assert confirm, "the publish page offers no confirmation"
    _post(client, f"/publish/{PUBLISHED}", csrf=token, confirm=confirm[1])
    _post(client, "/slots", csrf=token, station="st-03", month=PUBLISHED,
          **{"days-0": ["0", "2", "4"], "time-0": "05:45"})
    mp3 = workspace / "bao.mp3"
    ffmpeg.run(["-y", "-f", "lavfi", "-i", "sine=frequency=600:duration=3", "-c:a", "libmp3lame", str(mp3)])
    for title in ("Bão số 4", "Lũ quét"):  # one heard and sent, one prepared and waiting
        answer = client.post(
            "/emergency",
            data={"csrf": token, "title": title, "to": ["sa-huynh"], "hours": "12"},
            files={"file": ("bao.mp3", mp3.read_bytes(), "audio/mpeg")},
        )
        assert answer.status_code == 303 and "/emergency/" in answer.headers["location"], answer.text[:1000]
    _post(client, answer.headers["location"] + "/send", csrf=token)
    clock.advance(days=5)
    _reports(app, clock)


def _build(app, workspace: Path, month: str, script: str) -> None:
    """fake_build, with the record naming the MP3's real digest so that the month can be published."""
    fake_build(app, workspace, month, script=script)
    folder = workspace / "episodes" / month
    digest = file_sha256(folder / "episode.mp3")
    facts = json.loads((folder / "build.json").read_text(encoding="utf-8"))
    (folder / "build.json").write_text(json.dumps(facts | {"sha256": digest}), encoding="utf-8")
    with transaction(app.state.studio.engine) as session:
        for row in session.scalars(select(Episode).where(Episode.month == month)):
            row.sha256 = digest


def _reports(app, clock: Clock) -> None:
    """Stations that synced and aired May's programme, one that went quiet, one with problems."""
    engine = app.state.studio.engine
    with transaction(engine) as session:
        airings = session.scalars(select(AiringRow).where(AiringRow.month == PUBLISHED)).all()
    stations = sorted({a.station_id for a in airings})
    now = clock()
    with transaction(engine) as session:
        for number, station in enumerate(stations):
            seen = now - (timedelta(days=3) if number == 1 else timedelta(minutes=10))
            station_store.save_status(session, StationStatusRow(
                station_id=station, received_at=seen, station_clock=seen, clock_offset_s=0.4,
                agent_version="0.9", held_sequence=1, newest_sequence=2, items=2, items_held=1 + (number != 2),
                items_verified=1, next_airing=now + timedelta(days=1), next_airing_held=number != 2,
                free_disk_bytes=(50 if number == 2 else 5000) * 1024 * 1024,
                problems=["disk low"] if number == 2 else []))
            plays.add_report(session, PlayReportRow(
                report_id=f"sync-{station}", station_id=station, event="synced", item_id=None, sha256=None,
                manifest_sequence=1, at=seen, received_at=seen, detail=""))
            for airing in [a for a in airings if a.station_id == station and a.starts_at < now][:3]:
                plays.add_report(session, PlayReportRow(
                    report_id=f"play-{station}-{airing.id}", station_id=station, event="played",
                    item_id=airing.item_id, sha256="b" * 64, manifest_sequence=1, at=airing.starts_at,
                    received_at=seen, detail="", played_s=airing.duration_s,
                    ended_at=airing.starts_at + timedelta(seconds=airing.duration_s), outcome="completed"))


def _values(app, workspace: Path) -> dict[str, list[str]]:
    """What each path parameter of a page can be, from the fixture's data."""
    settings = app.state.studio.settings()
    stations = [s.id for s in settings.network.stations]
    groups = sorted({g for s in settings.network.stations for g in getattr(s, "groups", ())})
    return {
        "month": [PUBLISHED, BUILT, EMPTY, "2024-07", "2027-01"],
        "year": ["2024", "2027"],
        "period": ["2024", PUBLISHED],
        "fmt": ["html"],
        "code": ["vi"],
        "segment": ["01-greeting"],
        "name": list(ACCOUNTS),
        "user": list(ACCOUNTS),
        "station": stations[:2],
        "station_id": stations[:2],
        "group": groups[:1],
        "sequence": ["1", "2"],
        "release": ["1", "2"],
        "unit": [key for key, _ in settings.network.groups][:1],
        "draft": sorted(p.name for p in (workspace / ".radio" / "emergency-drafts").glob("*") if p.is_dir()),
    }


def _pages(app, values: dict[str, list[str]]) -> list[str]:
    paths = []
    for route in app.routes:
        if not isinstance(route, Route) or "GET" not in (route.methods or ()):
            continue
        names = re.findall(r"\{(\w+)(?::\w+)?\}", route.path)
        missing = [n for n in names if not values.get(n)]
        assert not missing, f"{route.path}: add example values for {missing} to _values()"
        filled = [route.path]
        for name in names:
            filled = [re.sub(rf"\{{{name}(?::\w+)?\}}", value, p, count=1)
                      for p in filled for value in values[name]]
        paths += filled
    return paths


def test_every_studio_page_reads_in_vietnamese(workspace: Path, office) -> None:
    app, client, clock = office
    _live(app, client, clock, workspace)
    settings = app.state.studio.settings()
    names = {s.id for s in settings.network.stations} | set(ACCOUNTS)
    problems: dict[str, list[str]] = {}
    opened: set[str] = set()
    paths = _pages(app, _values(app, workspace))
    for account in ("kythuat", "lanhdao"):  # the admin, then the approver for the editing pages
        _sign_in(client, account)
        for path in paths:
            answer = client.get(path)
            if answer.status_code == 403 or answer.status_code in (301, 302, 303, 307):
                continue
            opened.add(path)
            if not answer.headers.get("content-type", "").startswith("text/html"):
                continue
            words = english_words(visible_text(answer.text), names)
            if words:
                problems[f"{path} ({answer.status_code}, {account})"] = sorted(set(words))
    assert len(opened) >= 20
    assert not problems, "English on the Studio's pages:\n" + "\n".join(
        f"  {path}: {' '.join(words)}" for path, words in problems.items())


def test_every_voice_has_a_vietnamese_label() -> None:
    from radio.core.i18n import translate
    from radio.core.progress import VOICE_LABELS
    from radio.speech.kinds import Voice

    assert set(VOICE_LABELS) == set(Voice)
    for label in VOICE_LABELS.values():
        assert english_words(translate("vi", label), set()) == [], label
