"""Fixtures of the station tests: a signed tree, a fault server over it, a station config."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from radio.station.client import StationClient
from radio.station.config import StationConfig
from tests.station.helpers import FakeClock, FaultServer, Tree, local, station_config


@pytest.fixture
def tree(tmp_path: Path) -> Tree:
    return Tree(tmp_path / "publish")


@pytest.fixture
def server(tree: Tree, db: Engine) -> Iterator[FaultServer]:
    with FaultServer(tree.root, db) as running:
        yield running


@pytest.fixture
def config(tmp_path: Path, server: FaultServer, tree: Tree) -> StationConfig:
    return station_config(tmp_path / "station", server.url, tree, report_token=server.token)


@pytest.fixture
def session() -> StationClient:
    return StationClient(timeout_s=5.0, min_rate=8192)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(local("2024-05-01T08:00:00"))
