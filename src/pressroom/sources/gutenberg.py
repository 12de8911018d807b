"""A Project Gutenberg plain text, as downloaded: the book between `*** START OF ...` and `*** END OF ...`.

The licence header and footer never reach the book; the header's `Title:`, `Author:`, `Language:` and eBook
number become the work's metadata, and where it came from is kept as provenance (the colophon's source and
rights). Pure: text in, a `Document` (the same as a cleaned document's) out.
"""

from __future__ import annotations

import re
from dataclasses import replace

import langcodes

from pressroom.errors import InputError
from pressroom.sources.document import Document
from pressroom.sources.gutenberg_matter import separate_matter

_START = re.compile(r"\*{3}\s*START OF (?:THE|THIS) PROJECT GUTENBERG E-?BOOK\b(?P<name>[^*]*)\*{3}", re.IGNORECASE)
_END = re.compile(r"\*{3}\s*END OF (?:THE|THIS) PROJECT GUTENBERG E-?BOOK\b", re.IGNORECASE)
_FIELD = re.compile(r"(?P<key>[A-Z][A-Za-z ]{1,30}):[ \t]*(?P<value>.*)")
_EBOOK_NUMBER = re.compile(r"\[E-?Book #(?P<number>\d+)\]", re.IGNORECASE)
# Older files close the text with this line before the END line: the licence's, not the book's.
_END_OF_BOOK = re.compile(r"End of (?:the )?Project Gutenberg", re.IGNORECASE)
# The volunteers' credit opens the text in older files: provenance, not the book.
_PRODUCED_BY = re.compile(r"Produced by\b", re.IGNORECASE)
_LOOK_FOR_START = 400
"""The START line comes after a header of a few dozen lines; a text quoting one further down is not a download."""


def is_gutenberg(text: str) -> bool:
    return any(_START.fullmatch(line.strip()) for line in text.split("\n", _LOOK_FOR_START)[:_LOOK_FOR_START])


def read_gutenberg(text: str, path: str) -> Document:
    """The book inside a Project Gutenberg file, with its header's metadata as a document's header fields."""
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if _START.fullmatch(line.strip()))
    end = next((i for i in range(start + 1, len(lines)) if _END.match(lines[i].strip())), len(lines))
    fields = _header_fields(lines[:start])
    number = _ebook_number(lines[:start], _START.fullmatch(lines[start].strip()))
    body_start = _skip_credits(lines, start + 1, end)
    end = _before_closing_line(lines, body_start, end)
    matter = separate_matter(lines[body_start:end])
    header: list[tuple[str, str]] = []
    if "Title" in fields or matter.title:
        header.append(("TITLE", fields.get("Title") or str(matter.title)))
    if "Author" in fields or matter.author:
        header.append(("AUTHOR", fields.get("Author") or str(matter.author)))
    language = _language_code(fields.get("Language", ""))
    if language:
        header.append(("LANGUAGE", language))
    if number:
        header += [("SOURCE_ID", f"pg_{number}"), ("SOURCE_URL", f"https://www.gutenberg.org/ebooks/{number}")]
    header.append(("LICENSE_NOTE", _licence(number)))
    if matter.transcriber_notes:
        header.append(("TRANSCRIBER_NOTE", "\n".join(matter.transcriber_notes)))
    # The conventions the transcriber's note declares are read from the whole text, the note included.
    body = _transcribers_conventions("\n".join(matter.lines), "\n".join(lines[body_start:end]))
    if not body.strip():
        raise InputError(
            "this Project Gutenberg file has nothing between its START and END lines",
            path=path,
            line=start + 1,
            hint="download the file again",
        )
    return Document(tuple(header), body, body_start + 1)


def without_gutenberg_matter(doc: Document) -> Document:
    """A cleaned document cut from a Gutenberg edition (its SOURCE_ID `pg_...`, or a gutenberg.org SOURCE_URL)
    still carries the edition's matter: the imprint and the transcriber's errata at the end of the last unit
    (the Memoirs' read "page four hundred and twenty-four, intellect, and preverted imagination"), uncaptioned
    illustrations. Taken out as from a download; the header's title stands, the notes go to the colophon."""
    source = f"{doc.field('SOURCE_ID') or ''} {doc.field('SOURCE_URL') or ''}"
    if not (source.startswith("pg_") or "gutenberg.org" in source):
        return doc
    matter = separate_matter(doc.body.split("\n"))
    header = doc.header
    if matter.transcriber_notes:
        header += (("TRANSCRIBER_NOTE", "\n".join(matter.transcriber_notes)),)
    return replace(doc, header=header, body="\n".join(matter.lines))


# What a transcriber's note declares (`Bold text is denoted by =equal signs=.`), read as it says.
_DECLARES_BOLD = re.compile(r"bold[^.\n]*denoted by =", re.IGNORECASE)
_DECLARES_SUPERSCRIPT = re.compile(r"superscripts? (?:is|are) denoted by \^", re.IGNORECASE)
_BOLD = re.compile(r"(?<![\w=])=(?P<text>[^=\s](?:[^=\n]*?[^=\s])?)=(?![\w=])")
_SUPERSCRIPT = re.compile(r"\^\{(?P<braced>[^}\n]*)\}|\^(?P<single>\w)")


def _transcribers_conventions(body: str, declared_in: str) -> str:
    """`=bold=` as the italic the typography sets (`_bold_`), `2^e` and `M^{me}` as `2e` and `Mme`: only where
    the transcriber's note (in `declared_in`) says so, since `=` and `^` mean other things in other texts."""
    if _DECLARES_BOLD.search(declared_in):
        body = _BOLD.sub(lambda m: f"_{m.group('text')}_", body)
    if _DECLARES_SUPERSCRIPT.search(declared_in):
        body = _SUPERSCRIPT.sub(
            lambda m: m.group("braced") if m.group("braced") is not None else m.group("single"), body
        )
    return body


def _header_fields(lines: list[str]) -> dict[str, str]:
    """`Title: Mutual Aid` with its indented continuation (`       A Factor of Evolution`) as `Mutual Aid: A
    Factor of Evolution`; the first value of each key wins."""
    fields: dict[str, str] = {}
    key = None
    for line in lines:
        match = _FIELD.fullmatch(line.strip()) if not line.startswith((" ", "\t")) else None
        if match:
            key = match.group("key").strip().capitalize()
            if key not in fields and match.group("value").strip():
                fields[key] = match.group("value").strip()
            else:
                key = None
        elif key and line.startswith((" ", "\t")) and line.strip():
            fields[key] = f"{fields[key]}: {line.strip()}"
        else:
            key = None
    return fields


def _ebook_number(header: list[str], start: re.Match[str] | None) -> str | None:
    for line in header:
        found = _EBOOK_NUMBER.search(line)
        if found:
            return found.group("number")
    named = start.group("name").strip() if start else ""
    return named if named.isdigit() else None  # `*** START OF THE PROJECT GUTENBERG EBOOK 64353 ***`


def _language_code(name: str) -> str | None:
    if not name:
        return None
    try:
        return str(langcodes.find(name.split(",")[0].strip()).language)
    except LookupError:
        return None


def _licence(number: str | None) -> str:
    source = f"Project Gutenberg eBook #{number}" if number else "a Project Gutenberg eBook"
    return f"Public domain in the USA; this edition is made from {source}."


def _before_closing_line(lines: list[str], first: int, end: int) -> int:
    """Where the book ends: before the `End of Project Gutenberg's ...` line that older files put there."""
    last = end - 1
    while last > first and not lines[last].strip():
        last -= 1
    return last if _END_OF_BOOK.match(lines[last].strip()) else end


def _skip_credits(lines: list[str], first: int, end: int) -> int:
    """The first line of the book: after the blank lines and the `Produced by` paragraph that open the text."""
    index = first
    while index < end and not lines[index].strip():
        index += 1
    if index < end and _PRODUCED_BY.match(lines[index].strip()):
        while index < end and lines[index].strip():
            index += 1
    return index
