"""Turning a file's bytes into text: encodings, BOMs, line ends, and refusing binary files."""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from pressroom.errors import InputError, Notice

_TEXT_CONTROLS = frozenset("\t\n\r\f\v")
# A text file has next to no control characters; a binary one is full of them. A few in a short file (a form
# feed, a stray BEL in a header) do not make it binary: they are removed from the text and the fields.
_MAX_CONTROL_SHARE = 0.01
_FEW_CONTROLS = 16


@dataclass(frozen=True)
class DecodedText:
    text: str
    notices: tuple[Notice, ...] = ()


def decode_text(data: bytes, path: str) -> DecodedText:
    """UTF-8 (with or without BOM), UTF-16 with its BOM, else cp1252 with a notice; line ends become `\\n`."""
    notices: tuple[Notice, ...] = ()
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # UTF-16 is full of NUL bytes, but its byte-order mark says what it is.
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as err:
            raise InputError(f"a UTF-16 file with a broken character at byte {err.start}", path=path) from None
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        _refuse_controls(text, path)
        return DecodedText(text, notices)
    _refuse_binary(data, path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        text = data.decode("cp1252", errors="replace")
        line = data[: err.start].count(b"\n") + 1
        notices = (Notice(path, f"not valid UTF-8 (first bad byte on line {line}); read as cp1252"),)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    _refuse_controls(text, path)
    return DecodedText(text, notices)


def _refuse_binary(data: bytes, path: str) -> None:
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data[:nul].count(b"\n") + 1
        raise InputError(
            "this is a binary file, not a text document (it contains NUL bytes)",
            path=path,
            line=line,
            hint="give a UTF-8 text file",
        )


def _refuse_controls(text: str, path: str) -> None:
    controls = [i for i, ch in enumerate(text) if ch < " " and ch not in _TEXT_CONTROLS]
    if len(controls) > max(_FEW_CONTROLS, _MAX_CONTROL_SHARE * len(text)):
        line = text.count("\n", 0, controls[0]) + 1
        raise InputError(
            f"this is a binary file, not a text document ({len(controls)} control characters)",
            path=path,
            line=line,
            hint="give a UTF-8 text file",
        )
