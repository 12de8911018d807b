"""What the proof desk shows, as values: the paragraphs the listener heard wrong, the names and foreign words the
voice does not know, and the changes a curator kept and has not applied yet. Read from the output folder (each
work's `check.json` and `narration.json`) and the works themselves."""

from __future__ import annotations

import difflib
import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from pressroom.audio.manifest import read_narration
from pressroom.errors import InputError
from pressroom.hear.scoring import plain_words
from pressroom.layout import REPORT_NAME, WorkFolder
from pressroom.model import Work
from pressroom.outputs import atomic_write_bytes
from pressroom.text.vocabulary import bare_word, candidate_words
from pressroom.tts.engine import Dictionary, knows_word

KEPT_NAME = "proof.json"
"""The changes kept and not yet applied, beside the works in the output folder (so a restart keeps them)."""


@dataclass(frozen=True)
class Flagged:
    """A paragraph the listener heard wrong, where its file plays it."""

    work: str
    """The work's folder name (its slug)."""
    file: str
    start_ms: int
    end_ms: int
    meant: str
    heard: str
    word_error_rate: float

    def marked(self) -> list[tuple[str, str]]:
        """The words meant and heard as (kind, words): `same`, `meant` (not heard so) or `heard` (said instead)."""
        meant, heard = self.meant.split(), self.heard.split()
        out: list[tuple[str, str]] = []
        written, said = [bare_word(w) for w in meant], [bare_word(w) for w in heard]
        matcher = difflib.SequenceMatcher(None, written, said, autojunk=False)
        for kind, a1, a2, b1, b2 in matcher.get_opcodes():
            if kind == "equal":
                out.append(("same", " ".join(meant[a1:a2])))
                continue
            if a2 > a1:
                out.append(("meant", " ".join(meant[a1:a2])))
            if b2 > b1:
                out.append(("heard", " ".join(heard[b1:b2])))
        return out


@dataclass(frozen=True)
class Candidate:
    """A name or foreign word the voice does not know: how often the works use it, where, and how it is said."""

    word: str
    count: int
    works: tuple[str, ...]
    entry: str | None
    """The lexicon's entry for it now (a respelling, or `[word](/phonemes/)`), or None."""
    guessed: str
    """What the voice makes of the spelling, in its alphabet."""


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


def flagged(outdir: Path, slugs: Sequence[str]) -> list[Flagged]:
    """Every paragraph heard wrong (`publish check --listen`, of a work folder or of the whole output folder),
    worst first."""
    found = [
        Flagged(
            slug,
            name,
            int(entry["start_ms"]),
            int(entry["end_ms"]),
            plain_words(str(entry["meant"])),
            str(entry["heard"]),
            float(entry["word_error_rate"]),
        )
        for slug in slugs
        for name, entries in listened(outdir, slug).items()
        for entry in entries
    ]
    return sorted(found, key=lambda item: (-item.word_error_rate, item.work, item.file, item.start_ms))


def listened(outdir: Path, slug: str) -> dict[str, list[dict[str, Any]]]:
    """A work's paragraphs heard wrong, by file name: from its own check.json, else from the output folder's
    (where `publish check OUTDIR --listen` writes); empty when it has not been heard."""
    for report, prefix in ((WorkFolder(outdir / slug).report, ""), (outdir / REPORT_NAME, f"{slug}/")):
        listen = _json(report).get("listen") if report.is_file() else None
        if not listen:
            continue
        files = [f for f in listen.get("files", []) if str(f.get("path", "")).startswith(prefix)]
        if files or not prefix:
            return {Path(str(f["path"])).name: list(f.get("failed", [])) for f in files}
    return {}


def heard_works(outdir: Path, slugs: Sequence[str]) -> list[str]:
    """The works whose narration has been heard."""
    return [slug for slug in slugs if _heard(outdir, slug)]


def _heard(outdir: Path, slug: str) -> bool:
    own = WorkFolder(outdir / slug).report
    if own.is_file() and _json(own).get("listen"):
        return True
    shared = outdir / REPORT_NAME
    listen = _json(shared).get("listen") if shared.is_file() else None
    if not isinstance(listen, dict):
        return False
    return any(str(f.get("path", "")).startswith(f"{slug}/") for f in listen.get("files", []))


def forget_shared_listening(outdir: Path, slug: str) -> None:
    """The output folder's listening less a work's files (heard again into the work's own check.json)."""
    shared = outdir / REPORT_NAME
    if not shared.is_file():
        return
    report = _json(shared)
    listen = report.get("listen")
    if not listen:
        return
    files = [f for f in listen.get("files", []) if not str(f.get("path", "")).startswith(f"{slug}/")]
    report["listen"] = {**listen, "files": files, "failed": sum(len(f.get("failed", [])) for f in files)}
    atomic_write_bytes(shared, (json.dumps(report, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))


def candidates(works: Sequence[Work], lexicon: Mapping[str, str], dictionary: Dictionary, top: int) -> list[Candidate]:
    """The names and foreign words the voice's dictionary lacks (or the lexicon gives), most used first."""
    by_word: dict[str, tuple[int, list[str]]] = {}
    for work in works:
        for word, count in candidate_words(block.text for block in work.all_blocks()).items():
            total, where = by_word.get(word, (0, []))
            by_word[word] = (total + count, [*where, work.meta.slug])
    entries = {word.lower(): spoken for word, spoken in lexicon.items()}
    chosen = [
        (word, count, where)
        for word, (count, where) in by_word.items()
        if word.lower() in entries or not knows_word(dictionary, word)
    ]
    chosen.sort(key=lambda item: (-item[1], item[0]))
    return [
        Candidate(word, count, tuple(where), entries.get(word.lower()), dictionary.guess(word))
        for word, count, where in chosen[:top]
    ]


def read_kept(outdir: Path) -> list[Kept]:
    path = outdir / KEPT_NAME
    if not path.is_file():
        return []
    try:
        return [Kept(**entry) for entry in _json(path).get("kept", [])]
    except TypeError as error:
        raise InputError(f"not a list of kept changes: {error}", path=str(path), hint="remove it") from None


def write_kept(outdir: Path, kept: Sequence[Kept]) -> None:
    document = {"kept": [asdict(entry) for entry in kept]}
    atomic_write_bytes(outdir / KEPT_NAME, (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode())


def narrated_slugs(outdir: Path, works: Sequence[Work]) -> list[str]:
    """The works given that have a narration in the output folder."""
    return [work.meta.slug for work in works if read_narration(outdir / work.meta.slug) is not None]


def desk_voice(outdir: Path, slugs: Sequence[str], chosen: str | None) -> str | None:
    """The voice the desk speaks and remakes with: the one the works were narrated by when none is chosen; a
    chosen voice that is not theirs is refused (applying would narrate a work again in another voice)."""
    recorded = {slug: narration.voice for slug in slugs if (narration := read_narration(outdir / slug))}
    voices = {voice for voice in recorded.values() if voice}
    if chosen is None:
        if len(voices) > 1:
            named = ", ".join(f"{slug}: {voice}" for slug, voice in recorded.items() if voice)
            raise InputError(f"these works were narrated by different voices ({named})",
                             hint="proof the works of one voice at a time, giving it with --voice")  # fmt: skip
        return next(iter(voices), None)
    for slug, voice in recorded.items():
        if voice and voice != chosen:
            raise InputError(f"{outdir / slug} was narrated by {voice}, not {chosen}: applying a change would "
                             "narrate it again in another voice", hint=f"publish proof --voice {voice}")  # fmt: skip
    return chosen


def _json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise InputError(f"cannot read: {error}", path=str(path)) from None
    if not isinstance(data, dict):
        raise InputError("not a JSON object", path=str(path))
    return data
