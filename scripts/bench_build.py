"""Measure cold build, warm rebuild and the encode floor of one month, in one run.

Each build runs in a fresh process (as a user runs it) in a scratch copy of the settings and
inputs; the figures are wall-clock seconds and peak resident memory of that process.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
_TIMEOUT_S = 30 * 60  # one cold build of a month on a slow PC is a few minutes; a hang is not a figure

_CHILD = """
import json, sys
from pathlib import Path
from radio.pipeline.build import build_month
from radio.config import load_settings
from radio.core.month import Month
result = build_month(Month.parse(sys.argv[2]), load_settings(Path(sys.argv[1])), mode="espeak")
try:
    import resource  # POSIX only; Linux reports ru_maxrss in KiB
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
except ImportError:  # Windows: peak memory is not measured
    rss_mb = None
print(json.dumps({"duration_s": result.facts.duration_s,
                  "cached": result.cached_segments,
                  "rss_mb": rss_mb}))
"""

_ASSEMBLED = """
import sys
from pathlib import Path
from radio.pipeline.build import assemble_month
from radio.config import load_settings
from radio.core.month import Month
from radio.reading import Normalizer
from radio.speech.speaker import Speaker
settings = load_settings(Path(sys.argv[1]))
speaker = Speaker(settings.speech, settings.reading, settings.audio.sample_rate, "espeak")
_, _, programme = assemble_month(Month.parse(sys.argv[2]), settings, speaker,
                                 Normalizer(settings.reading).read, lambda _message: None)
programme.audio().export(sys.argv[3], format="wav")
"""


def timed(command: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, timeout=_TIMEOUT_S)
    if done.returncode:
        sys.exit(f"{command[0]} failed:\n{done.stderr}")
    return time.perf_counter() - start, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("month", nargs="?", default="2024-05")
    parser.add_argument("--target-minutes", type=float,
                        help="fit the programme to this length instead of schedule.toml's target")
    args = parser.parse_args()
    month = args.month
    with tempfile.TemporaryDirectory(prefix="radio-bench-") as scratch:
        work = Path(scratch)
        settings_text = (REPO / "schedule.toml").read_text(encoding="utf-8")
        if args.target_minutes:
            settings_text = re.sub(r"(?m)^target_minutes = .*$",
                                   f"target_minutes = {args.target_minutes}", settings_text)
        (work / "schedule.toml").write_text(settings_text, encoding="utf-8")
        shutil.copytree(REPO / "episodes", work / "episodes",
                        ignore=shutil.ignore_patterns("*.mp3", "build.json", "script.md"))
        config = str(work / "schedule.toml")
        env_db = {"RADIO_DB": f"sqlite:///{work / 'bench.db'}"}
        build = [sys.executable, "-c", _CHILD, config, month]
        os.environ.update(env_db)

        cold_wall, cold_out = timed(build)
        warm_wall, warm_out = timed(build)
        cold, warm = json.loads(cold_out), json.loads(warm_out)

        wav = work / "assembled.wav"
        subprocess.run([sys.executable, "-c", _ASSEMBLED, config, month, str(wav)], check=True,
                       timeout=_TIMEOUT_S)
        from radio.audio.render import encoder_args
        from radio.config import load_settings
        from radio.core import ffmpeg
        audio = load_settings(Path(config)).audio
        floor_wall, _ = timed([ffmpeg.executable(), "-v", "error", "-y", "-i", str(wav),
                               *encoder_args(audio), str(work / "floor.mp3")])

    print(f"radio build {month} offline (espeak-ng), programme {warm['duration_s'] / 60:.1f} min")
    print(f"  cold build (empty cache)  {cold_wall:7.2f} s   ({cold['cached']} segments cached)")
    print(f"  warm rebuild              {warm_wall:7.2f} s   ({warm['cached']} segments cached)")
    print(f"  floor (one ffmpeg encode) {floor_wall:7.2f} s")
    print(f"  warm / floor  {warm_wall / floor_wall:5.2f}×   (goal ≤ 1.3×)")
    print(f"  cold / floor  {cold_wall / floor_wall:5.2f}×   (goal ≤ 2×)")
    if cold["rss_mb"] is None:
        print("  peak RSS of the build: not measured on this system (no `resource` module)")
        return
    print(f"  peak RSS of the build (Python process): cold {cold['rss_mb']:.0f} MB, "
          f"warm {warm['rss_mb']:.0f} MB   (goal ≤ 250 MB;\n"
          "  ffmpeg child processes not included: their ru_maxrss counts the forked Python image)")


if __name__ == "__main__":
    main()
