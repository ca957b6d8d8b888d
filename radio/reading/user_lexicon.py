"""Adding the editor's own readings ("Sửa cách đọc") to their lexicon file, comments kept."""

from __future__ import annotations

from pathlib import Path

import tomlkit

from radio.core.atomic import write_text_atomic
from radio.core.errors import RadioError
from radio.core.i18n import N_

NEW_LEXICON = (
    "# Cách đọc riêng của biên tập viên: thắng cách đọc có sẵn, từng khóa một.\n"
    "# Same shape as radio/reading/lexicon.toml.\n\n[words]\n"
)


def add_word(path: Path, written: str, reading: str) -> None:
    """Set `written` → `reading` in the file's [words] table (created if needed), atomically."""
    written, reading = " ".join(written.split()), " ".join(reading.split())
    if not written or not reading:
        raise RadioError(N_("give both the word as written and how it is read"))
    if len(written) > 80 or len(reading) > 200:
        raise RadioError(N_("a lexicon entry is a word or short phrase (80 characters) and its reading"))
    text = path.read_text(encoding="utf-8") if path.is_file() else NEW_LEXICON
    try:
        doc = tomlkit.parse(text)
    except tomlkit.exceptions.ParseError as err:
        raise RadioError(N_("{file}: invalid TOML ({problem}); fix the file first"), file=str(path),
                         problem=str(err)) from None
    if "words" not in doc:
        doc["words"] = tomlkit.table()
    doc["words"][written] = reading
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(path, tomlkit.dumps(doc))
