"""Podcast RSS 2.0 feed of the published programmes for the town website (pure: text out)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from xml.etree import ElementTree as ET

from radio.protocol.manifest import ManifestAudio

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"


@dataclass(frozen=True)
class FeedEpisode:
    id: str
    title: str
    audio: ManifestAudio
    published: datetime


def feed_bytes(title: str, author: str, base_url: str, episodes: Iterable[FeedEpisode],
               built: datetime) -> bytes:
    """RSS with an enclosure per programme; absolute URLs under `base_url`, newest first."""
    ET.register_namespace("itunes", ITUNES)
    rss = ET.Element("rss", {"version": "2.0"})
    channel = ET.SubElement(rss, "channel")
    _text(channel, "title", title)
    _text(channel, "link", f"{base_url}/")
    _text(channel, "description", f"{title} — {author}")
    _text(channel, "language", "vi")
    _text(channel, "lastBuildDate", format_datetime(built))
    _text(channel, f"{{{ITUNES}}}author", author)
    for episode in sorted(episodes, key=lambda e: (e.published, e.id), reverse=True):
        item = ET.SubElement(channel, "item")
        _text(item, "title", episode.title)
        _text(item, "guid", f"radio-{episode.id}-{episode.audio.sha256[:16]}").set("isPermaLink", "false")
        _text(item, "pubDate", format_datetime(episode.published))
        ET.SubElement(item, "enclosure", {"url": f"{base_url}/audio/{episode.audio.name}",
                                          "length": str(episode.audio.size), "type": "audio/mpeg"})
        seconds = round(episode.audio.duration_s)
        hours, minutes, rest = seconds // 3600, seconds % 3600 // 60, seconds % 60
        _text(item, f"{{{ITUNES}}}duration", f"{hours}:{minutes:02d}:{rest:02d}")
    ET.indent(rss)
    return ET.tostring(rss, encoding="utf-8", xml_declaration=True) + b"\n"


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = text
    return element
