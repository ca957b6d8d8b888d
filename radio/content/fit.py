"""Choosing optional material so the predicted programme lands near its target length."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from radio.core.errors import RadioError
from radio.core.i18n import N_


@dataclass(frozen=True)
class FitItem:
    key: str        # segment key, e.g. "topic-05" or "qa-05-1"
    title: str
    seconds: float  # predicted seconds it adds, pauses and jingles included


@dataclass(frozen=True)
class FitWindow:
    min_s: float
    target_s: float
    max_s: float


@dataclass(frozen=True)
class Fit:
    chosen: tuple[str, ...]  # keys of the optional items kept, in preference order
    total_s: float


STEADY_S = 20.0  # how much further from the target a rebuild may stay to keep its material


def fit(fixed: Sequence[FitItem], options: Sequence[FitItem], window: FitWindow, context: str,
        kept: Collection[str] | None = None) -> Fit:
    """Keep, in preference order, each option that brings the total closer to the target
    (or into the window from below) without passing the maximum.

    `options` come best first, so the editor's and template author's order decides which material
    stays. An option that would overshoot is skipped and smaller later ones still get their turn.
    A window that cannot be met raises RadioError saying how many seconds short or over.

    `kept`: the material the month's last build chose. A rebuild keeps it while it stays in the
    window and at most STEADY_S further from the target than a fresh choice: a sentence added to a
    news item must not make a topic lose a paragraph the approver has already read.
    """
    fresh = _fit(fixed, options, window, context)
    if kept is None:
        return fresh
    steady = [option for option in options if option.key in kept]
    total = sum(item.seconds for item in fixed) + sum(option.seconds for option in steady)
    if (window.min_s <= total <= window.max_s
            and abs(total - window.target_s) <= abs(fresh.total_s - window.target_s) + STEADY_S):
        return Fit(tuple(option.key for option in steady), total)
    return fresh


def _fit(fixed: Sequence[FitItem], options: Sequence[FitItem], window: FitWindow,
         context: str) -> Fit:
    fixed_s = sum(item.seconds for item in fixed)
    if fixed_s > window.max_s:
        longest = sorted(fixed, key=lambda item: item.seconds, reverse=True)[:3]
        raise RadioError(
            N_("{context}: the fixed part alone is predicted at {fixed}, {over:.0f} s over the "
               "{maximum} maximum; cut text or choose fewer topics or news items; longest: {longest}"),
            context=context, fixed=_mmss(fixed_s), over=fixed_s - window.max_s,
            maximum=_mmss(window.max_s),
            longest=", ".join(f"{item.title} ({item.seconds:.0f} s)" for item in longest))
    total = fixed_s
    chosen: list[str] = []
    for option in options:
        new = total + option.seconds
        closer = abs(new - window.target_s) < abs(total - window.target_s)
        if new <= window.max_s and (closer or total < window.min_s <= new):
            total = new
            chosen.append(option.key)
    if total < window.min_s:
        everything = fixed_s + sum(option.seconds for option in options)
        raise RadioError(
            N_("{context}: {short:.0f} s short of the {minimum} minimum (predicted {predicted} with "
               "{chosen} of {options} optional items, {everything} with all of them); add news or Q&A "
               "items to the month's episode.toml, choose another topic, or add optional blocks to "
               "the templates"),
            context=context, short=window.min_s - total, minimum=_mmss(window.min_s),
            predicted=_mmss(total), chosen=len(chosen), options=len(options),
            everything=_mmss(everything))
    return Fit(tuple(chosen), total)


def _mmss(seconds: float) -> str:
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes}:{rest:02d}"
