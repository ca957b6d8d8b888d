"""What every machine format shares: typed decoding with msgspec, and one error line naming the field.

msgspec checks types, patterns and ranges while it parses and says where a value went wrong
("$.items[0].audio.sha256"); this module turns that into a RadioError worded like the rest of radio.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, TypeVar

import msgspec

from radio.core.errors import RadioError

T = TypeVar("T")

Sha256 = Annotated[str, msgspec.Meta(pattern="^[0-9a-f]{64}$",
                                     description="64 lower-case hex digits")]
AwareTime = Annotated[datetime, msgspec.Meta(tz=True)]  # RFC 3339 with its UTC offset


class WireError(RadioError):
    """Bytes that are not a valid message of their format; the message names the field."""


def decode(data: bytes, kind: type[T], what: str, error: type[WireError] = WireError) -> T:
    """JSON bytes → `kind`, strictly (no bool for an int, no naive time); `error` names the field."""
    try:
        return msgspec.json.decode(data, type=kind)
    except msgspec.ValidationError as err:
        raise error(field_message(what, err)) from None
    except msgspec.DecodeError as err:
        raise error(f"{what}: not UTF-8 JSON ({err})") from None
    except RecursionError:
        # msgspec stops cleanly at its depth limit; the bytes are hostile or broken, not a bug here.
        raise error(f"{what}: JSON nested too deeply") from None


def encode(value: object, *, pretty: bool = False) -> bytes:
    """A message as UTF-8 JSON; `pretty` indents it for files people may read (manifests)."""
    data = msgspec.json.encode(value)
    return msgspec.json.format(data, indent=2) + b"\n" if pretty else data


def field_message(what: str, err: msgspec.ValidationError) -> str:
    """msgspec's "Expected `str`, got `int` - at `$.items[0].id`" becomes
    "manifest $.items[0].id: expected `str`, got `int`"."""
    text = str(err)
    detail, found, path = text.rpartition(" - at `")
    if not found:
        return f"{what}: {text[:1].lower()}{text[1:]}"
    return f"{what} {path.removesuffix('`')}: {detail[:1].lower()}{detail[1:]}"
