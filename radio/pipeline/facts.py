"""What a build made, as plain values: the source of build.json, script.md and the database record."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from radio.content.planning import BuiltMonth
from radio.content.script import Script
from radio.content.warnings import BuildWarning, markdown_section
from radio.core.hashing import text_sha256
from radio.publish.approval import HeardInput, HeardKind
from radio.speech.kinds import Voice


@dataclass(frozen=True)
class SegmentFacts:
    id: str
    kind: str
    topic: int | None
    title: str
    text: str
    reading: str  # the words the engine was given (after the reading normaliser)
    engine: str   # gtts | espeak | recorded | jingle
    start_s: float
    duration_s: float
    predicted_s: float
    recording: str = ""         # a recorded segment: its file (relative to the month's folder)
    recording_sha256: str = ""  # and that file's content when the build read it


@dataclass(frozen=True)
class VariantFacts:
    """One unit's programme (issue 21): its file beside episode.mp3 and what it holds."""

    unit: str                  # the unit's key ([network.groups] in schedule.toml)
    unit_name: str             # as said on air: "phường Sa Huỳnh"
    file: str                  # relative to the month's folder: "episode-sa-huynh.mp3"
    sha256: str
    duration_s: float
    stations: tuple[str, ...]  # the stations that air it
    title: str
    loudness_lufs: float
    true_peak_dbtp: float
    segments: tuple[SegmentFacts, ...]  # the whole programme, in order (chapters)
    local: tuple[str, ...] = ()         # ids of its segments the whole area's programme lacks

    def as_json(self) -> dict[str, object]:
        return {"unit": self.unit, "unit_name": self.unit_name, "file": self.file,
                "sha256": self.sha256, "duration": round(self.duration_s, 3),
                "stations": list(self.stations), "title": self.title,
                "loudness_lufs": round(self.loudness_lufs, 2),
                "true_peak_dbtp": round(self.true_peak_dbtp, 2), "local": list(self.local),
                "segments": [_segment_json(s) for s in self.segments]}

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> VariantFacts:
        return cls(unit=raw["unit"], unit_name=raw["unit_name"], file=raw["file"],
                   sha256=raw["sha256"], duration_s=float(raw["duration"]),
                   stations=tuple(raw["stations"]), title=raw["title"],
                   loudness_lufs=float(raw["loudness_lufs"]),
                   true_peak_dbtp=float(raw["true_peak_dbtp"]), local=tuple(raw["local"]),
                   segments=tuple(SegmentFacts(**s) for s in raw["segments"]))


@dataclass(frozen=True)
class EpisodeFacts:
    month: str
    title: str
    duration_s: float
    predicted_s: float
    loudness_lufs: float
    true_peak_dbtp: float
    sha256: str
    script_sha256: str  # the approval digest: of every input heard (radio.publish.approval)
    topics: tuple[int, ...]
    segments: tuple[SegmentFacts, ...]
    built_at: datetime
    material: tuple[str, ...] = ()  # optional template blocks used, so later months use others
    planned: tuple[int, ...] = ()   # the topics the month was given (the hotline's area aside)
    voice: str = ""          # the one voice that spoke (recorded segments aside)
    inputs_sha256: str = ""  # every input of the programme: an equal one at a rebuild = unchanged
    inputs: tuple[HeardInput, ...] = ()  # what is heard, one hash each: what approval covers
    warnings: tuple[BuildWarning, ...] = ()  # what the approver must check (blocking: facts)
    variants: tuple[VariantFacts, ...] = ()  # one programme per unit (issue 21); none: one for all

    @property
    def engines(self) -> dict[str, int]:
        """How many spoken segments each engine produced (jingles not counted)."""
        return dict(Counter(s.engine for s in self.segments if s.engine != Voice.JINGLE))


def script_digest(script: Script) -> str:
    """A hash of the script as written, in order (timings aside); what approval covers is wider:
    `heard_inputs`."""
    content = [(s.id, s.kind, s.topic, s.title, s.text, str(s.recorded or "")) for s in script.segments]
    return text_sha256(json.dumps(content, ensure_ascii=False))


def heard_inputs(segments: tuple[SegmentFacts, ...], jingles: Mapping[str, str],
                 voices: Mapping[str, str]) -> tuple[HeardInput, ...]:
    """Every input that changes the audio, hashed: `jingles` maps a jingle's role to its file's
    sha256, `voices` an engine that spoke to its identity. A spoken segment counts by its words as
    read (after the normaliser), its title and the engine reading it; a recorded one by its file."""
    found = [HeardInput(HeardKind.VOICE, name, text_sha256(identity))
             for name, identity in sorted(voices.items())]
    found += [HeardInput(HeardKind.JINGLE, role, sha256) for role, sha256 in sorted(jingles.items())]
    for s in segments:
        if s.recording:
            found.append(HeardInput(HeardKind.RECORDING, s.recording, s.recording_sha256))
        elif s.engine != Voice.JINGLE:
            words = json.dumps([s.kind, s.topic, s.title, s.reading, s.engine], ensure_ascii=False)
            found.append(HeardInput(HeardKind.TEXT, s.id, text_sha256(words)))
    return tuple(dict.fromkeys(found))  # a file recorded for two segments is one input


def built_months(episodes_dir: Path, year: int) -> dict[int, BuiltMonth]:
    """Months of `year` already built, with the topics and material they were built with.

    Read from each month's build.json; one that cannot be read does not count: that month is
    planned like an unbuilt one.
    """
    built: dict[int, BuiltMonth] = {}
    for month in range(1, 13):
        path = episodes_dir / f"{year:04d}-{month:02d}" / "build.json"
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
            topics, material = document["planned_topics"], document.get("material", [])
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if all(isinstance(t, int) for t in topics) and all(isinstance(k, str) for k in material):
            built[month] = BuiltMonth(tuple(topics), tuple(material))
    return built


def build_json(facts: EpisodeFacts) -> str:
    document = {
        "month": facts.month,
        "title": facts.title,
        "duration_s": round(facts.duration_s, 3),
        "predicted_duration_s": round(facts.predicted_s, 3),
        "loudness_lufs": round(facts.loudness_lufs, 2),
        "true_peak_dbtp": round(facts.true_peak_dbtp, 2),
        "topics": list(facts.topics),
        "planned_topics": list(facts.planned),
        "material": list(facts.material),
        "sha256": facts.sha256,
        "script_sha256": facts.script_sha256,
        "engines": facts.engines,
        "voice": facts.voice,
        "inputs_sha256": facts.inputs_sha256,
        "inputs": [i.as_json() for i in facts.inputs],
        "built_at": facts.built_at.isoformat(),
        "warnings": [w.as_json() | {"message": w.message()} for w in facts.warnings],
        "segments": [_segment_json(s) for s in facts.segments],
        **({"variants": [v.as_json() for v in facts.variants]} if facts.variants else {}),
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _segment_json(s: SegmentFacts) -> dict[str, object]:
    return {
        "id": s.id,
        "kind": s.kind,
        "topic": s.topic,
        "title": s.title,
        "engine": s.engine,
        "start_s": round(s.start_s, 3),
        "duration_s": round(s.duration_s, 3),
        "predicted_s": round(s.predicted_s, 3),
        "text": s.text,        # as written, and as the engine was given it: the Studio
        "reading": s.reading,  # shows them side by side
        **({"recording": s.recording, "recording_sha256": s.recording_sha256}
           if s.recording else {}),
    }


def script_markdown(facts: EpisodeFacts, window_s: tuple[float, float]) -> str:
    lines = [
        f"# {facts.title}",
        "",
        f"- Thời lượng: {clock(facts.duration_s)} (dự kiến {clock(facts.predicted_s)}; "
        f"khung {clock(window_s[0])}–{clock(window_s[1])})",
        f"- Độ to: {facts.loudness_lufs:.1f} LUFS, đỉnh thực {facts.true_peak_dbtp:.1f} dBTP",
        f"- Giọng đọc: {facts.voice or '—'}",
        f"- Chủ đề (mục II của Kế hoạch): {', '.join(str(t) for t in facts.topics) or '—'}",
        f"- Mã phê duyệt (lời đọc, ghi âm, nhạc hiệu, giọng đọc): `{facts.script_sha256}`",
        f"- MP3 sha256: `{facts.sha256}`",
        "",
        *markdown_section(facts.warnings),
    ]
    if facts.variants:
        lines += [f"Mỗi đơn vị có chương trình riêng ({len(facts.variants)} đơn vị): phần chung dưới "
                  "đây đọc một lần; phần riêng của từng đơn vị (lời chào, nơi làm thủ tục, tin "
                  "riêng, lời cảm ơn) ở cuối, thay cho các đoạn tương ứng.", ""]
    for number, segment in enumerate(facts.segments, start=1):
        lines += _segment_lines(f"## {number}. {segment.title}", segment)
    for variant in facts.variants:
        lines += _variant_lines(variant, [w for w in facts.warnings if w.unit == variant.unit_name],
                                window_s)
    return "\n".join(lines + _approved_inputs(facts.inputs))


def _segment_lines(heading: str, segment: SegmentFacts) -> list[str]:
    topic = f" · chủ đề {segment.topic}" if segment.topic else ""
    lines = [
        heading,
        "",
        f"*{segment.kind}{topic} · {segment.engine} · bắt đầu {clock(segment.start_s)} · "
        f"dài {segment.duration_s:.1f} s (dự kiến {segment.predicted_s:.1f} s)*",
        "",
    ]
    if segment.recording:  # the announcer's file is what airs, not the text it replaced
        return lines + [f"**Bản ghi âm:** `{segment.recording}` · {segment.duration_s:.1f} s · "
                        f"sha256 `{segment.recording_sha256}`", ""]
    if segment.text:
        lines += [segment.text.strip(), ""]
    if segment.reading and segment.reading.strip() != segment.text.strip():
        quoted = [f"> {line}" if line else ">" for line in segment.reading.strip().splitlines()]
        lines += ["**Đọc là:**", "", *quoted, ""]
    return lines


def _variant_lines(variant: VariantFacts, warnings: list[BuildWarning],
                   window_s: tuple[float, float]) -> list[str]:
    """A unit's local part: its file, stations and warnings, then only the segments the whole
    area's programme does not have, at their place in the unit's programme."""
    lines = [
        f"## Phần riêng của {variant.unit_name}",
        "",
        f"- Tệp: `{variant.file}` · {variant.title}",
        f"- Thời lượng: {clock(variant.duration_s)} (khung {clock(window_s[0])}–"
        f"{clock(window_s[1])}) · độ to {variant.loudness_lufs:.1f} LUFS, đỉnh thực "
        f"{variant.true_peak_dbtp:.1f} dBTP",
        f"- Các đài phát: {', '.join(variant.stations) or '—'}",
        f"- MP3 sha256: `{variant.sha256}`",
        "",
        *[f"- **{w.message()}**" if w.blocking else f"- {w.message()}" for w in warnings],
        *([""] if warnings else []),
    ]
    for number, segment in enumerate(variant.segments, start=1):
        if segment.id in variant.local:
            lines += _segment_lines(f"### {variant.unit_name} · {number}. {segment.title}", segment)
    return lines


def _approved_inputs(inputs: tuple[HeardInput, ...]) -> list[str]:
    """The voices, jingles and recordings the approval covers, with their hashes."""
    shown = {HeardKind.VOICE: "Giọng đọc", HeardKind.JINGLE: "Nhạc hiệu", HeardKind.RECORDING: "Ghi âm"}
    rows = [f"- {shown[i.kind]} {i.name}: `{i.sha256}`" for i in inputs if i.kind in shown]
    if not rows:
        return []
    return ["## Phê duyệt bao gồm", "",
            "Lời đọc của từng đoạn (như trên), và:", "", *rows, ""]


def clock(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"
