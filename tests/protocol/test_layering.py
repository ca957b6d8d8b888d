"""The wire formats sit just above radio.core: the centre and the station both import them."""

from __future__ import annotations

from tests.core.test_layers import _graph


def test_protocol_imports_only_core() -> None:
    assert _graph().get("protocol", set()) <= {"core"}


def test_station_does_not_import_the_centre() -> None:
    # A commune PC installs the station side only; publish/server/store are the centre's.
    assert not _graph().get("station", set()) & {"publish", "server", "store", "pipeline", "broadcast"}
