"""Shared fixtures: the database under test is RADIO_DB when CI sets it, else a fresh SQLite file."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from radio.store.db import Base, open_engine
from tests import collection


def pytest_configure(config: pytest.Config) -> None:
    collection.register(config)  # fail the run when a test_*.py file gave no tests


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
    Base.metadata.drop_all(engine)
    engine.dispose()
