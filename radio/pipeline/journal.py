"""The build's journal: how the next run finishes or undoes a build killed between its renames and
its database commit, so that episode files and the Episode record always end up agreeing.

The last step of a build (radio.pipeline.build) goes:
  1. every output is staged beside its target (`.episode.mp3.XXXX.tmp`);
  2. the record is written and flushed inside the open transaction (a constraint fails here);
  3. the last good files are kept (hard links `.episode.mp3.previous.tmp`) and this journal is
     written beside them, both flushed to disk;
  4. the staged files are renamed over their targets;
  5. the transaction commits;
  6. the journal and the kept files are removed.
A run that finds a journal reconciles it before anything else:
  - the record committed (the journal's sha256 and build time) → finish what is left of 4 and 6;
  - it did not, but every file is in place or staged with the hash the journal names → adopt:
    finish the renames and write the record the killed run was about to commit;
  - otherwise → discard: put the kept files back and remove the new ones, so the last good
    episode and its record are exactly as they were.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from radio.content.warnings import BuildWarning
from radio.core.atomic import (
    Staging,
    exclusive,
    fsync_dir,
    fsync_file,
    land,
    link_or_copy,
    remove_stale_temps,
    write_text_atomic,
)
from radio.core.errors import FilesError, RadioError
from radio.core.hashing import file_sha256
from radio.core.i18n import N_
from radio.pipeline.facts import EpisodeFacts, SegmentFacts, VariantFacts
from radio.pipeline.record import record_episode
from radio.publish.approval import HeardInput, HeardKind
from radio.store.db import transaction
from radio.store.episodes import find_episode

JOURNAL_NAME = ".build-journal.json"
SETTLE_WAIT_S = 10.0  # a build's commit (renames, one transaction) takes well under a second


@dataclass(frozen=True)
class JournalFile:
    name: str          # the output's name in the month folder
    temp: str          # its staged file
    sha256: str        # of the staged file
    kept: str | None   # the last good version, kept until the commit (None: there was none)


@dataclass(frozen=True)
class BuildJournal:
    folder: Path
    files: tuple[JournalFile, ...]
    facts: EpisodeFacts  # the record being committed
    mp3_path: Path
    topic_titles: Mapping[int, str]  # the plan's areas, recorded with it

    @property
    def path(self) -> Path:
        return self.folder / JOURNAL_NAME


def begin(folder: Path, staged: Staging, facts: EpisodeFacts, mp3_path: Path,
          topic_titles: Mapping[int, str]) -> BuildJournal:
    """Keep the last good files and write the journal, durably, before any staged file is renamed.

    The programmes' sha256 are the record's own (taken as each file was written): a province's
    hundred MP3s are not read again here."""
    known = {mp3_path.name: facts.sha256, **{v.file: v.sha256 for v in facts.variants}}
    files = []
    for temp, target in staged.pending:
        if target.parent != folder:
            raise ValueError(f"{target}: a build's outputs live in {folder}")
        kept = None
        if target.exists():
            kept = f".{target.name}.previous.tmp"
            (folder / kept).unlink(missing_ok=True)
            link_or_copy(target, folder / kept)
            fsync_file(folder / kept)
        files.append(JournalFile(target.name, temp.name, known.get(target.name) or file_sha256(temp),
                                 kept))
    journal = BuildJournal(folder, tuple(files), facts, mp3_path, dict(topic_titles))
    write_text_atomic(journal.path, _encode(journal))  # flushed, and its folder with the kept links
    return journal


def finish(journal: BuildJournal) -> None:
    """The record committed: the kept files and the journal go."""
    for entry in journal.files:
        if entry.kept:
            (journal.folder / entry.kept).unlink(missing_ok=True)
        (journal.folder / entry.temp).unlink(missing_ok=True)
    journal.path.unlink(missing_ok=True)


def recover(folder: Path, engine: Engine) -> list[str]:
    """Reconcile what a killed build of this folder left, then sweep its temporary files.

    Call it holding the folder's build lock. Returns one-line notices for the user.
    """
    notices = []
    if (folder / JOURNAL_NAME).exists():
        notices.append(reconcile(load(folder), engine, adopt=True))
    swept = [p.name for p in remove_stale_temps(folder)]
    if swept:
        notices.append(f"{folder}: removed {len(swept)} temporary file(s) left by an interrupted "
                       f"build ({', '.join(sorted(swept))})")
    return notices


def settle(episodes_dir: Path, engine: Engine, months: Iterable[str] | None = None,
           wait_s: float = SETTLE_WAIT_S) -> list[str]:
    """Finish or undo every half-finished build (of `months`, or of any month) as the next build
    would, before a command reads a month: approve, schedule, publish and the Studio's pages then
    meet the record and the files agreeing, never the old record beside the new episode.mp3.

    A cheap look when nothing waits (one stat per month). A journal whose build lock is held
    belongs to a build committing right now: it is given `wait_s` to finish on its own.
    """
    folders = (
        [episodes_dir / month for month in months] if months is not None
        else [path.parent for path in episodes_dir.glob(f"*/{JOURNAL_NAME}")]
    )
    notices: list[str] = []
    for folder in folders:
        deadline = time.monotonic() + wait_s
        while (folder / JOURNAL_NAME).exists():
            try:
                with exclusive(folder / ".build.lock", "a build is committing"):
                    notices += recover(folder, engine)
                break
            except FilesError:
                raise
            except RadioError:  # the lock is held: that build finishes (or undoes) it itself
                if time.monotonic() >= deadline:
                    notices.append(f"{folder.name}: a build is still committing; what is read now "
                                   "may be the episode before it")
                    break
                time.sleep(0.2)
    return notices


def reconcile(journal: BuildJournal, engine: Engine, adopt: bool) -> str:
    """Finish, adopt (if `adopt`) or discard a journaled build; a one-line notice of which."""
    facts, folder = journal.facts, journal.folder
    with transaction(engine) as session:
        record = find_episode(session, facts.month)
    committed = record is not None and record.sha256 == facts.sha256 \
        and record.built_at == facts.built_at
    states = {entry.name: _state(folder, entry) for entry in journal.files}
    missing = sorted(name for name, state in states.items() if state == "missing")
    if committed or (adopt and not missing):
        for entry in journal.files:
            if states[entry.name] == "staged":
                land(folder / entry.temp, folder / entry.name)
        fsync_dir(folder)
        if not committed:
            with transaction(engine) as session:
                record_episode(session, facts, journal.mp3_path, journal.topic_titles)
        finish(journal)
        if committed and missing:
            return (f"{facts.month}: an interrupted build had committed its record, but "
                    f"{', '.join(missing)} did not match it; run `radio build {facts.month}` again")
        how = "its record had committed" if committed else \
            "its files were complete and matched the record it was about to commit"
        return f"{facts.month}: finished a build that was interrupted ({how})"
    for entry in journal.files:
        target = folder / entry.name
        if entry.kept and (folder / entry.kept).exists():
            os.replace(folder / entry.kept, target)
            (folder / entry.kept).unlink(missing_ok=True)  # rename does nothing between hard links
        elif entry.kept is None and states[entry.name] == "landed":
            target.unlink()  # new, with no earlier version: no record names it
        (folder / entry.temp).unlink(missing_ok=True)
    fsync_dir(folder)
    journal.path.unlink(missing_ok=True)
    why = f"{', '.join(missing)} did not match what it was recording" if missing \
        else "its record did not commit"
    return f"{facts.month}: undid a build that was interrupted ({why}); the last good episode is back"


def load(folder: Path) -> BuildJournal:
    path = folder / JOURNAL_NAME
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        facts: dict[str, Any] = {key: tuple(value) if isinstance(value, list) else value
                                 for key, value in data["facts"].items()}  # JSON lists: tuples
        facts["segments"] = tuple(SegmentFacts(**s) for s in facts["segments"])
        facts["inputs"] = tuple(HeardInput(HeardKind(i["kind"]), i["name"], i["sha256"])
                                for i in facts.get("inputs", ()))
        facts["built_at"] = datetime.fromisoformat(facts["built_at"])
        facts["warnings"] = tuple(BuildWarning.from_json(w) for w in facts.get("warnings", ()))
        facts["variants"] = tuple(
            VariantFacts(**(v | {"segments": tuple(SegmentFacts(**s) for s in v["segments"]),
                                 "stations": tuple(v["stations"]), "local": tuple(v["local"])}))
            for v in facts.get("variants", ()))
        return BuildJournal(
            folder=folder,
            files=tuple(JournalFile(**entry) for entry in data["files"]),
            facts=EpisodeFacts(**facts),
            mp3_path=Path(data["mp3_path"]),
            topic_titles={int(k): v for k, v in data["topic_titles"].items()})
    except (ValueError, KeyError, TypeError) as err:  # written atomically: only a hand edit gets here
        raise RadioError(N_("{file}: unreadable build journal ({problem}); move it aside and check "
                            "episode.mp3 against the database before building again"),
                         file=str(path), problem=str(err)) from None


def _encode(journal: BuildJournal) -> str:
    facts: dict[str, Any] = asdict(journal.facts)
    facts["built_at"] = journal.facts.built_at.isoformat()
    facts["warnings"] = [w.as_json() for w in journal.facts.warnings]
    return json.dumps({"files": [asdict(entry) for entry in journal.files], "facts": facts,
                       "mp3_path": str(journal.mp3_path),
                       "topic_titles": {str(k): v for k, v in journal.topic_titles.items()}},
                      ensure_ascii=False, indent=1)


def _state(folder: Path, entry: JournalFile) -> str:
    """landed (the target has the new content), staged (still beside it), or missing."""
    for name, state in ((entry.name, "landed"), (entry.temp, "staged")):
        path = folder / name
        if path.is_file() and file_sha256(path) == entry.sha256:
            return state
    return "missing"
