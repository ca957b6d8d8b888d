"""The month's build warnings where a person decides (Dựng, Duyệt, Phát hành), in their language.

A warning that blocks approval (an unconfirmed or out-of-date fact on air) is listed first, with
whether the approval accepted it by name: the approve form offers one checkbox per blocking fact,
as `radio approve --accept NAME` does.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from radio.content.warnings import BuildWarning


@dataclass(frozen=True)
class ShownWarning:
    message: str
    blocking: bool
    fact: str       # the name an approver accepts ("" for a warning that does not block)
    accepted: bool  # the month's approval accepted it by name


def shown_warnings(built: Mapping[str, Any] | None, accepted: Iterable[str], language: str) -> list[ShownWarning]:
    """The warnings of a build (build.json's facts), blocking ones first, each fact once."""
    names = set(accepted)
    shown: list[ShownWarning] = []
    seen: set[tuple[str, str]] = set()
    for raw in (built or {}).get("warnings", ()):
        item = BuildWarning.from_json(raw)
        message = item.message(language)
        key = ("fact", item.fact) if item.blocking else ("text", message)  # one checkbox a fact
        if key in seen:
            continue
        seen.add(key)
        shown.append(ShownWarning(message, item.blocking, item.fact if item.blocking else "",
                                  item.blocking and item.fact in names))
    return sorted(shown, key=lambda w: not w.blocking)


def accepted_of(approval: Any, script_sha256: str | None) -> Sequence[str]:
    """What the approval of exactly this build accepted by name (nothing for an older build's)."""
    if approval is None or script_sha256 is None or approval.script_sha256 != script_sha256:
        return ()
    return tuple(approval.accepted or ())
