"""What the proof desk shows, as values: the paragraphs the listener heard wrong, the names and foreign words the
voice does not know, and the changes a curator kept and has not applied yet. Read from the output folder (each
work's `check.json` and `narration.json`) and the works themselves."""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from pressroom.errors import InputError
from pressroom.hear.scoring import given_phonemes, plain_words
from pressroom.layout import WorkFolder, load_desk, load_kept, save_declined, save_dismissed, save_kept
from pressroom.model import Work
from pressroom.records.check import FailedParagraph
from pressroom.records.proof import Dismissed, Kept
from pressroom.text.vocabulary import bare_word, candidate_words
from pressroom.tts.engine import Dictionary, knows_word


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

    @property
    def dismissal(self) -> Dismissed:
        """What the desk remembers when the curator calls this flag right."""
        return Dismissed(self.work, self.file, self.meant)

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
class Learnt:
    """A reading `--verify` learnt for a name it heard wrong, proposed to the curator."""

    word: str
    phonemes: str
    how: str
    heard_before: str
    heard_after: str
    works: tuple[str, ...]


def learnt(outdir: Path, slugs: Sequence[str], lexicon: Mapping[str, str], kept: Sequence[Kept]) -> list[Learnt]:
    """The readings learnt while narrating the works (`narration.json`), in the order they were first read, but
    those for a word the lexicon or a kept change already gives and those the curator turned down."""
    settled = {word.lower() for word in lexicon} | {change.word.lower() for change in kept}
    settled |= {word.lower() for word in load_desk(outdir).declined}
    found: dict[str, Learnt] = {}
    for slug in slugs:
        narration = WorkFolder.of(outdir, slug).load_narration()
        for name in narration.lexicon.names if narration is not None else ():
            given = given_phonemes(name.proposed)
            if not given or name.word.lower() in settled:
                continue
            before = found.get(name.word)
            works = (*before.works, slug) if before is not None else (slug,)
            found[name.word] = Learnt(name.word, given[0][1], name.how, name.heard_before, name.heard_after, works)
    return list(found.values())


def decline(outdir: Path, word: str, declined: bool) -> tuple[str, ...]:
    """Turn down the reading learnt for `word` (it is not proposed again), or take that back."""
    others = tuple(entry for entry in load_desk(outdir).declined if entry.lower() != word.lower())
    now = (*others, word) if declined else others
    save_declined(outdir, now)
    return now


def flagged(outdir: Path, slugs: Sequence[str]) -> list[Flagged]:
    """Every paragraph heard wrong (`publish check --listen`, of a work folder or of the whole output folder),
    not made again since and not called right by the curator, worst first."""
    right = set(load_desk(outdir).dismissed)
    found = [
        Flagged(slug, name, entry.start_ms, entry.end_ms, plain_words(entry.meant), entry.heard, entry.word_error_rate)
        for slug in slugs
        for name, entries in listened(outdir, slug).items()
        for entry in entries
    ]
    found = [item for item in found if item.dismissal not in right]
    return sorted(found, key=lambda item: (-item.word_error_rate, item.work, item.file, item.start_ms))


def called_right(outdir: Path) -> tuple[Dismissed, ...]:
    return load_desk(outdir).dismissed


def write_called_right(outdir: Path, dismissed: Sequence[Dismissed]) -> None:
    save_dismissed(outdir, tuple(dismissed))


def listened(outdir: Path, slug: str) -> dict[str, tuple[FailedParagraph, ...]]:
    """A work's paragraphs heard wrong, by file name (`WorkFolder.listening`); empty when it has not been heard."""
    listen = WorkFolder.of(outdir, slug).listening()
    return {} if listen is None else {Path(file.path).name: file.failed for file in listen.files}


def heard_works(outdir: Path, slugs: Sequence[str]) -> list[str]:
    """The works whose narration has been heard."""
    return [slug for slug in slugs if WorkFolder.of(outdir, slug).listening() is not None]


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
    return list(load_kept(outdir))


def write_kept(outdir: Path, kept: Sequence[Kept]) -> None:
    save_kept(outdir, tuple(kept))


def narrated_slugs(outdir: Path, works: Sequence[Work]) -> list[str]:
    """The works given that have a narration in the output folder."""
    return [work.meta.slug for work in works if WorkFolder.of(outdir, work.meta.slug).load_narration() is not None]


def desk_lexicon(outdir: Path, slugs: Sequence[str]) -> Path | None:
    """The curator's lexicon the works were narrated with (`narration.json` records it), where they agree on one;
    None where none was chosen (the desk then writes to a lexicon of the output folder's own, never to the voices
    folder's, which may be a checkout's)."""
    chosen = {
        path
        for slug in slugs
        if (narration := WorkFolder.of(outdir, slug).load_narration()) is not None
        for path in narration.lexicon.chosen
    }
    return Path(next(iter(chosen))) if len(chosen) == 1 else None


def desk_voice(outdir: Path, slugs: Sequence[str], chosen: str | None) -> str | None:
    """The voice the desk speaks and remakes with: the one the works were narrated by when none is chosen; a
    chosen voice that is not theirs is refused (applying would narrate a work again in another voice)."""
    recorded = {slug: narration.voice for slug in slugs if (narration := WorkFolder.of(outdir, slug).load_narration())}
    voices = {voice for voice in recorded.values() if voice}
    if chosen is None:
        if len(voices) > 1:
            named = ", ".join(f"{slug}: {voice}" for slug, voice in recorded.items() if voice)
            raise InputError(f"these works were narrated by different voices ({named})",
                             hint="proof the works of one voice at a time, giving it with --voice")  # fmt: skip
        return next(iter(voices), None)
    for slug, voice in recorded.items():
        if voice and voice != chosen:
            where = WorkFolder.of(outdir, slug).path
            raise InputError(f"{where} was narrated by {voice}, not {chosen}: applying a change would "
                             "narrate it again in another voice", hint=f"publish proof --voice {voice}")  # fmt: skip
    return chosen
