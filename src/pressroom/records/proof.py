"""`proof.json`: the changes a curator kept at the desk and has not applied yet, beside the works in the output
folder (so a restart keeps them)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pressroom.records.store import key, listed, mapping, schema, typed

FORMAT = 1
WHAT = "list of kept changes"
HINT = "remove it: it holds only what the desk kept and did not apply"


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


def to_document(kept: tuple[Kept, ...]) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "kept": [{"word": k.word, "respelling": k.respelling, "phonemes": k.phonemes} for k in kept],
    }


def from_document(document: dict[str, Any]) -> tuple[Kept, ...]:
    schema(document, FORMAT)
    return tuple(_kept(entry) for entry in listed(document.get("kept", []), "kept"))


def _kept(data: object) -> Kept:
    entry = mapping(data, "a kept change")
    return Kept(
        word=typed(key(entry, "word"), str, "word"),
        respelling=typed(entry.get("respelling", ""), str, "respelling"),
        phonemes=typed(entry.get("phonemes", ""), str, "phonemes"),
    )
