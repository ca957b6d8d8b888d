"""Schema migrations: a database of the released radio upgrades with every row intact.

Runs on SQLite, and on PostgreSQL when RADIO_DB points at one (the second run of .ci/run).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, create_engine, inspect, select, text

from radio.core.errors import RadioError
from radio.store import publications
from radio.store.db import Base, open_engine, transaction
from radio.store.migrate import config, head
from tests.conftest import drop_all_tables
from tests.store.conftest import LIST_COLUMNS, RELEASED_ROWS, create_released_schema, fill_released, utc

# Columns later revisions added, as a released row has them after the upgrade
ADDED_COLUMNS: dict[str, dict[str, object]] = {"episodes": {"inputs": [], "warnings": []},
                                             "approvals": {"inputs": [], "accepted": []},
                                             "airings": {"unit": "", "unit_name": ""},
                                             "publications": {"deliveries": [], "published_by": ""}}


@pytest.fixture
def released_url(url: str) -> str:
    """A database as the released radio left it: its tables, a row or more in each."""
    released = create_engine(url)
    create_released_schema(released)
    fill_released(released)
    released.dispose()
    return url


def _open(url: str) -> tuple[Engine, list[str]]:
    notices: list[str] = []
    return open_engine(url, notify=notices.append), notices


def _revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def _schema(engine: Engine) -> dict[str, object]:
    """What a database's tables look like, comparable across two databases of one dialect."""
    found = inspect(engine)
    tables = {}
    for name in sorted(set(found.get_table_names()) - {"alembic_version"}):
        tables[name] = {
            "columns": [(c["name"], str(c["type"]), c["nullable"]) for c in found.get_columns(name)],
            "primary": found.get_pk_constraint(name)["constrained_columns"],
            "unique": sorted(tuple(u["column_names"]) for u in found.get_unique_constraints(name)),
            "indexes": sorted((i["name"], tuple(i["column_names"]), bool(i["unique"]))
                              for i in found.get_indexes(name)),
            "foreign": sorted((tuple(f["constrained_columns"]), f["referred_table"],
                               tuple(f["referred_columns"]), (f.get("options") or {}).get("ondelete"))
                              for f in found.get_foreign_keys(name)),
        }
    return tables


def test_revision_0001_is_the_released_schema(url: str) -> None:
    engine = create_engine(url)
    create_released_schema(engine)
    released = _schema(engine)
    drop_all_tables(engine)
    with engine.begin() as connection:
        command.upgrade(config(connection), "0001")
    assert _schema(engine) == released
    engine.dispose()


def test_an_empty_database_is_created_at_head_silently(url: str) -> None:
    engine, notices = _open(url)
    assert _revision(engine) == head() and notices == []
    assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
    engine.dispose()


def test_a_released_database_is_upgraded_once_with_a_notice(url: str) -> None:
    create_released_schema(create_engine(url))
    engine, notices = _open(url)
    assert len(notices) == 1 and notices[0].endswith(f"upgraded: 0001 → {head()}.")
    assert "\n" not in notices[0]
    assert _revision(engine) == head()
    engine.dispose()
    again, notices = _open(url)
    assert notices == []
    again.dispose()


def test_the_upgraded_schema_is_the_models_schema(url: str) -> None:
    create_released_schema(create_engine(url))
    engine, _ = _open(url)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []
    engine.dispose()


def test_every_released_row_survives_the_upgrade(released_url: str) -> None:
    engine, _ = _open(released_url)
    with engine.connect() as connection:
        for name, rows in RELEASED_ROWS.items():
            table = Base.metadata.tables[name]
            query = select(table).order_by(*table.primary_key)
            stored = [dict(row._mapping) for row in connection.execute(query)]
            # Columns added after the release (migration 0003 on) are empty on released rows,
            # or hold the default their migration gives them.
            expected = [{**{column.name: None for column in table.columns},
                         **{column: _as_list(value) if (name, column) in LIST_COLUMNS else value
                            for column, value in row.items()},
                         **ADDED_COLUMNS.get(name, {})} for row in rows]
            assert stored == expected, name
    engine.dispose()


def test_lists_come_back_as_lists_through_the_rows(released_url: str) -> None:
    engine, _ = _open(released_url)
    with transaction(engine) as session:
        assert [p.items for p in publications.publications(session)] == [
            ["2024-05"], ["2024-05", "emergency-5b0f2c3e-9d1a-4c7e-8f00-1a2b3c4d5e6f"], []]
        urgent, single = publications.live_emergencies(session, utc(2024, 5, 4, 12, 0))
        assert urgent.stations == ["21439", "21442", "21445"] and single.stations == ["21439"]
    engine.dispose()


def test_downgrade_to_0001_gives_back_the_comma_lists(released_url: str) -> None:
    engine, _ = _open(released_url)
    with engine.begin() as connection:
        command.downgrade(config(connection), "0001")
    with engine.connect() as connection:
        items = connection.execute(text("SELECT items FROM publications ORDER BY sequence")).scalars().all()
    assert items == [row["items"] for row in RELEASED_ROWS["publications"]]
    engine.dispose()


def test_a_database_of_a_newer_radio_is_refused(url: str) -> None:
    engine, _ = _open(url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    engine.dispose()
    with pytest.raises(RadioError, match=r"revision 0099, which was made by a newer radio .*; update radio"):
        open_engine(url)


@pytest.mark.slow
def test_two_radios_opening_an_old_database_at_once_migrate_it_once(released_url: str) -> None:
    url = released_url
    code = "import sys; from radio.store.db import open_engine; open_engine(sys.argv[1]).dispose()"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    runs = [subprocess.Popen([sys.executable, "-c", code, url], stderr=subprocess.PIPE, text=True, env=env)
            for _ in range(2)]
    errors = [run.communicate(timeout=120)[1] for run in runs]
    assert [run.returncode for run in runs] == [0, 0], errors
    notices = [line for output in errors for line in output.splitlines() if "upgraded" in line]
    assert len(notices) == 1, errors
    engine, _ = _open(url)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM publications")).scalar() == 3
    engine.dispose()


def _as_list(text_value: object) -> list[str]:
    return [part for part in str(text_value).split(",") if part]
