"""Shared fixtures: the database under test is RADIO_DB when CI sets it, else a fresh SQLite file."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, MetaData, create_engine

from radio.store.db import open_engine
from tests import collection


def pytest_configure(config: pytest.Config) -> None:
    collection.register(config)  # fail the run when a test_*.py file gave no tests


@pytest.fixture(autouse=True)
def english_output(monkeypatch: pytest.MonkeyPatch) -> None:
    """The commands speak Vietnamese by default; the suite's assertions read their English
    (the catalogs' ids). tests/core/test_words.py checks the Vietnamese without this."""
    monkeypatch.setenv("RADIO_LANG", "en")

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
    """An empty database: a new SQLite file, or the RADIO_DB server emptied of every table (a test
    that builds or publishes through the CLI must not see an earlier test's rows)."""
    url = os.environ.get("RADIO_DB")
    if not url:
        return f"sqlite:///{tmp_path / 'radio.db'}"
    engine = create_engine(url)
    drop_all_tables(engine)
    engine.dispose()
    return url


@pytest.fixture
def db(db_url: str) -> Iterator[Engine]:
    """An empty database with every table; emptied afterwards so a shared server stays clean."""
    engine = open_engine(db_url)
    yield engine
    drop_all_tables(engine)
    engine.dispose()


def drop_all_tables(engine: Engine) -> None:
    """Every table in the database, ours or not (alembic_version too): the next open_engine
    finds an empty database and creates it at head."""
    found = MetaData()
    found.reflect(engine)
    found.drop_all(engine)

