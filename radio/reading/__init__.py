"""The Vietnamese reading normaliser: written text → the words an announcer says."""

from radio.reading.normalizer import Normalizer

__all__ = ["Normalizer"]
