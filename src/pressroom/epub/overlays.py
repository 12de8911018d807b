"""EPUB 3 Media Overlays: a SMIL document per chapter that points each spoken block at its clip. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from posixpath import relpath

from lxml import etree

SMIL_NS = "http://www.w3.org/ns/SMIL"
OPS_NS = "http://www.idpf.org/2007/ops"
ACTIVE_CLASS = "-epub-media-overlay-active"


@dataclass(frozen=True)
class Par:
    """One spoken block: the element it highlights and the span of audio that reads it."""

    fragment: str
    audio_name: str
    begin_ms: int
    end_ms: int


@dataclass(frozen=True)
class AudioFile:
    name: str
    """Path in the package (`audio/chapter-001.mp3`)."""
    item_id: str
    source: str
    """The MP3 on disk, streamed into the package (never held in memory)."""


@dataclass(frozen=True)
class Overlay:
    smil_name: str
    """Path in the package (`smil/chapter-001.smil`)."""
    smil_id: str
    page_name: str
    page_id: str
    audio: tuple[AudioFile, ...]
    """The chapter's file, or its parts when it is too long for one."""
    duration_ms: int
    pars: tuple[Par, ...]


def clock(ms: int) -> str:
    """SMIL clock value `h:mm:ss.fff`, also the form of `media:duration`."""
    seconds, millis = divmod(ms, 1000)
    minutes, second = divmod(seconds, 60)
    hours, minute = divmod(minutes, 60)
    return f"{hours}:{minute:02d}:{second:02d}.{millis:03d}"


def smil_document(overlay: Overlay) -> bytes:
    smil = etree.Element(f"{{{SMIL_NS}}}smil", nsmap={None: SMIL_NS, "epub": OPS_NS}, version="3.0")
    body = etree.SubElement(smil, f"{{{SMIL_NS}}}body")
    seq = etree.SubElement(body, f"{{{SMIL_NS}}}seq", id="seq-1")
    seq.set(f"{{{OPS_NS}}}textref", _relative(overlay.page_name, overlay.smil_name))
    seq.set(f"{{{OPS_NS}}}type", "bodymatter chapter")
    page = _relative(overlay.page_name, overlay.smil_name)
    for number, par in enumerate(overlay.pars, start=1):
        element = etree.SubElement(seq, f"{{{SMIL_NS}}}par", id=f"par-{number}")
        etree.SubElement(element, f"{{{SMIL_NS}}}text", src=f"{page}#{par.fragment}")
        audio = _relative(par.audio_name, overlay.smil_name)
        etree.SubElement(
            element, f"{{{SMIL_NS}}}audio", src=audio, clipBegin=clock(par.begin_ms), clipEnd=clock(par.end_ms)
        )
    return bytes(etree.tostring(smil, xml_declaration=True, encoding="utf-8"))


def total_ms(overlays: Sequence[Overlay]) -> int:
    return sum(overlay.duration_ms for overlay in overlays)


def _relative(target: str, source: str) -> str:
    return relpath(target, source.rsplit("/", 1)[0])


@dataclass(frozen=True)
class Narration:
    """What makes a book a narrated book: its overlays (with the audio they play), and who reads."""

    overlays: tuple[Overlay, ...]
    narrator: str
