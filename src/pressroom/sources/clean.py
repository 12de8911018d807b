"""Header fields cleaned as the body is: characters no book or tag can carry (control characters, lone
surrogates, non-characters) are removed from every metadata field, with a notice saying which."""

from __future__ import annotations

import re
from dataclasses import fields, replace

import langcodes

from pressroom.errors import Notice
from pressroom.model import WorkMeta

_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")


def is_language_tag(tag: str) -> bool:
    """A valid BCP 47 tag (`en`, `fr`, `en-GB`), as the EPUB's `dc:language` and `xml:lang` need."""
    return bool(langcodes.tag_is_valid(tag))


def clean_field(value: str) -> str:
    """The value with every unsafe character turned into a space, and the spaces that leaves folded."""
    if not _UNSAFE.search(value):
        return value
    return " ".join(_UNSAFE.sub(" ", value).split())


def clean_meta(meta: WorkMeta, where: str) -> tuple[WorkMeta, tuple[Notice, ...]]:
    """`meta` with every text field cleaned; a notice (naming `where`, the work's file) for each field changed."""
    changed: dict[str, str] = {}
    for field in fields(meta):
        value = getattr(meta, field.name)
        if isinstance(value, str) and clean_field(value) != value:
            changed[field.name] = clean_field(value)
    notices = tuple(
        Notice(where, f"{name} had characters a book cannot carry (control characters); they were removed")
        for name in changed
    )
    return (replace(meta, **changed) if changed else meta), notices  # type: ignore[arg-type]
