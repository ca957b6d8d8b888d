"""Reading TOML input files into typed values with errors that name the file and field."""

from __future__ import annotations

import dataclasses
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar

from radio.core.errors import SettingsError, os_error
from radio.core.i18n import N_, Text

T = TypeVar("T")
D = TypeVar("D")


def load_toml(path: Path) -> dict[str, Any]:
    """Parse a TOML file; a syntax error names the file and line."""
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise SettingsError(N_("{file}: file not found"), file=str(path)) from None
    except IsADirectoryError:
        raise SettingsError(N_("{file}: is a folder, not a settings file; give the path of the TOML file "
                               "itself"), file=str(path)) from None
    except OSError as err:  # unreadable: permissions, a disk error
        raise os_error(err, "reading settings") from None
    except tomllib.TOMLDecodeError as err:
        raise SettingsError(N_("{file}: invalid TOML: {problem}; fix the syntax at that line"), file=str(path),
                            problem=str(err)) from None
    except UnicodeDecodeError:
        raise SettingsError(N_("{file}: not UTF-8 text; save it as UTF-8"), file=str(path)) from None


class Table:
    """A TOML table being read: each `get` checks one field's type; `done` rejects unknown keys."""

    def __init__(self, raw: Any, where: str) -> None:
        if not isinstance(raw, dict):
            raise SettingsError(N_("{where}: expected a table, got {kind}"), where=where, kind=type(raw).__name__)
        self._raw = dict(raw)
        self._seen: set[str] = set()
        self.where = where

    def field(self, key: str) -> str:
        return f"{self.where}.{key}"

    def has(self, key: str) -> bool:
        return key in self._raw

    def keys(self) -> list[str]:
        """The keys present, for free-form tables whose keys are names chosen by the user."""
        return list(self._raw)

    def __iter__(self) -> Iterator[str]:
        return iter(self.keys())

    def get(self, key: str, kind: type[T] | tuple[type, ...], default: Any = ...) -> T:
        self._seen.add(key)
        if key not in self._raw:
            if default is ...:
                raise SettingsError(N_("{field}: required field is missing"), field=self.field(key))
            return default
        value = self._raw[key]
        kinds = kind if isinstance(kind, tuple) else (kind,)
        if float in kinds and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        # bool is an int to isinstance: true must not pass where a number is asked for.
        if (isinstance(value, bool) and bool not in kinds) or not isinstance(value, kinds):
            raise SettingsError(N_("{field}: expected {kinds}, got {value!r}"), field=self.field(key),
                                    kinds=_names(kinds), value=value)
        return value  # type: ignore[return-value]

    def table(self, key: str) -> Table:
        self._seen.add(key)
        return Table(self._raw.get(key, {}), self.field(key))

    def tables(self, key: str) -> list[Table]:
        """An array of tables (`[[key]]`), each wrapped with its index in error messages."""
        self._seen.add(key)
        raw = self._raw.get(key, [])
        if not isinstance(raw, list):
            raise SettingsError(N_("{field}: expected an array of tables ([[{key}]])"), field=self.field(key),
                                key=key)
        return [Table(item, f"{self.field(key)}[{i}]") for i, item in enumerate(raw)]

    def choice(self, key: str, choices: tuple[str, ...], default: str) -> str:
        value = self.get(key, str, default)
        one_of(self, key, value, choices)
        return value

    def done(self) -> None:
        unknown = sorted(set(self._raw) - self._seen)
        if unknown:
            raise SettingsError(N_("{where}: unknown field(s) {fields}; check the spelling"), where=self.where,
                                fields=", ".join(unknown))


def _names(kinds: tuple[type, ...]) -> Text | str:
    """'a whole number or a number', translated where it is shown."""
    names = {str: N_("text"), int: N_("a whole number"), float: N_("a number"), bool: N_("true/false"),
             list: N_("a list"), dict: N_("a table")}
    shown: Text | str = ""
    for kind in kinds:
        name = Text(names.get(kind, kind.__name__))
        shown = Text.of(N_("{first} or {second}"), first=shown, second=name) if shown else name
    return shown


def optional_path(table: Table, key: str, root: Path, must_exist: bool = True) -> Path | None:
    """A path relative to the settings file's folder, or None when the key is absent or empty."""
    value = table.get(key, str, "")
    if not value:
        return None
    path = (root / value).resolve()
    if must_exist and not path.exists():
        raise SettingsError(N_("{field}: {value} does not exist (looked in {path})"), field=table.field(key),
                            value=value, path=str(path))
    return path


def in_range(table: Table, key: str, value: float, low: float, high: float, unit: str = "") -> None:
    """Refuse a number outside low..high, naming the file, the field, the value and the range.

    Every range check of a settings file goes through here, so every one reads the same and exits
    with ExitCode.SETTINGS.
    """
    if not low <= value <= high:
        unit = f" {unit}" if unit else ""
        raise SettingsError(N_("{field}: {value} is outside {low}..{high}{unit}"), field=table.field(key),
                            value=_number(value), low=_number(low), high=_number(high), unit=unit)


def one_of(table: Table, key: str, value: object, choices: tuple[Any, ...]) -> None:
    """Refuse a value that is not among `choices`, listing them."""
    if value not in choices:
        listed = ", ".join(str(c.value if isinstance(c, Enum) else c) for c in choices)
        raise SettingsError(N_("{field}: {value!r} is not one of {listed}"), field=table.field(key), value=value,
                            listed=listed)


SPEC = "radio.setting"  # the key of a dataclass field's metadata that holds its Setting


@dataclass(frozen=True)
class Setting:
    """How one settings field is read: its TOML type and the values it may take.

    Declared once, on the settings dataclass's field with `setting(...)`; the field's default is
    the setting's default, and `read_section` reads, type-checks and range-checks every such field.
    """

    kind: type | tuple[type, ...]
    low: float | None = None
    high: float | None = None
    unit: str = ""
    choices: tuple[Any, ...] = ()
    key: str = ""        # the TOML key when it is not the field's name
    path: str = ""       # "folder": relative to the settings file; "file": that, and it must exist
                         # (an empty value is None)


def setting(default: Any, *, kind: type | tuple[type, ...] | None = None, low: float | None = None,
            high: float | None = None, unit: str = "", choices: tuple[Any, ...] = (),
            key: str = "") -> Any:
    """A settings dataclass field read from TOML: its default, range or choices, TOML key."""
    spec = Setting(kind or type(default), low, high, unit, choices, key)
    return dataclasses.field(default=default, metadata={SPEC: spec})


def folder(default: str, *, key: str = "") -> Any:
    """A folder setting relative to the settings file's folder (the default is too)."""
    return dataclasses.field(default=Path(default), metadata={SPEC: Setting(str, key=key,
                                                                              path="folder")})


def existing_file(*, key: str = "") -> Any:
    """A file or folder setting that must exist when given; None when absent or empty."""
    return dataclasses.field(default=None, metadata={SPEC: Setting(str, key=key, path="file")})


def read_section(t: Table, cls: type[D], root: Path, **given: Any) -> D:
    """Read every `setting()` field of the dataclass `cls` from table `t`, then refuse unknown keys.

    `given` holds the fields the section's parser works out itself (from several keys, say);
    `root` is the settings file's folder, which relative paths are relative to.
    """
    values = dict(given)
    for field in dataclasses.fields(cls):  # type: ignore[arg-type]
        spec = field.metadata.get(SPEC)
        if spec is None or field.name in values:
            continue
        values[field.name] = _read(t, spec.key or field.name, spec, field.default, root)
    t.done()
    return cls(**values)


def _read(t: Table, key: str, spec: Setting, default: Any, root: Path) -> Any:
    if spec.path == "file":
        return optional_path(t, key, root)
    if spec.path == "folder":
        return root / t.get(key, str, str(default))
    value: Any = t.get(key, spec.kind, default)
    if spec.choices:
        one_of(t, key, value, spec.choices)
        value = next(c for c in spec.choices if c == value)  # the member, where choices are an enum
    if spec.low is not None and spec.high is not None:
        in_range(t, key, value, spec.low, spec.high, spec.unit)
    return value


def _number(value: float) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)
