"""How much two programmes say the same: the measure behind "no reruns".

Only the month's own material counts — topic segments with their extras, stories and Q&A —
not the fixed frame (jingles, greeting, hotline, closing) that every programme shares by design.
Text is compared paragraph by paragraph, weighted by syllables.
"""

from __future__ import annotations

import re

from radio.content.pace import text_features
from radio.content.script import Script, SegmentKind

FRAME = (SegmentKind.JINGLE_OPEN, SegmentKind.GREETING, SegmentKind.HOTLINE, SegmentKind.CLOSING,
         SegmentKind.JINGLE_CLOSE)
_WORDS = re.compile(r"[^\W_]+")


def paragraphs(script: Script) -> dict[str, int]:
    """The script's own paragraphs (normalised to their words) → syllables."""
    found: dict[str, int] = {}
    for segment in script.segments:
        if segment.kind in FRAME:
            continue
        for paragraph in segment.text.split("\n\n"):
            key = " ".join(_WORDS.findall(paragraph.lower()))
            if key:
                found[key] = text_features(paragraph).syllables
    return found


def shared_fraction(a: Script, b: Script) -> float:
    """Share of the smaller programme's own text that the other also says (0.0 – 1.0)."""
    pa, pb = paragraphs(a), paragraphs(b)
    smaller = min(sum(pa.values()), sum(pb.values()))
    if not smaller:
        return 0.0
    return sum(pa[key] for key in pa.keys() & pb.keys()) / smaller
