"""What a build warns about before air, as typed values: a code and its parameters.

The text is the catalogs' (Vietnamese first); build.json keeps the code and parameters, script.md
lists the messages at its top, and the approval gate (radio.publish.approval) refuses a programme
with a blocking warning — an unconfirmed or expired fact on air — unless the approver accepts that
fact by name. The checks here are pure: they read a script, the register and the month's input.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from radio.content.facts import Fact, FactRegister, spoken_facts
from radio.content.script import Script, SegmentKind
from radio.core.i18n import DEFAULT_LANGUAGE, N_, Text, gettext

# 01/7/2025: no more district level (Luật 72/2025/QH15); the one-stop office became the commune's
# Trung tâm Phục vụ hành chính công (NĐ 118/2025/NĐ-CP).
TWO_LEVELS_FROM = date(2025, 7, 1)
OUTDATED_WORDS = ("UBND thị xã", "Ủy ban nhân dân thị xã", "thị xã", "Thị ủy", "huyện",
                  "Bộ phận Một cửa")
# Text saying the old level is gone ("không còn cấp huyện", "xã Phổ An cũ", "trước đây") is history.
_GONE = re.compile(r"(không còn|trước đây|trước ngày 01/7/2025|kết thúc|chấm dứt|cũ\b|giải thể"
                   r"|không tổ chức|bỏ cấp|thôi hoạt động)", re.IGNORECASE)
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")
ILLUSTRATIVE = re.compile(r"minh h[oọ]a|minh hoạ", re.IGNORECASE)


class WarningCode(StrEnum):
    UNCONFIRMED_FACT = "unconfirmed-fact"    # fact, value, source
    EXPIRED_FACT = "expired-fact"            # fact, value, until, replaced_by
    EXAMPLE_PLAN = "example-plan"            # plan, fields
    BORROWED_PLAN = "borrowed-plan"          # year, plan_year, file
    STALE_TEXT = "stale-text"                # segment, year, sentence
    ILLUSTRATIVE_FIGURE = "illustrative-figure"  # segment, sentence
    INVENTED_STORY = "invented-story"        # segment, title
    OUTDATED_NAME = "outdated-name"          # segment, word, sentence


MESSAGES: Mapping[WarningCode, str] = {
    WarningCode.UNCONFIRMED_FACT: N_(
        "Unconfirmed fact on air: {fact} = «{value}» (source: {source}); confirm it in the facts "
        "register, or accept it by name when approving (--accept {fact})"),
    WarningCode.EXPIRED_FACT: N_(
        "Out-of-date fact on air: {fact} = «{value}» was in force until {until}; update the facts "
        "register, or accept it by name when approving (--accept {fact})"),
    WarningCode.EXAMPLE_PLAN: N_(
        "The {plan} plan is an example: its {fields} are to be confirmed when the province issues it"),
    WarningCode.BORROWED_PLAN: N_(
        "{year} has no communication plan of its own: the {plan_year} plan ({file}) is used; "
        "start one with `radio plan {year} --new`"),
    WarningCode.STALE_TEXT: N_("{segment}: «{sentence}» speaks of {year} as the present"),
    WarningCode.ILLUSTRATIVE_FIGURE: N_(
        "{segment}: «{sentence}» gives an illustrative figure (minh họa); replace it with a real one"),
    WarningCode.INVENTED_STORY: N_(
        "{segment}: the story «{title}» is invented: it is introduced on air as an illustrative "
        "story; replace it with a real one from the units if you have it"),
    WarningCode.OUTDATED_NAME: N_(
        "{segment}: «{word}» no longer exists since 01/7/2025: «{sentence}»"),
}
BLOCKING = (WarningCode.UNCONFIRMED_FACT, WarningCode.EXPIRED_FACT)


@dataclass(frozen=True)
class BuildWarning:
    code: WarningCode
    params: tuple[tuple[str, str], ...]

    @property
    def blocking(self) -> bool:
        """Approval refuses the programme until the approver accepts `fact` by name."""
        return self.code in BLOCKING

    @property
    def fact(self) -> str:
        return dict(self.params).get("fact", "")

    @property
    def unit(self) -> str:
        """The unit whose own programme (issue 21) this is about, "" for the core."""
        return dict(self.params).get("unit", "")

    def text(self) -> Text:
        """The message, to show later in the reader's language (a progress event carries it);
        a unit's warning is prefixed with the unit's name."""
        text = Text(MESSAGES[self.code], tuple(p for p in self.params if p[0] != "unit"))
        return Text.of(N_("{unit}: {warning}"), unit=self.unit, warning=text) if self.unit else text

    def message(self, language: str = DEFAULT_LANGUAGE) -> str:
        return self.text().in_language(language)

    def in_language(self, language: str) -> str:
        return self.message(language)

    def __str__(self) -> str:
        return self.message()

    def as_json(self) -> dict[str, object]:
        return {"code": self.code.value, "params": dict(self.params), "blocking": self.blocking}

    @classmethod
    def from_json(cls, raw: Mapping[str, object]) -> BuildWarning:
        params = raw.get("params", {})
        if not isinstance(params, Mapping):
            raise ValueError(f"a build warning's params must be a table, got {params!r}")
        return cls(WarningCode(str(raw["code"])), tuple((str(k), str(v)) for k, v in params.items()))


def warning(code: WarningCode, **params: object) -> BuildWarning:
    return BuildWarning(code, tuple((k, str(v)) for k, v in params.items()))


def fact_warnings(script: Script, register: FactRegister, unit: str = "") -> list[BuildWarning]:
    """Facts the script speaks that are examples or out of date, each once."""
    day = date(script.month.year, script.month.month, 1)
    text = "\n".join(s.text for s in script.segments if not s.recorded)
    found: list[BuildWarning] = []
    for fact in spoken_facts(text, register.on(day, unit).values()):
        if not fact.confirmed:
            found.append(warning(WarningCode.UNCONFIRMED_FACT, fact=fact.name,
                                 value=fact.spoken(), source=fact.source))
    for fact in spoken_facts(text, register.expired(day, unit).values()):
        found.append(_expired(fact))
    return found


def _expired(fact: Fact) -> BuildWarning:
    until = fact.valid_to.strftime("%d/%m/%Y") if fact.valid_to else ""
    return warning(WarningCode.EXPIRED_FACT, fact=fact.name, value=fact.spoken(), until=until,
                   replaced_by=fact.replaced_by)


def text_warnings(script: Script, editorial: Iterable[str] = ()) -> list[BuildWarning]:
    """Invented stories (framed on air), illustrative figures, and names of the dissolved level
    spoken after 07/2025. `editorial`: segment ids written from the editor's input."""
    found: list[BuildWarning] = []
    late = date(script.month.year, script.month.month, 1) >= TWO_LEVELS_FROM
    for line in script.notes.splitlines():  # "Số liệu minh họa: thay bằng số liệu…"
        if ILLUSTRATIVE.search(line):
            found.append(warning(WarningCode.ILLUSTRATIVE_FIGURE, segment="episode.toml (notes)",
                                 sentence=" ".join(line.split())))
    for segment in script.segments:
        if segment.recorded:
            continue
        if segment.kind == SegmentKind.STORY and segment.id not in editorial:
            found.append(warning(WarningCode.INVENTED_STORY, segment=segment.id,
                                 title=segment.title))
        for sentence in _SENTENCE.findall(segment.text):
            said = " ".join(sentence.split())
            if ILLUSTRATIVE.search(said) and "câu chuyện minh họa" not in said:
                found.append(warning(WarningCode.ILLUSTRATIVE_FIGURE, segment=segment.id,
                                     sentence=said))
            word = outdated_word(said) if late else None
            if word:
                found.append(warning(WarningCode.OUTDATED_NAME, segment=segment.id, word=word,
                                     sentence=said))
    return found


def outdated_word(sentence: str) -> str | None:
    """The first name of the dissolved level the sentence speaks of as living, or None."""
    if _GONE.search(sentence):
        return None
    for word in OUTDATED_WORDS:
        if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", sentence, re.IGNORECASE if word == "huyện"
                     else 0):
            return word
    return None


def blocking_facts(warnings: Iterable[BuildWarning]) -> dict[str, BuildWarning]:
    """Fact name → its blocking warning: what an approver must confirm or accept by name."""
    return {w.fact: w for w in warnings if w.blocking}


def markdown_section(warnings: Iterable[BuildWarning], language: str = DEFAULT_LANGUAGE) -> list[str]:
    """The list at the top of script.md: what the approver must check, blocking ones first."""
    ordered = sorted(warnings, key=lambda w: not w.blocking)
    if not ordered:
        return []
    heading = gettext(language, N_("Check before approval"))
    lines = [f"## {heading}", ""]
    for item in ordered:
        mark = "**" + gettext(language, N_("Refused until confirmed or accepted")) + ":** " \
            if item.blocking else ""
        lines.append(f"- {mark}{item.message(language)}")
    return [*lines, ""]
