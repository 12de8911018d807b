"""Applying kept changes: the entries written to the lexicon file (atomically, and never over an edit made since
the page read it), then each work that uses a changed word narrated again, which makes only the clips whose
speech text changed (every other clip comes from the cache, and every file whose clips did not change comes out
the same bytes), and the paragraphs that were heard wrong heard again where they now say a changed word."""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pressroom.audio.manifest import NarrationRecord, read_narration
from pressroom.audio.master import PRESETS
from pressroom.audio.narrate import MadeAudio, publish_audio
from pressroom.audio.narrator import Narrator
from pressroom.audio.settings import NarrationSettings
from pressroom.book.narrated import publish_book, recorded_book_settings
from pressroom.errors import UsageError
from pressroom.hear.listener import Listener, aligner, decode_for_listening, normaliser
from pressroom.hear.scoring import plain_words, score
from pressroom.layout import WorkFolder
from pressroom.model import Work
from pressroom.outputs import atomic_write_bytes
from pressroom.proof.desk import Kept, forget_shared_listening, listened
from pressroom.tts.hibari_engine import spelling_reader
from pressroom.tts.voices import load_lexicon_file, work_lexicon_path

_WRITING = threading.Lock()

Told = Callable[[str], None]


class ConflictError(UsageError):
    """Another request got there first: the lexicon changed since the page read it, or an apply is running."""


@dataclass(frozen=True)
class WorkRemade:
    slug: str
    remade: int
    """Clips made again (those whose speech text holds a changed word)."""
    clips: int
    heard_again: int
    """Paragraphs heard wrong before that say a changed word, heard again."""
    still_wrong: int
    seconds: float


@dataclass(frozen=True)
class Applied:
    lexicon: Path
    words: tuple[str, ...]
    works: tuple[WorkRemade, ...]


def digest(path: Path) -> str:
    """What the lexicon file holds now, as the page saw it (so a stale edit is refused)."""
    return hashlib.sha256(path.read_bytes() if path.is_file() else b"").hexdigest()


def write_entries(path: Path, kept: Sequence[Kept], seen: str | None) -> None:
    """The kept entries into the lexicon file's `[words]`, each replacing the word's line or added to the table;
    refused when the file changed since `seen` (another tab applied first)."""
    with _WRITING:
        if seen is not None and digest(path) != seen:
            raise ConflictError(
                f"{path} changed since this page read it (another tab or an editor saved it)",
                hint="reload the page, then apply again",
            )
        text = path.read_text(encoding="utf-8") if path.is_file() else ""
        for change in kept:
            text = _with_entry(text, change)
        staged = path.with_name(f".{path.name}.checking")
        staged.write_text(text, encoding="utf-8")
        try:
            load_lexicon_file(staged)  # what is written reads back as a lexicon, or nothing is written
        finally:
            staged.unlink(missing_ok=True)
        atomic_write_bytes(path, text.encode("utf-8"))


def _with_entry(text: str, change: Kept) -> str:
    value = (
        f"{{ phonemes = {json.dumps(change.phonemes, ensure_ascii=False)} }}"
        if change.phonemes
        else json.dumps(change.respelling, ensure_ascii=False)
    )
    key = change.word if re.fullmatch(r"[A-Za-z0-9_-]+", change.word) else json.dumps(change.word, ensure_ascii=False)
    line = f"{key} = {value}"
    existing = re.compile(rf"^{re.escape(key)}\s*=.*$", re.MULTILINE)
    if existing.search(text):
        return existing.sub(lambda _: line, text, count=1)
    header_line = re.compile(r"^\[words\][ \t]*$", re.MULTILINE)
    if not header_line.search(text):
        text = (text.rstrip("\n") + "\n\n" if text.strip() else "") + "[words]\n"
    header = header_line.search(text)
    assert header is not None
    text = text[: header.end()] + "\n" + line + text[header.end() :]
    return text if text.endswith("\n") else text + "\n"


def uses(work: Work, words: Sequence[str]) -> bool:
    pattern = re.compile(r"(?<![\w])(" + "|".join(re.escape(w) for w in words) + r")(?![\w])", re.IGNORECASE)
    return any(pattern.search(block.text) for block in work.all_blocks())


def remake(
    work: Work, outdir: Path, narrator: Narrator, settings: NarrationSettings, words: Sequence[str], told: Told
) -> WorkRemade:
    """The work narrated again with the new lexicon (its read-along book too, if it has one), and the paragraphs
    heard wrong before heard again where they say a changed word; `check.json` keeps what is still wrong."""
    started = time.perf_counter()
    own = work_lexicon_path(work.units)
    if own is not None:
        settings = replace(settings, lexicon={**settings.lexicon, **load_lexicon_file(own, narrator.voice.engine)})
    folder = WorkFolder(outdir / work.meta.slug)
    before = _listening(outdir, work.meta.slug)
    recorded = read_narration(folder.path)
    if recorded is not None:
        # Made again as it was made: its preset, its reading of notes and tables, its narrator's name.
        preset = PRESETS.get(recorded.preset, settings.preset)
        settings = replace(settings, preset=preset, reading=recorded.reading, narrator_name=recorded.narrator_name)
    told(f"narrating {work.meta.title} again")
    made: MadeAudio
    if folder.narrated_epub.is_file():
        made = publish_book(work, outdir, narrator, recorded_book_settings(folder, settings)).audio
    else:
        made = publish_audio(work, outdir, narrator, settings)
    heard_again = still = 0
    if before is not None:
        told(f"hearing {work.meta.title}'s paragraphs again")
        before, heard_again, still = _heard_again(folder, before, recorded, words)
        report = json.loads(folder.report.read_text(encoding="utf-8")) if folder.report.is_file() else {}
        report["listen"] = before
        atomic_write_bytes(folder.report, (json.dumps(report, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
        forget_shared_listening(outdir, work.meta.slug)
    seconds = time.perf_counter() - started
    return WorkRemade(work.meta.slug, made.synthesized, made.synthesized + made.cached, heard_again, still, seconds)


def _listening(outdir: Path, slug: str) -> dict[str, Any] | None:
    """The work's listening as a work folder's check.json holds it (from the output folder's, where it was
    heard there), or None when it was not heard."""
    heard = listened(outdir, slug)
    if not heard:
        return None
    return {"files": [{"path": name, "failed": failed} for name, failed in heard.items()]}


def _heard_again(
    folder: WorkFolder, listen: dict[str, Any], old: NarrationRecord | None, words: Sequence[str]
) -> tuple[dict[str, Any], int, int]:
    """The listening with each failed paragraph placed where the new narration has it (the same utterance of the
    same file: a lexicon changes what is said, not what is read); those that say a changed word are heard again
    and kept only if still wrong."""
    narration = read_narration(folder.path)
    assert narration is not None
    changed = re.compile(r"(?<![\w])(" + "|".join(re.escape(w) for w in words) + r")(?![\w])", re.IGNORECASE)
    normalise, align = normaliser(), aligner()
    listener = Listener(language=narration.language)
    reader = spelling_reader() if narration.language.split("-")[0] == "en" else None
    before = {record.name: record for record in old.files} if old is not None else {}
    heard_again = still = 0
    files = []
    for record in narration.files:
        entry_of = next((f for f in listen.get("files", []) if Path(str(f.get("path", ""))).name == record.name), None)
        if entry_of is None:
            continue
        starts = {s.start_ms: n for n, s in enumerate(before[record.name].utterances)} if record.name in before else {}
        failed = []
        audio = None
        for entry in entry_of.get("failed", []):
            index = starts.get(int(entry["start_ms"]))
            if index is None or index >= len(record.utterances):
                continue  # not a paragraph of this narration any more
            spoken = record.utterances[index]
            end = spoken.start_ms + spoken.length_ms
            if not changed.search(plain_words(str(entry["meant"]))):
                failed.append({**entry, "start_ms": spoken.start_ms, "end_ms": end})
                continue
            audio = decode_for_listening(folder.path / record.name) if audio is None else audio
            said = listener.hear_span(audio, spoken.start_ms, end)
            heard = score(spoken.text, said, (record.name, spoken.start_ms, end), normalise, align, reader)
            heard_again += 1
            if heard.failed:
                still += 1
                failed.append({**entry, "start_ms": spoken.start_ms, "end_ms": end, "meant": heard.meant,
                               "heard": heard.heard, "word_error_rate": round(heard.word_error_rate, 4),
                               "longest_missing": heard.longest_missing})  # fmt: skip
        files.append({**entry_of, "failed": failed})
    return {**listen, "files": files, "failed": sum(len(f["failed"]) for f in files)}, heard_again, still
