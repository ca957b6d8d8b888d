"""Every table, imported in one place so that create_all sees them all."""

from radio.store.episodes import Episode, EpisodeSegment, Topic

__all__ = ["Episode", "EpisodeSegment", "Topic"]
