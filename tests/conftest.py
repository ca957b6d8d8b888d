"""Shared fixtures: the database under test is RADIO_DB when CI sets it, else a fresh SQLite file."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from radio.store.db import Base, open_engine
from tests import collection


def pytest_configure(config: pytest.Config) -> None:
    collection.register(config)  # fail the run when a test_*.py file gave no tests

# A programme identity for test settings files (schedule.toml's [[program.identity]]).
IDENTITY_TOML = """
[[program.identity]]
from = 2024-01-01
centre = "Trung tâm Truyền thông – Văn hóa – Thể thao thị xã Đức Phổ"
area = "thị xã Đức Phổ"
area_kind = "thị xã"
local_units = "các xã, phường"
one_stop = "Bộ phận Một cửa của thị xã và của các xã, phường"
province = "tỉnh Quảng Ngãi"
hotline = "0255.3859.123"
portal = "Cổng Dịch vụ công quốc gia"
"""


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return os.environ.get("RADIO_DB") or f"sqlite:///{tmp_path / 'radio.db'}"


@pytest.fixture
def db(db_url: str) -> Iterator[Engine]:
    """An empty database with every table; dropped afterwards so a shared server stays clean."""
    engine = open_engine(db_url)
    Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)
    yield engine
    drop_everything(engine)
    engine.dispose()


def drop_everything(engine: Engine) -> None:
    """Every table and the schema revision: the next open_engine finds an empty database."""
    Base.metadata.drop_all(engine)
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
