"""Who approved what is heard: publishing needs an approval of exactly the programme that was built.

The approval covers every input that changes the audio — each spoken segment's words as read (after
the normaliser), each recorded file and jingle by its content, each voice by its engine's identity —
not only the script's text: a recording or a jingle replaced after approval, or another voice,
makes a programme the approver never heard. The build records these inputs (radio.pipeline.facts)
with the episode; `approve` copies them into the approval, and `require_approval` names each one
that differs.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from radio.content.warnings import BuildWarning, blocking_facts
from radio.core.errors import NotReadyError, RadioError
from radio.core.hashing import text_sha256
from radio.core.i18n import N_, Joined
from radio.store import approvals
from radio.store.db import transaction
from radio.store.episodes import built_episode
from radio.store.tables import ApprovalRow, EpisodeRow


class HeardKind(StrEnum):
    """What kind of input of the audio an approval covers; listed in the order changes are named."""

    VOICE = "voice"          # an engine that spoke: its identity (engine, voice, settings)
    RECORDING = "recording"  # an announcer's file, by content
    JINGLE = "jingle"        # the opening or closing jingle, by content
    TEXT = "text"            # a spoken segment: its words as read, and the engine reading them


class FactsNotAccepted(NotReadyError):
    """Approval refused: the programme speaks unconfirmed or out-of-date facts not accepted by name."""

    def __init__(self, message: object = "", /, *, missing: Sequence[str] = (), **params: object) -> None:
        super().__init__(message, **params)
        self.missing = tuple(missing)  # the facts' names, for a form that offers to accept them


@dataclass(frozen=True)
class HeardInput:
    kind: HeardKind
    name: str    # the segment id, the recorded file's path, the jingle's role, the engine's name
    sha256: str  # of the words as read, the file's bytes or the engine's identity

    def as_json(self) -> dict[str, str]:
        return {"kind": self.kind, "name": self.name, "sha256": self.sha256}


def approval_digest(inputs: Iterable[HeardInput]) -> str:
    """One hash of everything heard: equal digests, equal programmes as far as approval goes."""
    rows = sorted([i.kind.value, i.name, i.sha256] for i in inputs)
    return text_sha256(json.dumps(rows, ensure_ascii=False))


def approve(engine: Engine, month: str, script_sha256: str, by: str, now: datetime,
            accept: Sequence[str] = ()) -> ApprovalRow:
    """Record that `by` approved `month` as built, with the digest they reviewed.

    Refused when the month was rebuilt since that digest was shown (script.md, the Studio): an
    approval only ever covers what the approver saw. Refused too while the programme speaks an
    unconfirmed or out-of-date fact that `accept` does not name (`check_accepted`).
    """
    with transaction(engine) as session:
        return approve_in(session, month, script_sha256, by, now, accept)


def approve_in(session: Session, month: str, script_sha256: str, by: str, now: datetime,
               accept: Sequence[str] = ()) -> ApprovalRow:
    """`approve` in the caller's transaction (radio.lifecycle.review adds its review row and audit entry)."""
    if not by.strip():
        raise RadioError(N_("--by: give the approver's name"))
    episode = built_episode(session, month)
    if episode.script_sha256 != script_sha256:
        raise NotReadyError(N_(
            "{month} was rebuilt after it was reviewed (reviewed {reviewed}…, built now "
            "{built}…); review the new script.md, then approve again"),
            month=month, reviewed=script_sha256[:12], built=episode.script_sha256[:12])
    accepted = check_accepted(month, episode.warnings or [], accept)
    approval = ApprovalRow(month=month, script_sha256=script_sha256, approved_by=by.strip(),
                           approved_at=now, inputs=list(episode.inputs or []), accepted=accepted)
    approvals.add_approval(session, approval)
    return approval


def blocking_warnings(warnings: Sequence[Mapping[str, object]]) -> dict[str, BuildWarning]:
    """An episode's recorded warnings that block approval, by the fact's name."""
    return blocking_facts(BuildWarning.from_json(raw) for raw in warnings)


def check_accepted(month: str, warnings: Sequence[Mapping[str, object]],
                   accept: Sequence[str]) -> list[str]:
    """The facts accepted by name, or a refusal naming each blocking fact not accepted (and an
    accepted name the programme has no warning for: a typo must not pass silently)."""
    blocking = blocking_warnings(warnings)
    for name in accept:
        if name not in blocking:
            raise RadioError(N_("--accept {name}: {month} has no unconfirmed or out-of-date fact of "
                                "that name; it has: {names}"), name=name, month=month,
                             names=", ".join(blocking) or "—")
    # every programme's, each unit's named (issue 21): one fact name may block several units
    missing = [w for w in (BuildWarning.from_json(raw) for raw in warnings)
               if w.blocking and w.fact not in accept]
    if missing:
        command = f"radio approve {month} --by NAME " + " ".join(f"--accept {name}" for name in blocking)
        raise FactsNotAccepted(N_(
            "{month} speaks facts that are not confirmed or no longer in force: {facts}. Confirm "
            "them in the facts register and rebuild, or accept each by name: {command}"),
            missing=[w.fact for w in missing],
            month=month, facts=Joined(tuple(w.text() for w in missing)), command=command)
    return list(dict.fromkeys(accept))


def require_approval(engine: Engine, episode: EpisodeRow, zone: ZoneInfo) -> ApprovalRow:
    """The approval covering exactly this build of the month, or a NotReadyError naming what
    changed since (times in `zone`, the network's)."""
    month = episode.month
    with transaction(engine) as session:
        approval = approvals.latest_approval(session, month)
    if approval is None:
        raise NotReadyError(N_("{month} is not approved; after review run "
                               "`radio approve {month} --by NAME`, then publish"), month=month)
    if approval.script_sha256 != episode.script_sha256:
        changed = describe_changes(approval.inputs or [], episode.inputs or [])
        raise NotReadyError(
            N_("{month}: {changed} after {by} approved it on {at}; have the new build reviewed and run "
               "`radio approve {month} --by NAME` again"),
            month=month, changed=changed, by=approval.approved_by,
            at=f"{approval.approved_at.astimezone(zone):%d/%m/%Y %H:%M}")
    missing = [name for name in blocking_warnings(episode.warnings or [])
               if name not in (approval.accepted or [])]
    if missing:
        command = f"radio approve {month} --by NAME " + " ".join(f"--accept {n}" for n in missing)
        raise NotReadyError(N_(
            "{month}: the approval by {by} did not accept {facts}, which the programme speaks "
            "unconfirmed or out of date; approve again with {command}"),
            month=month, by=approval.approved_by, facts=", ".join(missing), command=command)
    return approval


def describe_changes(approved: Sequence[dict[str, str]], built: Sequence[dict[str, str]],
                     most: int = 3) -> str:
    """What differs between two input lists, in words: "the recorded file x.wav changed"."""
    before = _by_key(approved)
    now = _by_key(built)
    if not before or not now:  # an approval from before inputs were recorded: the text is all it knew
        return "the script changed"
    found = []
    for key in sorted(before.keys() | now.keys(), key=_order):
        if key not in now:
            found.append(f"{_noun(*key)} was removed")
        elif key not in before:
            found.append(f"{_noun(*key)} was added")
        elif before[key] != now[key]:
            found.append(f"{_noun(*key)} changed")
    if not found:
        return "the programme changed"
    more = f" and {len(found) - most} more input(s)" if len(found) > most else ""
    return ", ".join(found[:most]) + more


def _by_key(inputs: Sequence[dict[str, str]]) -> dict[tuple[str, str], str]:
    return {(i["kind"], i["name"]): i["sha256"] for i in inputs}


def _order(key: tuple[str, str]) -> tuple[int, str]:
    kinds = [k.value for k in HeardKind]
    return (kinds.index(key[0]) if key[0] in kinds else len(kinds), key[1])


_JINGLES = {"jingle_open": "the opening jingle", "jingle_close": "the closing jingle"}


def _noun(kind: str, name: str) -> str:
    if kind == HeardKind.VOICE:
        return f"the voice {name}"
    if kind == HeardKind.RECORDING:
        return f"the recorded file {name}"
    if kind == HeardKind.JINGLE:
        return _JINGLES.get(name, f"the jingle {name}")
    if kind == HeardKind.TEXT:
        return f"the words of segment {name} as read"
    return f"the {kind} {name}"
