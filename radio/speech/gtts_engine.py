"""Google Translate's Vietnamese voice through gTTS: timeouts, retries with backoff, one decode."""

from __future__ import annotations

import random
import re
import time
from collections.abc import Callable

from gtts import gTTS, gTTSError
from pydub import AudioSegment

from radio.content.pace import Pace
from radio.core.errors import RadioError
from radio.core.ffmpeg import pcm_output, run
from radio.core.i18n import N_
from radio.core.retry import Backoff, Exhausted, retry
from radio.speech.engine import SpeechUnavailable
from radio.speech.kinds import Voice
from radio.speech.network import timeouts, unreachable
from radio.speech.pace import gtts_pace
from radio.speech.settings import SpeechSettings

MAX_CHARS = 100       # Google's limit per request; gTTS would split there itself
SAMPLE_RATE = 24_000  # Google's MP3s are 24 kHz mono: decode at that rate, no resampling

# Cut long text at sentence ends first, then clause marks, then spaces.
_LEVELS = (re.compile(r"[^.!?…]+[.!?…]*"), re.compile(r"[^,;:]+[,;:]*"), re.compile(r"\S+"))
_SPEAKABLE = re.compile(r"\w")


def split_for_google(text: str, limit: int = MAX_CHARS) -> list[str]:
    """Pieces of at most `limit` characters, one request each, packed so each carries what fits.

    gTTS alone sends every clause as its own request (150–300 for a programme); packing whole
    sentences and clauses up to the limit sends far fewer and keeps Google's prosody inside them.
    """
    pieces: list[str] = []
    for unit in _units(" ".join(text.split()), limit, 0):
        if pieces and len(pieces[-1]) + 1 + len(unit) <= limit:
            pieces[-1] += " " + unit
        else:
            pieces.append(unit)
    return [piece for piece in pieces if _SPEAKABLE.search(piece)]


def _units(text: str, limit: int, level: int) -> list[str]:
    if len(text) <= limit:
        return [text] if text else []
    if level == len(_LEVELS):  # one "word" longer than a request: cut it blindly
        return [text[i:i + limit] for i in range(0, len(text), limit)]
    units: list[str] = []
    for part in _LEVELS[level].findall(text):
        units += _units(part.strip(), limit, level + 1)
    return units


def decode_answer(mp3: bytes, rate: int, whose: str) -> AudioSegment:
    """An online engine's MP3 pieces (their frames concatenate cleanly) as mono PCM at `rate`;
    an undecodable answer is the engine's failure, not ours."""
    try:
        pcm, _ = run(["-f", "mp3", "-i", "pipe:0", *pcm_output(rate)], feed=mp3,
                     what=f"decoding {whose} MP3")
    except RadioError as err:
        raise SpeechUnavailable(err.text) from None
    return AudioSegment(data=pcm, sample_width=2, frame_rate=rate, channels=1)


def _retryable(err: BaseException) -> bool:
    """Network errors, 429 (slow down) and 5xx may pass; 403/404, bad bodies and a network that
    is not there at all (refused, no DNS: radio/speech/network.py) will not."""
    if not isinstance(err, gTTSError):
        return True
    if err.rsp is None:
        return not unreachable(err.__context__)  # gTTS raises from inside its `except`
    return err.rsp.status_code == 429 or err.rsp.status_code >= 500


class GttsEngine:
    """Speaks through translate.google.<tld>; SpeechUnavailable when Google cannot be used."""

    name = Voice.GTTS

    def __init__(self, *, tld: str, timeout_s: float, retries: int, pace: Pace,
                 backoff: Backoff | None = None, sleep: Callable[[float], None] = time.sleep,
                 rng: random.Random | None = None) -> None:
        self.tld = tld
        self.timeout_s = timeout_s
        self.retries = retries
        self.pace = pace
        self.backoff = backoff or Backoff()
        self._sleep = sleep  # injected so tests never wait
        self._rng = rng or random.Random()

    @classmethod
    def from_settings(cls, settings: SpeechSettings) -> GttsEngine:
        return cls(tld=settings.gtts_tld, timeout_s=settings.timeout_s, retries=settings.retries,
                   pace=gtts_pace())

    @classmethod
    def unavailable(cls, settings: SpeechSettings, voice: str | None = None) -> str | None:
        return None  # whether Google answers is only known by asking (outages.py remembers)

    def describe(self) -> str:
        return f"gtts Google Translate vi ({self.tld})"

    def identity(self) -> str:
        return f"gtts lang=vi tld={self.tld} pieces={MAX_CHARS} rate={SAMPLE_RATE}"

    def synthesize(self, text: str) -> AudioSegment:
        pieces = split_for_google(text)
        if not pieces:
            raise ValueError("nothing to speak")
        return decode_answer(b"".join(self._fetch(piece) for piece in pieces), SAMPLE_RATE,
                             "Google's")

    def _fetch(self, piece: str) -> bytes:
        """One request's MP3, retried on network errors, 429 and 5xx (radio.core.retry)."""
        try:
            return retry(lambda: self._fetch_once(piece), errors=(gTTSError,), retries=self.retries,
                         retryable=_retryable, backoff=self.backoff, sleep=self._sleep, rng=self._rng)
        except Exhausted as gave_up:
            if gave_up.attempts > 1:
                raise SpeechUnavailable(N_("Google TTS after {attempts} attempts: {problem}"),
                                        attempts=gave_up.attempts, problem=str(gave_up.error)) from None
            raise SpeechUnavailable(N_("Google TTS: {problem}"), problem=str(gave_up.error)) from None

    def _fetch_once(self, piece: str) -> bytes:
        # No pre-processors: they are English rules, and the text is already normalised.
        tts = gTTS(piece, lang="vi", tld=self.tld, lang_check=False, pre_processor_funcs=[],
                   timeout=timeouts(self.timeout_s))
        mp3 = b"".join(tts.stream())
        # gTTS yields nothing, without an error, for a 200 whose body has no audio line:
        # joined with the other pieces, that piece's words would silently go missing
        if not mp3:
            raise SpeechUnavailable(N_("Google TTS answered without audio"))
        return mp3
