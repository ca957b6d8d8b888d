"""The signing key's one rule and the emergency: the CLI and the Studio both send through here.

A missing secret key is never answered with "make a new key": stations pin the public key, so a
new one cuts every station off until each is set up again. The advice is to restore the key from
its offline backup; creating one is offered only before anything was signed with a key.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import uuid
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from pathlib import Path

from sqlalchemy import Engine

from radio.broadcast.stations import Network, Station
from radio.config import Settings
from radio.core.atomic import write_text_atomic
from radio.core.environment import SIGNING_PASSWORD
from radio.core.errors import RadioError, SigningKeyError
from radio.core.i18n import N_
from radio.core.progress import SILENT, Reporter
from radio.protocol import minisign
from radio.protocol.kinds import Priority
from radio.publish.publisher import PublishResult, add_emergency, publish
from radio.store import audit, publications
from radio.store.db import transaction
from radio.store.tables import EmergencyRow


class KeyState(StrEnum):
    PRESENT = "present"
    NONE_YET = "none yet"  # nothing ever signed: a key may be created
    MISSING = "missing"  # releases were signed with a key that is gone: restore it, do not replace it


def key_state(engine: Engine, network: Network) -> KeyState:
    if network.secret_key.is_file():
        return KeyState.PRESENT
    with transaction(engine) as session:
        signed = publications.latest_release(session) is not None
    return KeyState.MISSING if signed or network.public_key.is_file() else KeyState.NONE_YET


MISSING_KEY = N_(
    "{path}: the secret signing key is missing; restore it from its offline backup (with "
    "{public}). Only if it is lost for good: `radio keygen`, then pin the new public key "
    "again at every station, which refuses every release until then")


def _missing_key(network: Network) -> SigningKeyError:
    """What to do about a missing secret key (never "run radio keygen" first)."""
    return SigningKeyError(MISSING_KEY, path=str(network.secret_key), public=str(network.public_key))


def signing_key(network: Network) -> minisign.SecretKey:
    """The centre's signing key, or a SigningKeyError saying what to do (exit code KEY)."""
    path = network.secret_key
    if not path.exists():
        raise _missing_key(network)
    try:
        return minisign.load_secret_key(path, SIGNING_PASSWORD.get())
    except RadioError as err:
        raise SigningKeyError(err.text) from None


def create_signing_key(engine: Engine, network: Network) -> minisign.PublicKey:
    """A first key pair (the Studio's button); refused once releases were signed with another."""
    if key_state(engine, network) is KeyState.MISSING:
        raise _missing_key(network)
    return minisign.write_keypair(network.secret_key, network.public_key, SIGNING_PASSWORD.get())


@dataclass(frozen=True)
class EmergencySent:
    item: EmergencyRow
    stations: tuple[Station, ...]
    release: PublishResult


def send_emergency(
    engine: Engine,
    settings: Settings,
    title: str,
    stations: tuple[Station, ...],
    now: datetime,
    *,
    audio: Path | None = None,
    text: str = "",
    hours: float = 24.0,
    priority: Priority = Priority.EMERGENCY,
    by: str | None = None,
    report: Reporter = SILENT,
) -> EmergencySent:
    """Record an urgent item (an MP3, or `text` spoken by the engine) for `stations` and publish it.

    The key is loaded first: a missing key must not leave a stray item behind. `by` (a Studio
    account) gets an audit entry.
    """
    if not title.strip():
        raise RadioError(N_("--title: give the announcement a title"))
    key = signing_key(settings.network)
    with tempfile.TemporaryDirectory(prefix="radio-emergency-") as temp:
        if audio is None:
            if not text.strip():
                raise RadioError(N_("give an MP3 file or the text to be spoken"))
            from radio.pipeline.announce import speak_to_mp3  # the speech engines, only when needed

            audio = Path(temp) / "emergency.mp3"
            speak_to_mp3(text, settings, audio)
        item = add_emergency(engine, settings, audio, title, stations, now, hours, priority)
    result = publish(engine, settings, key, now, report=report)
    if by is not None:
        with transaction(engine) as session:
            audit.add_entry(session, by, "emergency", item.id,  now,
                            f"{title} → {len(stations)} station(s), release {result.sequence}")
    return EmergencySent(item, stations, result)


# ---------------------------------------------------------------- hear it first, then send; recall

DRAFT_HOURS = 24  # a draft not sent within a day is stale: prepared again, heard again


@dataclass(frozen=True)
class EmergencyDraft:
    """An announcement prepared and not sent: its audio is exactly what `send_draft` publishes."""

    id: str
    title: str
    stations: tuple[str, ...]  # station ids
    hours: float
    priority: str
    duration_s: float
    spoken: bool  # True: typed text spoken by the engine; False: an uploaded MP3
    created_at: datetime


def drafts_dir(settings: Settings) -> Path:
    """Beside the database's other private files, never in the publish tree (which is served)."""
    return settings.root / ".radio" / "emergency-drafts"


def prepare_emergency(
    settings: Settings,
    title: str,
    stations: tuple[Station, ...],
    now: datetime,
    *,
    audio: Path | None = None,
    text: str = "",
    hours: float = 24.0,
    priority: Priority = Priority.EMERGENCY,
) -> EmergencyDraft:
    """Check the announcement and make its audio (the engine `send_emergency` would use) to hear
    before it goes anywhere; nothing is published or recorded in the database."""
    if not title.strip():
        raise RadioError(N_("--title: give the announcement a title"))
    signing_key(settings.network)  # a missing key is said now, not after the admin has listened
    if not stations:
        raise RadioError(N_("--to: name at least one station, group, or all"))
    if not hours > 0:
        raise RadioError(N_("--hours: must be more than 0"))
    try:
        now + timedelta(hours=hours)
    except OverflowError:  # hours=1e308: no such moment
        raise RadioError(N_("--hours: {hours} is too long; give how many hours the announcement "
                            "stays valid"), hours=hours) from None
    _prune_drafts(settings, now)
    draft_id = uuid.uuid4().hex
    folder = drafts_dir(settings) / draft_id
    folder.mkdir(parents=True)
    try:
        target = folder / "audio.mp3"
        if audio is not None:
            shutil.copyfile(audio, target)
            duration = _mp3_seconds(target)
        else:
            if not text.strip():
                raise RadioError(N_("give an MP3 file or the text to be spoken"))
            from radio.pipeline.announce import speak_to_mp3  # the speech engines, only when needed

            duration = speak_to_mp3(text, settings, target)
        draft = EmergencyDraft(draft_id, title.strip(), tuple(s.id for s in stations), hours,
                               str(priority), duration, audio is None, now)
        record = {**asdict(draft), "created_at": now.isoformat()}
        write_text_atomic(folder / "draft.json", json.dumps(record, ensure_ascii=False))
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return draft


def _mp3_seconds(path: Path) -> float:
    from mutagen import MutagenError
    from mutagen.mp3 import MP3

    try:
        info = MP3(path).info
    except MutagenError:
        info = None
    if info is None:
        raise RadioError(N_("the uploaded file is not an MP3 recording; send an MP3 file"))
    return float(info.length)


def load_draft(settings: Settings, draft_id: str, now: datetime) -> EmergencyDraft:
    """A prepared draft, or a RadioError when it is unknown, sent already, or stale."""
    path = drafts_dir(settings) / draft_id / "draft.json"
    if not draft_id.isalnum() or not path.is_file():
        raise RadioError(N_("this announcement was sent already or is no longer prepared; "
                            "prepare it again"))
    record = json.loads(path.read_text(encoding="utf-8"))
    draft = EmergencyDraft(**{**record, "stations": tuple(record["stations"]),
                              "created_at": datetime.fromisoformat(record["created_at"])})
    if now - draft.created_at > timedelta(hours=DRAFT_HOURS):
        raise RadioError(N_("this announcement was prepared more than {hours} hours ago; "
                            "prepare it again"), hours=DRAFT_HOURS)
    return draft


def draft_audio(settings: Settings, draft_id: str) -> Path | None:
    path = drafts_dir(settings) / draft_id / "audio.mp3"
    return path if draft_id.isalnum() and path.is_file() else None


def send_draft(engine: Engine, settings: Settings, draft_id: str, now: datetime, *,
               by: str | None = None, report: Reporter = SILENT) -> EmergencySent:
    """Send the draft that was heard and confirmed; the draft is gone once sent (no double send)."""
    draft = load_draft(settings, draft_id, now)
    folder = drafts_dir(settings) / draft_id
    stations = settings.network.select(list(draft.stations))
    sent = send_emergency(engine, settings, draft.title, stations, now, audio=folder / "audio.mp3",
                          hours=draft.hours, priority=Priority(draft.priority), by=by, report=report)
    shutil.rmtree(folder, ignore_errors=True)
    return sent


def _prune_drafts(settings: Settings, now: datetime) -> None:
    folder = drafts_dir(settings)
    if not folder.is_dir():
        return
    for draft in folder.iterdir():
        if now.timestamp() - draft.stat().st_mtime > DRAFT_HOURS * 3600:
            shutil.rmtree(draft, ignore_errors=True)


@dataclass(frozen=True)
class EmergencyRecalled:
    item: EmergencyRow
    release: PublishResult


def recall_emergency(engine: Engine, settings: Settings, item_id: str, now: datetime, *,
                     by: str = "-", report: Reporter = SILENT) -> EmergencyRecalled:
    """End a live emergency now and publish a release without it; stations drop it at their next
    sync (a station that already played it has played it). Audited."""
    key = signing_key(settings.network)  # before anything changes: a missing key changes nothing
    with transaction(engine) as session:
        until = publications.emergency_until(session, item_id)
        row = publications.end_emergency(session, item_id, now)
        if row is None or until is None:
            raise RadioError(N_("{item}: no such emergency is live (sent and not yet expired or "
                                "recalled)"), item=item_id)
    try:
        result = publish(engine, settings, key, now, report=report)
    except BaseException:  # the live release still carries it: so must the database
        with transaction(engine) as session:
            publications.restore_emergency(session, item_id, until)
        raise
    with transaction(engine) as session:
        audit.add_entry(session, by, "recall", item_id, now,
                        f"{row.title} → release {result.sequence}")
    return EmergencyRecalled(row, result)


def live_emergencies(engine: Engine, now: datetime) -> list[EmergencyRow]:
    """Items still valid, to offer recalling them."""
    with transaction(engine) as session:
        return publications.live_emergencies(session, now)
