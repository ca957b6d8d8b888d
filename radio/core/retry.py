"""One retry with backoff for every caller that asks a remote service again: Google's voice,
voice downloads, a station's syncs after a centre failed to answer."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Backoff:
    """Exponential backoff with "equal jitter": half the delay fixed, half random (so that many
    clients failing together do not all come back at the same moment)."""

    base_s: float = 0.5
    cap_s: float = 8.0

    def delay_s(self, attempt: int, rng: random.Random | None = None) -> float:
        full = min(self.cap_s, self.base_s * 2 ** attempt)
        return full / 2 + (rng or random).uniform(0, full / 2)


class Exhausted(Exception):
    """The last error of a call that was not retried any more, and how many attempts were made."""

    def __init__(self, error: BaseException, attempts: int) -> None:
        super().__init__(str(error))
        self.error = error
        self.attempts = attempts


def retry(call: Callable[[], T], *, errors: tuple[type[BaseException], ...], retries: int,
          retryable: Callable[[BaseException], bool] = lambda _err: True,
          backoff: Backoff = Backoff(), sleep: Callable[[float], None] = time.sleep,
          rng: random.Random | None = None) -> T:
    """`call()`, again after a backoff while it raises one of `errors` that is `retryable`, at most
    `retries` more times; then Exhausted from the last error. Other exceptions pass through."""
    attempt = 0
    while True:
        try:
            return call()
        except errors as err:
            if not retryable(err) or attempt >= retries:
                raise Exhausted(err, attempt + 1) from err
        sleep(backoff.delay_s(attempt, rng))
        attempt += 1
