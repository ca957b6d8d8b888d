"""A normaliser with the shipped lexicon, per code setting."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from radio.reading import Normalizer
from radio.reading.settings import ReadingSettings


@pytest.fixture(scope="session")
def read() -> Callable[[str], str]:
    """Read with the defaults: codes expanded, shipped lexicon only."""
    return Normalizer(ReadingSettings(codes="expand", lexicon=None)).read
