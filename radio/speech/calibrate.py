"""Measure an engine's Vietnamese pace and fit the Pace model to it.

espeak-ng's table is made by scripts/calibrate-pace; a Piper voice is calibrated on install.

Each sentence, each paragraph and the whole of calibration.txt (CCHC text, already in spoken
form) is synthesised and trimmed exactly as a build does; the durations are then fitted by least
squares to  duration = syllables / syllables_per_s + commas · comma_pause_s
                       + sentences · sentence_pause_s.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from radio.content.pace import Pace, TextFeatures, text_features
from radio.core.atomic import staging
from radio.reading import Normalizer
from radio.reading.settings import ReadingSettings
from radio.speech.pace import PACE_FILE, gtts_pace

if TYPE_CHECKING:
    from pydub import AudioSegment

CORPUS = Path(__file__).with_name("calibration.txt")
RATES = (100, 125, 150, 175, 200, 250)
_SENTENCE = re.compile(r"[^.!?…]+[.!?…]*")


@dataclass(frozen=True)
class Sample:
    features: TextFeatures
    duration_s: float


def corpus_texts(corpus: str) -> list[str]:
    """Sentences, paragraphs and the whole text: varied mixes of syllables and pauses to fit."""
    paragraphs = [line.strip() for line in corpus.splitlines() if line.strip()]
    sentences = [s.strip() for p in paragraphs for s in _SENTENCE.findall(p) if s.strip()]
    return sentences + paragraphs + ["\n".join(paragraphs)]


def fit_pace(samples: Sequence[Sample]) -> Pace:
    """Least-squares fit of the three Pace figures (no intercept) to measured durations.

    A pause cannot be negative: when the fit says so (espeak-ng hardly pauses at commas at high
    rates), that pause is fixed at zero and the rest refitted.
    """
    rows = [(s.features.syllables, s.features.commas, s.features.sentences) for s in samples]
    durations = [s.duration_s for s in samples]
    active = [0, 1, 2]
    while True:
        coefficients = dict(zip(active, _least_squares([[r[i] for i in active] for r in rows],
                                                       durations), strict=True))
        negative = [i for i in active[1:] if coefficients[i] < 0]
        if not negative:
            break
        active.remove(negative[0])
    if coefficients[0] <= 0:
        raise ValueError("the samples do not determine a speaking rate")
    return Pace(round(1 / coefficients[0], 3), round(coefficients.get(1, 0.0), 3),
                round(coefficients.get(2, 0.0), 3))


def _least_squares(rows: list[list[float]], y: list[float]) -> list[float]:
    n = len(rows[0])
    normal = [[sum(r[i] * r[j] for r in rows) for j in range(n)] for i in range(n)]
    return _solve(normal, [sum(r[i] * v for r, v in zip(rows, y, strict=True)) for i in range(n)])


def _solve(a: list[list[float]], b: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting for a small dense system."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(m[r][col]))
        if abs(m[pivot][col]) < 1e-12:
            raise ValueError("the samples do not separate syllables, commas and sentences")
        m[col], m[pivot] = m[pivot], m[col]
        for r in range(col + 1, n):
            f = m[r][col] / m[col][col]
            m[r] = [x - f * y for x, y in zip(m[r], m[col], strict=True)]
    x = [0.0] * n
    for r in reversed(range(n)):
        x[r] = (m[r][n] - sum(m[r][c] * x[c] for c in range(r + 1, n))) / m[r][r]
    return x


def measure(speak: Callable[[str], float], texts: Sequence[str]) -> list[Sample]:
    """`speak` returns the trimmed spoken duration of one text in seconds."""
    return [Sample(text_features(text), speak(text)) for text in texts]


def calibrate_engine(synthesize: Callable[[str], AudioSegment],
                     texts: Sequence[str]) -> tuple[Pace, float]:
    """Fit a pace to an engine's trimmed takes of `texts`: (pace, mean error on paragraphs in %)."""
    from radio.speech.trim import trim_silence

    samples = measure(lambda t: len(trim_silence(synthesize(t))) / 1000, texts)
    pace = fit_pace(samples)
    checked = [s for s in samples if s.features.sentences > 1] or samples
    errors = [abs(pace.seconds(s.features) - s.duration_s) / s.duration_s for s in checked]
    return pace, 100 * sum(errors) / len(errors)


def calibration_texts(whole: bool = True) -> list[str]:
    """The calibration corpus as read by the default reading rules; `whole=False` leaves out the
    whole text (the sum of the paragraphs), which halves the work of a slow engine."""
    reading = Normalizer(ReadingSettings("expand", None))
    texts = corpus_texts(reading.read(CORPUS.read_text("utf-8")))
    return texts if whole else texts[:-1]


def calibrate_espeak(voices: Sequence[str],
                     rates: Sequence[int]) -> list[tuple[str, int, Pace, float]]:
    """(voice, rate, fitted pace, mean absolute error of the fit on paragraphs in %)."""
    from radio.speech.espeak_engine import EspeakEngine

    texts = calibration_texts()
    results = []
    for voice in voices:
        for rate in rates:
            engine = EspeakEngine(voice, rate, pace=Pace(1, 0, 0))  # pace unused while measuring
            pace, error = calibrate_engine(engine.synthesize, texts)
            results.append((voice, rate, pace, error))
    return results


def calibrate_piper(model: Path, config: Path, *, threads: int = 2,
                    texts: Sequence[str] | None = None) -> tuple[Pace, float]:
    """A Piper voice's pace at speed 1.0 (other speeds scale it), for `radio voices install`."""
    from radio.core.errors import RadioError
    from radio.core.i18n import N_
    from radio.speech.engine import SpeechUnavailable
    from radio.speech.piper_engine import PiperEngine

    engine = PiperEngine(model, config, label=model.stem, model_sha256="", pace=Pace(1, 0, 0),
                         threads=threads)
    try:
        return calibrate_engine(engine.synthesize, texts if texts is not None
                                else calibration_texts(whole=False))
    except SpeechUnavailable as err:
        raise RadioError(err.text) from None
    except ValueError as err:  # the fit: takes that do not determine a pace
        raise RadioError(N_("{model}: the voice's pace cannot be calibrated ({problem})"), model=str(model),
                         problem=str(err)) from None


def render(gtts: Pace, rows: Sequence[tuple[str, int, Pace, float]]) -> str:
    lines = [
        "# Speaking pace per engine, voice and rate: predicts a segment's spoken duration",
        "# before synthesis. espeak rows are measured by scripts/calibrate-pace (do not edit",
        "# by hand; re-run it). Rates between rows are interpolated linearly.",
        "",
        "# gTTS cannot be measured here (no access to Google). ESTIMATE: Google Translate's",
        "# Vietnamese voice reads at about conversational news pace (~4.6 syllables/s); a",
        "# request boundary adds its own leading/trailing silence, counted in the sentence",
        "# pause. Replace with measured figures when a networked machine can run a calibration.",
        "[gtts]",
        'source = "estimate"',
        f"syllables_per_s = {gtts.syllables_per_s}",
        f"comma_pause_s = {gtts.comma_pause_s}",
        f"sentence_pause_s = {gtts.sentence_pause_s}",
    ]
    for voice, rate, pace, error in rows:
        lines += [
            "",
            f"[[espeak]]  # fit error on paragraphs: {error:.1f} %",
            f'voice = "{voice}"',
            f"rate_wpm = {rate}",
            f"syllables_per_s = {pace.syllables_per_s}",
            f"comma_pause_s = {pace.comma_pause_s}",
            f"sentence_pause_s = {pace.sentence_pause_s}",
        ]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    from radio.speech.espeak_engine import VOICES

    parser = argparse.ArgumentParser(prog="calibrate-pace", description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"replace {PACE_FILE.name} in place")
    args = parser.parse_args(argv)
    rows = calibrate_espeak(VOICES, RATES)
    for voice, rate, pace, error in rows:
        print(f"{voice:16} {rate:3d} wpm: {pace.syllables_per_s:5.2f} syllables/s, "
              f"comma {pace.comma_pause_s:.3f} s, sentence {pace.sentence_pause_s:.3f} s, "
              f"fit error {error:.1f} %", file=sys.stderr)
    text = render(gtts_pace(), rows)
    if args.write:
        with staging() as staged:
            staged.path_for(PACE_FILE).write_text(text, encoding="utf-8")
        print(f"wrote {PACE_FILE}", file=sys.stderr)
    else:
        print(text, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
