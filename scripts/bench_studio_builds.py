#!/usr/bin/env python3
"""The Studio's build and edit-to-listen timings (run by ./scripts/bench-studio after the pages).

Offline (every web request refused at once by a proxy on a closed local port, so Google TTS fails
as it does without internet and nothing leaves the machine), espeak-ng as the voice (no natural
voice installed): a whole build of 2024-05 from the Studio (POST /build, poll its progress) against
`radio build 2024-05` in a fresh process, each with an empty cache; then a one-word reading fix as
an editor makes it (POST /lexicon, POST /build) until the changed segment's own audio plays
(GET /audio/<month>/<segment> with the new take), and until the whole build is done.
Goals (issue 23): the Studio's build ≤ 1.2× the CLI's; the fix heard within 3 s.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
MONTH = "2024-05"
PASSWORD = "mat-khau-bench"
_OFFLINE = {"HTTPS_PROXY": "http://127.0.0.1:9", "HTTP_PROXY": "http://127.0.0.1:9", "NO_PROXY": ""}


def _workspace(root: Path) -> Path:
    root.mkdir(parents=True)
    shutil.copy(REPO / "schedule.toml", root / "schedule.toml")
    shutil.copytree(REPO / "episodes", root / "episodes",
                    ignore=shutil.ignore_patterns("*.mp3", "build.json", "script.md"))
    return root / "schedule.toml"


def _cpu() -> float:
    """CPU seconds of this process and its finished children (ffmpeg, the CLI's build): on a
    machine shared with other work the steadier measure. 0 where `resource` is missing."""
    try:
        import resource
    except ImportError:  # Windows
        return 0.0
    own, children = (resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _cli_build(config: Path) -> float:
    env = {**os.environ, **_OFFLINE, "RADIO_DB": f"sqlite:///{config.parent / 'radio.db'}"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "from radio.cli import main; main()",
                    "--config", str(config), "build", MONTH],
                   check=True, capture_output=True, env=env, timeout=30 * 60)
    return time.perf_counter() - start


def _signed_in(app):  # type: ignore[no-untyped-def]
    from starlette.testclient import TestClient

    from radio.studio.auth import add_user

    add_user(app.state.studio.engine, "editor", "editor", PASSWORD, app.state.studio.clock())
    client = TestClient(app, base_url="http://127.0.0.1", follow_redirects=False)
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text)[1]  # type: ignore[index]
    client.post("/login", data={"name": "editor", "password": PASSWORD, "csrf": token})
    csrf = re.search(r'name="csrf" value="([^"]+)"', client.get(f"/build/{MONTH}").text)[1]  # type: ignore[index]
    return client, csrf


def _studio_build(client, csrf: str, until=None, start: float | None = None
                  ) -> tuple[float, dict, float | None]:  # type: ignore[no-untyped-def]
    """Seconds from `start` (default: POST /build) to the finished build; with `until(job)`,
    also to when it first held."""
    start = time.perf_counter() if start is None else start
    client.post(f"/build/{MONTH}", data={"csrf": csrf})
    seen = None
    while True:
        job = client.get(f"/build/{MONTH}/progress").json()
        if seen is None and until is not None and until(job):
            seen = time.perf_counter() - start
        if job["finished"]:
            return time.perf_counter() - start, job, seen
        time.sleep(0.05)


def _one_segment_word(folder: Path) -> tuple[str, str]:
    """A capitalised word (an acronym, what an editor fixes) spoken in exactly one segment."""
    facts = json.loads((folder / "build.json").read_text(encoding="utf-8"))
    where: Counter[str] = Counter()
    first: dict[str, str] = {}
    for segment in facts["segments"]:
        for word in set(re.findall(r"\b[A-ZĐ]{2,}\b", segment.get("text") or "")):
            where[word] += 1
            first.setdefault(word, segment["id"])
    word = next(w for w, n in where.items() if n == 1)
    return word, first[word]


def build_timings() -> None:
    """Print the Studio's build figures (see the module's docstring)."""
    from radio.studio import create_app
    from radio.studio.guard import Security, allowed_hosts

    with tempfile.TemporaryDirectory(prefix="bench-studio-builds-") as temp:
        cpu = _cpu()
        cli_s = _cli_build(_workspace(Path(temp) / "cli"))
        cli_cpu = _cpu() - cpu
        config = _workspace(Path(temp) / "studio")
        os.environ.update(_OFFLINE)
        os.environ["RADIO_DB"] = f"sqlite:///{config.parent / 'radio.db'}"
        app = create_app(config, security=Security(allowed_hosts("127.0.0.1", ())))
        client, csrf = _signed_in(app)
        with client:
            cpu = _cpu()
            whole_s, job, _ = _studio_build(client, csrf)
            whole_cpu = _cpu() - cpu
            if job["error"]:
                sys.exit(f"the Studio's build failed: {job['error']}")
            word, segment = _one_segment_word(config.parent / "episodes" / MONTH)
            take = config.parent / ".radio" / "cache" / "takes" / MONTH / f"{segment}.wav"
            before = take.read_bytes()
            start, cpu = time.perf_counter(), _cpu()
            client.post("/lexicon", data={"csrf": csrf, "month": MONTH, "written": word,
                                          "reading": "chữ viết tắt đã sửa"})

            def heard(job: dict) -> bool:
                if segment not in job.get("changed", []):
                    return False
                answer = client.get(f"/audio/{MONTH}/{segment}")
                return answer.status_code == 200 and answer.content != before

            fix_s, fixed, heard_s = _studio_build(client, csrf, heard, start)
            fix_cpu = _cpu() - cpu
    print(f"\nStudio builds of {MONTH} offline (espeak-ng; Google refused at once), empty caches")
    print(f"  radio build (CLI, fresh process) {cli_s:7.2f} s")
    print(f"  Studio build (POST /build → finished) {whole_s:7.2f} s   Studio / CLI "
          f"{whole_s / cli_s:4.2f}×   (goal ≤ 1.2×)")
    print(f"  one-word reading fix ({word!r} in {segment}): lexicon + build → its audio playing "
          + (f"{heard_s:5.2f} s   (goal ≤ 3 s)" if heard_s is not None
             else "never (the segment was not re-spoken)"))
    print(f"  ... and the whole programme rebuilt {fix_s:5.2f} s   "
          f"(segments spoken afresh: {', '.join(fixed.get('changed', [])) or 'none'})")
    print(f"  CPU seconds (ffmpeg included): CLI build {cli_cpu:.2f}, Studio build {whole_cpu:.2f} "
          f"({whole_cpu / max(cli_cpu, 1e-9):4.2f}×), reading fix to the end of its build {fix_cpu:.2f}")


if __name__ == "__main__":
    if "--builds-only" not in sys.argv[1:]:  # the pages first (scripts/bench_studio.py), as before
        subprocess.run([sys.executable, str(REPO / "scripts" / "bench_studio.py"), *sys.argv[1:]],
                       check=True)
    build_timings()
