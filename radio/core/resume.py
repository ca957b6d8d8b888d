"""Resuming a download into a .part file, checked: the one copy the station and voice install share.

An answer's bytes are appended only when it is a 206 whose Content-Range starts exactly where the
.part ends; a 200 is the whole file (the .part starts over); anything longer than the declared size
is refused. Bytes are flushed to disk before the count is returned, so a power cut cannot leave a
.part with a hole at its end. The network client is the caller's: this module sees only a status,
a Content-Range header and the body's chunks.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

_CONTENT_RANGE = re.compile(r"^bytes (\d+)-(\d+)/(\d+|\*)$")


@dataclass(frozen=True)
class Appended:
    """What one answer left in the .part: its length now, and why it is short (or "")."""

    have: int
    problem: str = ""
    discarded: bool = False  # the answer was longer than the file: the .part is gone


def held_bytes(part: Path, size: int) -> int:
    """Bytes of `part` worth resuming from; a .part longer than the whole file is discarded."""
    have = part.stat().st_size if part.exists() else 0
    if have > size:
        part.unlink()
        return 0
    return have


def range_header(have: int) -> dict[str, str]:
    """The request header that resumes from `have` (none for a fresh start)."""
    return {"Range": f"bytes={have}-"} if have else {}


def range_start(content_range: str | None) -> int | None:
    """The first byte a `Content-Range: bytes A-B/N` answer carries, or None if malformed."""
    match = _CONTENT_RANGE.match((content_range or "").strip())
    return int(match.group(1)) if match else None


def append_answer(part: Path, have: int, size: int, status: int, content_range: str | None,
                  chunks: Iterable[bytes], url: str) -> Appended:
    """Write one answer's body into `part` (held: `have` bytes of `size`); never raises for what the
    server sent, only OSError for the disk. A network fault while reading is the caller's: the bytes
    written so far stay (they were checked to continue the file)."""
    if status == 206 and have and range_start(content_range) == have:
        mode = "ab"
    elif status == 206:
        # A range that does not start where the .part ends would splice two different offsets.
        return Appended(have, f"{url} answered a range starting at {range_start(content_range)} "
                              f"for a resume at {have}; not used")
    elif status == 200:
        mode, have = "wb", 0
    elif status == 416:
        part.unlink(missing_ok=True)
        return Appended(0, "server refused the resume range; starting over")
    else:
        return Appended(have, f"HTTP {status} for {url}")
    with part.open(mode) as out:
        try:
            for chunk in chunks:
                if have + len(chunk) > size:
                    out.close()
                    part.unlink()
                    return Appended(0, f"refused: {url} is longer than the declared {size} bytes",
                                    discarded=True)
                out.write(chunk)
                have += len(chunk)
        finally:
            if not out.closed:
                out.flush()
                os.fsync(out.fileno())  # a power cut must not leave a .part with a hole at its end
    if have < size:
        return Appended(have, f"short body: {have}/{size} bytes; will resume")
    return Appended(have)
