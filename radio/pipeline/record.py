"""The build's database record: one episode row a month, replaced whole by a rebuild."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from sqlalchemy.orm import Session

from radio.pipeline.facts import EpisodeFacts
from radio.store import episodes
from radio.store.tables import EpisodeRow, EpisodeSegmentRow


def record_episode(session: Session, facts: EpisodeFacts, mp3_path: Path,
                   topic_titles: Mapping[int, str]) -> None:
    """Replace the month's record inside the caller's transaction."""
    episodes.sync_topics(session, topic_titles)
    episodes.replace_episode(session, EpisodeRow(
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
        inputs=[i.as_json() for i in facts.inputs],
        warnings=[w.as_json() for w in facts.warnings],
        segments=[
            EpisodeSegmentRow(position=position, key=s.id, kind=s.kind, topic_id=s.topic, title=s.title,
                              engine=s.engine, start_s=s.start_s, duration_s=s.duration_s,
                              predicted_s=s.predicted_s)
            for position, s in enumerate(facts.segments)
        ],
    ))
    session.flush()  # a constraint fails now, before any file is renamed
