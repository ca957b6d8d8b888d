"""Databases for the store's tests: made from the released schema, never from today's models."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, Integer, MetaData, create_engine

from tests.conftest import drop_all_tables

RELEASED = Path(__file__).with_name("released_schema")


@pytest.fixture
def url(db_url: str) -> Iterator[str]:
    """An empty database (RADIO_DB or a fresh SQLite file), emptied again afterwards."""
    yield db_url
    engine = create_engine(db_url)
    drop_all_tables(engine)
    engine.dispose()


def create_released_schema(engine: Engine) -> None:
    """The tables exactly as the released radio (361d4c9) made them, from the frozen DDL."""
    sql = (RELEASED / f"{engine.dialect.name}.sql").read_text(encoding="utf-8")
    body = "\n".join(line for line in sql.splitlines() if not line.startswith("--"))
    with engine.begin() as connection:
        for statement in filter(str.strip, body.split(";")):
            connection.exec_driver_sql(statement)


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


# A row in every released table, the lists comma-joined as the released code wrote them.
RELEASED_ROWS: dict[str, list[dict[str, object]]] = {
    "topics": [
        {"id": 1, "title": "Tuyên truyền về chủ trương, chính sách cải cách hành chính"},
        {"id": 5, "title": "Cải cách thủ tục hành chính; một cửa, một cửa liên thông"},
    ],
    "episodes": [
        {"id": 1, "month": "2024-05", "title": "Chuyên mục Cải cách hành chính tháng 5/2024",
         "duration_s": 752.4, "predicted_s": 750.25, "loudness_lufs": -16.1, "true_peak_dbtp": -1.4,
         "sha256": "a" * 64, "script_sha256": "b" * 64, "mp3_path": "episodes/2024-05/episode.mp3",
         "built_at": utc(2024, 4, 28, 3, 0, 5)},
        {"id": 2, "month": "2024-06", "title": "Chuyên mục Cải cách hành chính tháng 6/2024",
         "duration_s": 748.0, "predicted_s": 751.0, "loudness_lufs": -15.9, "true_peak_dbtp": -1.5,
         "sha256": "c" * 64, "script_sha256": "d" * 64, "mp3_path": "/srv/radio/episodes/2024-06/episode.mp3",
         "built_at": utc(2024, 5, 27, 9, 30, 0, 123456)},
    ],
    "episode_segments": [
        {"id": 1, "episode_id": 1, "position": 0, "key": "00-jingle", "kind": "jingle", "topic_id": None,
         "title": "Nhạc hiệu", "engine": "jingle", "start_s": 0.0, "duration_s": 6.5, "predicted_s": 6.5},
        {"id": 2, "episode_id": 1, "position": 1, "key": "01-topic-5", "kind": "topic", "topic_id": 5,
         "title": "Một cửa liên thông", "engine": "espeak", "start_s": 6.5, "duration_s": 301.25,
         "predicted_s": 300.0},
        {"id": 3, "episode_id": 2, "position": 0, "key": "00-topic-1", "kind": "topic", "topic_id": 1,
         "title": "Chủ trương", "engine": "gtts", "start_s": 0.0, "duration_s": 748.0, "predicted_s": 751.0},
    ],
    "approvals": [
        {"id": 1, "month": "2024-05", "script_sha256": "b" * 64, "approved_by": "Nguyễn Văn A",
         "approved_at": utc(2024, 4, 29, 1, 15)},
    ],
    "airings": [
        {"id": 1, "month": "2024-05", "item_id": "2024-05", "station_id": "21439",
         "starts_at": utc(2024, 5, 2, 22, 15), "duration_s": 752.4, "priority": "normal"},
        {"id": 2, "month": "2024-05", "item_id": "2024-05", "station_id": "21442",
         "starts_at": utc(2024, 5, 3, 10, 0), "duration_s": 752.4, "priority": "normal"},
    ],
    "publications": [
        {"id": 1, "sequence": 1, "published_at": utc(2024, 4, 30, 2, 0), "items": "2024-05"},
        {"id": 2, "sequence": 2, "published_at": utc(2024, 5, 4, 8, 0),
         "items": "2024-05,emergency-5b0f2c3e-9d1a-4c7e-8f00-1a2b3c4d5e6f"},
        {"id": 3, "sequence": 3, "published_at": utc(2024, 5, 6, 8, 0), "items": ""},
    ],
    "emergency_items": [
        {"id": "emergency-5b0f2c3e-9d1a-4c7e-8f00-1a2b3c4d5e6f", "title": "Thông báo khẩn: mưa lũ",
         "priority": "emergency", "sha256": "e" * 64, "size": 48213, "duration_s": 61.2,
         "stations": "21439,21442,21445", "valid_from": utc(2024, 5, 4, 8, 0),
         "valid_to": utc(2024, 5, 5, 8, 0), "created_at": utc(2024, 5, 4, 7, 59, 58)},
        {"id": "emergency-one", "title": "Lịch cắt điện", "priority": "priority", "sha256": "f" * 64,
         "size": 1000, "duration_s": 20.0, "stations": "21439", "valid_from": utc(2024, 5, 6, 0, 0),
         "valid_to": utc(2024, 5, 6, 12, 0), "created_at": utc(2024, 5, 6, 0, 0)},
    ],
    "station_tokens": [
        {"station_id": "21439", "token_sha256": "1" * 64, "created_at": utc(2024, 4, 1, 0, 0)},
    ],
    "play_reports": [
        {"id": 1, "report_id": "0b7c7f7e-1111-4c3a-9f61-8e2b2b9f0a01", "station_id": "21439",
         "event": "synced", "item_id": None, "sha256": None, "manifest_sequence": 2,
         "at": utc(2024, 5, 4, 8, 5), "received_at": utc(2024, 5, 4, 8, 5, 2), "detail": ""},
        {"id": 2, "report_id": "0b7c7f7e-2222-4c3a-9f61-8e2b2b9f0a02", "station_id": "21439",
         "event": "played", "item_id": "2024-05", "sha256": "a" * 64, "manifest_sequence": 2,
         "at": utc(2024, 5, 2, 22, 15, 1), "received_at": utc(2024, 5, 2, 22, 16),
         "detail": "phát đủ 752 giây"},
    ],
}
LIST_COLUMNS = {("publications", "items"), ("emergency_items", "stations")}


def fill_released(engine: Engine) -> None:
    """RELEASED_ROWS into the released tables, through their reflected (not today's) columns."""
    found = MetaData()
    found.reflect(engine)
    with engine.begin() as connection:
        for table in found.sorted_tables:
            if table.name in RELEASED_ROWS:
                connection.execute(table.insert(), RELEASED_ROWS[table.name])
        if engine.dialect.name == "postgresql":  # explicit ids: move the serials past them
            for table in found.sorted_tables:
                if "id" in table.c and isinstance(table.c.id.type, Integer):
                    connection.exec_driver_sql(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                        f"(SELECT max(id) FROM {table.name}))")
