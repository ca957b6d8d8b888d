"""The build's database record: one Episode per month, replaced whole by a rebuild."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from radio.pipeline.facts import EpisodeFacts
from radio.store.episodes import Episode, EpisodeSegment, Topic


def record_episode(session: Session, facts: EpisodeFacts, mp3_path: Path,
                   topic_titles: Mapping[int, str]) -> None:
    """Replace the month's record inside the caller's transaction."""
    _sync_topics(session, topic_titles)
    session.execute(delete(Episode).where(Episode.month == facts.month))
    session.flush()
    session.add(Episode(
        month=facts.month,
        title=facts.title,
        duration_s=facts.duration_s,
        predicted_s=facts.predicted_s,
        loudness_lufs=facts.loudness_lufs,
        true_peak_dbtp=facts.true_peak_dbtp,
        sha256=facts.sha256,
        script_sha256=facts.script_sha256,
        mp3_path=str(mp3_path),
        built_at=facts.built_at,
        segments=[
            EpisodeSegment(position=position, key=s.id, kind=s.kind, topic_id=s.topic, title=s.title,
                           engine=s.engine, start_s=s.start_s, duration_s=s.duration_s,
                           predicted_s=s.predicted_s)
            for position, s in enumerate(facts.segments)
        ],
    ))
    session.flush()  # a constraint fails now, before any file is renamed


def _sync_topics(session: Session, titles: Mapping[int, str]) -> None:
    existing = {topic.id: topic for topic in session.scalars(select(Topic))}
    for topic_id, title in titles.items():
        if topic_id in existing:
            existing[topic_id].title = title
        else:
            session.add(Topic(id=topic_id, title=title))
    session.flush()

