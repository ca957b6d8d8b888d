"""sha256 of files and bytes, hex-encoded: the one digest of audio, scripts, tokens and caches."""

from __future__ import annotations

import hashlib
from pathlib import Path


def file_sha256(path: Path) -> str:
    """Hex sha256 of a file, read in chunks (programmes are megabytes; never all in memory)."""
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def bytes_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def text_sha256(text: str) -> str:
    return bytes_sha256(text.encode("utf-8"))
