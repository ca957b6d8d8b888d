"""ID3v2.3 tags and chapters for the episode MP3 (v2.3: Windows players handle v2.4 badly)."""

from __future__ import annotations

import io
from dataclasses import dataclass

from mutagen.id3 import CHAP, COMM, CTOC, ID3, TALB, TCON, TIT2, TLEN, TPE1, TRCK, TYER, CTOCFlags

from radio.content.settings import ProgramSettings
from radio.core.month import Month

_NO_OFFSET = 0xFFFFFFFF  # CHAP byte offsets "not given": players use the times


@dataclass(frozen=True)
class EpisodeTags:
    title: str    # "Chuyên mục Cải cách hành chính tháng 5 năm 2024"
    artist: str   # the producing centre
    album: str    # the programme and year
    year: int
    track: int    # the month: one episode a month
    genre: str
    comment: str


@dataclass(frozen=True)
class ChapterMark:
    title: str
    start_s: float
    end_s: float


def episode_tags(program: ProgramSettings, month: Month) -> EpisodeTags:
    """The standard tags of a monthly episode, in Vietnamese, with the identity of its month."""
    identity = program.identity_of(month)
    return EpisodeTags(
        title=f"{program.name} tháng {month.month} năm {month.year}",
        artist=identity.centre,
        album=f"{program.name} năm {month.year}",
        year=month.year,
        track=month.month,
        genre="Speech",
        comment=(f"Tuyên truyền cải cách hành chính {identity.area}, "
                 f"tháng {month.month:02d}/{month.year}. "
                 f"Phản ánh, kiến nghị: đường dây nóng {identity.hotline}."),
    )


def tag_bytes(tags: EpisodeTags, duration_s: float, chapters: list[ChapterMark]) -> bytes:
    """Our ID3v2.3 tag, chapters included, as the bytes that start the file (with padding): the
    file is written once, tag then frames, not written and then rewritten to insert the tag."""
    id3 = ID3()
    id3.add(TIT2(encoding=1, text=tags.title))
    id3.add(TPE1(encoding=1, text=tags.artist))
    id3.add(TALB(encoding=1, text=tags.album))
    id3.add(TYER(encoding=1, text=str(tags.year)))
    id3.add(TRCK(encoding=1, text=f"{tags.track}/12"))
    id3.add(TCON(encoding=1, text=tags.genre))
    id3.add(COMM(encoding=1, lang="vie", desc="", text=tags.comment))
    id3.add(TLEN(encoding=1, text=str(round(duration_s * 1000))))
    ids = [f"chp{i}" for i in range(len(chapters))]
    id3.add(CTOC(element_id="toc", flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED,
                 child_element_ids=ids, sub_frames=[TIT2(encoding=1, text=tags.title)]))
    for element_id, chapter in zip(ids, chapters, strict=True):
        id3.add(CHAP(element_id=element_id, start_time=round(chapter.start_s * 1000),
                     end_time=round(chapter.end_s * 1000), start_offset=_NO_OFFSET,
                     end_offset=_NO_OFFSET, sub_frames=[TIT2(encoding=1, text=chapter.title)]))
    id3.update_to_v23()
    head = io.BytesIO()
    id3.save(head, v2_version=3)
    return head.getvalue()
