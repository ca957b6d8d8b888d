"""`[program]` of schedule.toml: the programme's identity and its duration window."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from radio.core.errors import RadioError
from radio.core.tomlfile import Table, optional_path


@dataclass(frozen=True)
class ProgramSettings:
    name: str
    centre: str
    town: str
    hotline: str
    min_minutes: float
    max_minutes: float
    target_minutes: float
    templates_dir: Path | None  # user templates that override the shipped ones, file by file
    episodes_dir: Path

    @property
    def window_s(self) -> tuple[float, float]:
        return self.min_minutes * 60, self.max_minutes * 60


def parse_program(t: Table, root: Path) -> ProgramSettings:
    program = ProgramSettings(
        name=t.get("name", str, "Chuyên mục Cải cách hành chính"),
        centre=t.get("centre", str, "Trung tâm Truyền thông – Văn hóa – Thể thao thị xã Đức Phổ"),
        town=t.get("town", str, "thị xã Đức Phổ"),
        hotline=t.get("hotline", str, "0255.3859.123"),
        min_minutes=t.get("min_minutes", float, 10.0),
        max_minutes=t.get("max_minutes", float, 15.0),
        target_minutes=t.get("target_minutes", float, 12.5),
        templates_dir=optional_path(t, "templates", root),
        episodes_dir=root / t.get("episodes", str, "episodes"),
    )
    t.done()
    if not 0 < program.min_minutes <= program.target_minutes <= program.max_minutes <= 180:
        raise RadioError(
            f"{t.where}: need 0 < min_minutes ≤ target_minutes ≤ max_minutes ≤ 180, got "
            f"{program.min_minutes}, {program.target_minutes}, {program.max_minutes}")
    return program
