"""Every table, imported in one place so that create_all sees them all."""

from radio.store.broadcast import Airing, Approval, EmergencyItem, PlayReport, Publication, StationToken
from radio.store.episodes import Episode, EpisodeSegment, Topic

__all__ = ["Airing", "Approval", "EmergencyItem", "Episode", "EpisodeSegment", "PlayReport",
           "Publication", "StationToken", "Topic"]
