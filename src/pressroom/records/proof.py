"""`proof.json`: the changes a curator kept at the desk and has not applied yet, the paragraphs the curator
heard and called right though the listener flagged them, and the words whose reading learnt while narrating the
curator turned down, beside the works in the output folder (so a restart keeps them all)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pressroom.records.store import key, listed, mapping, schema, typed

FORMAT = 1
WHAT = "list of kept changes"
HINT = "remove it: it holds only what the desk kept and did not apply, and the flags called right"


@dataclass(frozen=True)
class Kept:
    """A change a curator heard and kept: the word and what the voice is to be given for it."""

    word: str
    respelling: str = ""
    phonemes: str = ""

    def spoken(self, takes_phonemes: bool) -> str:
        """What the engine is given for the word (as a lexicon entry reads)."""
        if self.phonemes and takes_phonemes:
            return f"[{self.word}](/{self.phonemes}/)"
        return self.respelling or self.word


@dataclass(frozen=True)
class Dismissed:
    """A flagged paragraph the curator heard and called right: the listener's flag is not shown again while the
    paragraph says the same words in the same file."""

    work: str
    file: str
    meant: str


@dataclass(frozen=True)
class DeskRecord:
    kept: tuple[Kept, ...] = ()
    dismissed: tuple[Dismissed, ...] = ()
    declined: tuple[str, ...] = ()
    """Words whose reading learnt while narrating the curator turned down: not proposed again."""


def to_document(record: DeskRecord) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "kept": [{"word": k.word, "respelling": k.respelling, "phonemes": k.phonemes} for k in record.kept],
        "dismissed": [{"work": d.work, "file": d.file, "meant": d.meant} for d in record.dismissed],
        "declined": list(record.declined),
    }


def from_document(document: dict[str, Any]) -> DeskRecord:
    schema(document, FORMAT)
    kept = tuple(_kept(entry) for entry in listed(document.get("kept", []), "kept"))
    dismissed = tuple(_dismissed(entry) for entry in listed(document.get("dismissed", []), "dismissed"))
    declined = tuple(typed(word, str, "a declined word") for word in listed(document.get("declined", []), "declined"))
    return DeskRecord(kept, dismissed, declined)


def _dismissed(data: object) -> Dismissed:
    entry = mapping(data, "a flag called right")
    return Dismissed(
        work=typed(key(entry, "work"), str, "work"),
        file=typed(key(entry, "file"), str, "file"),
        meant=typed(key(entry, "meant"), str, "meant"),
    )


def _kept(data: object) -> Kept:
    entry = mapping(data, "a kept change")
    return Kept(
        word=typed(key(entry, "word"), str, "word"),
        respelling=typed(entry.get("respelling", ""), str, "respelling"),
        phonemes=typed(entry.get("phonemes", ""), str, "phonemes"),
    )
