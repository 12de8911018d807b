"""Tags and chapter markers, written with mutagen: ID3v2 (with CHAP/CTOC) on MP3s, iTunes atoms on the M4B."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from mutagen.id3 import (
    APIC,
    CHAP,
    COMM,
    CTOC,
    ID3,
    TALB,
    TCOM,
    TCON,
    TCOP,
    TDRC,
    TIT2,
    TPE1,
    TPE2,
    TRCK,
    TXXX,
    WOAS,
    CTOCFlags,
)
from mutagen.id3._tags import save_frame
from mutagen.mp4 import MP4, MP4Cover

GENRE = "Audiobook"


class _ChapterOrderedID3(ID3):
    """mutagen writes frames shortest first, so a chapter with a long title came after its sections; ffmpeg,
    ffprobe and podcast apps list CHAP frames in file order. This writes the CHAP frames last, in time order.
    (It overrides mutagen's frame writer: tests/test_audio.py reads the order back with ffprobe.)"""

    def _write(self, config: object) -> bytearray:
        chapters = sorted(self.getall("CHAP"), key=lambda chap: (chap.start_time, chap.end_time))
        self.delall("CHAP")
        try:
            data: bytearray = super()._write(config)
            for chapter in chapters:
                data += save_frame(chapter, config=config)
        finally:
            for chapter in chapters:
                self.add(chapter)
        return data


@dataclass(frozen=True)
class BookTags:
    work: str
    author: str
    year: int | None
    source_url: str | None
    licence: str | None
    """None when the source states no rights: the files then claim none."""
    narration: str
    """Who or what reads: "Synthetic narration by the voice heart (hibari-tts 0.2.1)"."""
    cover_png: bytes | None
    narrator: str = ""
    """Who reads, as players show it: the user's --narrator, or the voice."""
    settings: str = ""
    """The audio settings (bit rate, voice, levels), for the record."""


def tag_mp3(
    path: Path,
    tags: BookTags,
    title: str,
    track: int,
    tracks: int | None,
    markers: Sequence[tuple[str, int, int]],
) -> None:
    id3 = _ChapterOrderedID3()
    id3.add(TIT2(encoding=3, text=title))
    id3.add(TPE1(encoding=3, text=tags.author))
    id3.add(TPE2(encoding=3, text=tags.author))
    id3.add(TALB(encoding=3, text=tags.work))
    id3.add(TRCK(encoding=3, text=f"{track}/{tracks}" if tracks else str(track)))
    id3.add(TCON(encoding=3, text=GENRE))
    if tags.year is not None:
        id3.add(TDRC(encoding=3, text=str(tags.year)))
    if tags.source_url:
        id3.add(WOAS(url=tags.source_url))
    if tags.licence:
        id3.add(TCOP(encoding=3, text=tags.licence))
        id3.add(TXXX(encoding=3, desc="LICENSE", text=tags.licence))
    if tags.narrator:
        id3.add(TCOM(encoding=3, text=tags.narrator))  # where audiobook players look for the narrator
    id3.add(COMM(encoding=3, lang="eng", desc="", text=tags.narration))
    if tags.settings:
        id3.add(TXXX(encoding=3, desc="PRESSROOM_SETTINGS", text=tags.settings))
    if tags.cover_png is not None:
        id3.add(APIC(encoding=3, mime="image/png", type=3, desc="Cover", data=tags.cover_png))
    ids = [f"chp{number}" for number in range(len(markers))]
    id3.add(CTOC(element_id="toc", flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED, child_element_ids=ids,
                 sub_frames=[TIT2(encoding=3, text=title)]))  # fmt: skip
    for element_id, (name, start, end) in zip(ids, markers, strict=True):
        id3.add(CHAP(element_id=element_id, start_time=start, end_time=end, sub_frames=[TIT2(encoding=3, text=name)]))
    id3.save(path, v2_version=4, padding=lambda info: 0)


def tag_m4b(path: Path, tags: BookTags) -> None:
    mp4 = MP4(path)
    mp4["\xa9nam"] = [tags.work]
    mp4["\xa9ART"] = [tags.author]
    mp4["aART"] = [tags.author]
    mp4["\xa9alb"] = [tags.work]
    mp4["\xa9gen"] = [GENRE]
    mp4["\xa9cmt"] = [tags.narration]
    if tags.licence:
        mp4["cprt"] = [tags.licence]
    if tags.narrator:
        mp4["\xa9nrt"] = [tags.narrator]
        mp4["\xa9wrt"] = [tags.narrator]  # the composer atom, which Audiobookshelf and others read as narrator
    if tags.year is not None:
        mp4["\xa9day"] = [str(tags.year)]
    if tags.source_url:
        mp4["----:com.apple.iTunes:SOURCE_URL"] = [tags.source_url.encode("utf-8")]
    if tags.settings:
        mp4["----:com.apple.iTunes:PRESSROOM_SETTINGS"] = [tags.settings.encode("utf-8")]
    mp4["stik"] = [2]  # media kind: audiobook
    if tags.cover_png is not None:
        mp4["covr"] = [MP4Cover(tags.cover_png, imageformat=MP4Cover.FORMAT_PNG)]
    mp4.save(padding=lambda info: 0)
