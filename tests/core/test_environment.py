"""The RADIO_* variables are declared and read in radio/core/environment.py only, and README lists them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from radio.core import environment
from radio.store.db import database_url

REPO = Path(__file__).resolve().parents[2]
ENVIRONMENT = REPO / "radio" / "core" / "environment.py"
READS = re.compile(r"os\.environ|getenv")


def test_no_other_module_reads_a_radio_variable() -> None:
    for path in sorted((REPO / "radio").rglob("*.py")):
        if path == ENVIRONMENT:
            continue
        text = path.read_text(encoding="utf-8")
        for number, line in enumerate(text.splitlines(), 1):
            assert not (READS.search(line) and "RADIO_" in line), f"{path}:{number}: {line.strip()}"
            assert not re.search(r"=\s*[\"']RADIO_", line), f"{path}:{number}: name it in environment.py"


def test_every_variable_named_in_the_code_is_declared_and_in_the_readme() -> None:
    named = {match for path in (REPO / "radio").rglob("*.py")
             for match in re.findall(r"RADIO_[A-Z_]+", path.read_text(encoding="utf-8"))}
    declared = {variable.name for variable in environment.VARIABLES}
    assert named <= declared, named - declared
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name in declared:
        assert re.search(rf"^\| `{name}` \| .+ \| .+ \|$", readme, re.MULTILINE), name


def test_an_empty_variable_means_the_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RADIO_DB", "")
    assert database_url(tmp_path).startswith("sqlite:///")
    monkeypatch.setenv("RADIO_DB", "sqlite:///elsewhere.db")
    assert database_url(tmp_path) == "sqlite:///elsewhere.db"
